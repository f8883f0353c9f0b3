import Foundation
import MMC
import SCSI

/// The writer: takes blocks from the FIFO (filled by a reader thread) and sends them to the drive at consecutive
/// addresses, pacing on READ BUFFER CAPACITY so it waits instead of hammering a full drive.
final class BurnEngine: @unchecked Sendable {
    let plan: BurnPlan
    let options: BurnOptions
    let session: DriveSession
    let source: BlockSource
    let strategy: WriteStrategy
    let emit: @Sendable (BurnEvent) -> Void
    /// Set by a multi-drive burn: this drive's FIFO, filled by the one shared image reader.
    var sharedFIFO: FIFO?
    private let lock = NSLock()
    private var cancelRequested = false
    private var fifo: FIFO?
    /// Where the image's first block goes: the plan's start, confirmed by the NWA read before the first WRITE.
    private var startLBA: Int64

    init(plan: BurnPlan, options: BurnOptions, session: DriveSession, source: BlockSource,
         emit: @escaping @Sendable (BurnEvent) -> Void) {
        self.plan = plan
        self.options = options
        self.session = session
        self.source = source
        self.strategy = StrategyFactory.make(plan)
        self.emit = emit
        startLBA = Int64(plan.startLBA)
    }

    /// DVD is written in whole 16-block packets, BD in whole 32-block (64 KiB) clusters, the last one padded
    /// (libburn write.c obs/obs_pad; restricted-overwrite DVD-RW refuses anything else with 5/21/02).
    var blocksPerWrite: Int {
        let requested = max(1, options.blocksPerWrite)
        switch plan.profile.family {
        case .cd: return requested
        case .bd: return (requested + 31) / 32 * 32
        default: return (requested + 15) / 16 * 16
        }
    }

    var isCancelled: Bool { lock.withLock { cancelRequested } }

    func cancel() {
        lock.withLock { cancelRequested = true }
        fifo?.cancel()
    }

    /// Runs the whole burn on the calling thread and returns the result (also emitted as the last event).
    func run() -> BurnResult {
        var telemetry = Telemetry(totalBytes: plan.writeBytes, profile: plan.profile)
        let report: (BurnStatus.Phase, Double?) -> Void = { [emit] phase, progress in
            emit(.status(telemetry.status(phase, progress: progress)))
        }
        let release = TrayLock.holdForBurn(session)
        defer { release() }
        var written: UInt64 = 0
        var stage = "preparing the drive"
        do {
            if plan.closeOpenSessionFirst {
                // An earlier burn left the last session open: close it first, as libburn does on BD-R.
                try SessionCloser.close(profile: plan.profile, finalize: false, session: session)
            }
            try strategy.prepare(session, report: report)
            try confirmNextWritableAddress()
            stage = "writing"
            written = try writeAll(&telemetry)
            stage = "closing"
            try strategy.finish(session, report: report)
        } catch {
            return failed(error, stage: stage, written: written, telemetry: telemetry)
        }
        let verify = runVerify(&telemetry)
        let verifyInterrupted = verify.outcome == .interrupted
        return finish(BurnResult(
            succeeded: verify.outcome == .match || verify.outcome == .skipped,
            error: verifyInterrupted
                ? "interrupted by the user while verifying; the burn itself completed (\(finalState())), but only "
                    + "\(verify.blocksCompared) of \(plan.imageBlocks) blocks were compared: run discburn verify to check the disc"
                : verifyError(verify),
            plan: plan, bytesWritten: written * 2048, elapsedSeconds: telemetry.elapsedSeconds,
            averageKilobytesPerSecond: telemetry.averageKilobytesPerSecond, underruns: telemetry.underruns,
            minimumFifoPercent: telemetry.minimumFifoPercent,
            minimumDriveBufferPercent: telemetry.minimumDriveBufferPercent, verify: verify,
            mediumState: finalState(), interrupted: verifyInterrupted, recoveredConditions: session.recoveredConditions,
            writeSeconds: telemetry.writeSeconds), telemetry)
    }

    /// The NWA, read after page 05h and right before the first WRITE (LG GSA-4082B; libburn), sanitised. A drive
    /// that now reports another address than the plan was made for is refused: the image may be mastered for it.
    private func confirmNextWritableAddress() throws {
        guard strategy.writesAtNextWritableAddress else { return }
        let nwa = try NextWritableAddress.read(profile: plan.profile, blank: plan.startLBA == 0, session: session)
        if plan.closeOpenSessionFirst, nwa > plan.startLBA, plan.imageBoundToStartLBA {
            // The image's file system is mastered for the planned address (mkisofs -C); it would not mount here.
            throw BurnError.invalidNextWritableAddress(device: session.deviceName, reason: "closing the open session "
                + "moved it from \(plan.startLBA), which the image is mastered for, to \(nwa): master the image again "
                + "for `discburn msinfo`'s numbers")
        }
        if plan.closeOpenSessionFirst, nwa >= plan.startLBA {
            // Closing the open session moved the NWA past the new session's lead-in: write there if it fits.
            guard nwa + plan.writeBlocks <= plan.startLBA + plan.freeBlocks else {
                throw BurnError.doesNotFit(imageBlocks: plan.writeBlocks, freeBlocks: plan.startLBA + plan.freeBlocks - nwa)
            }
            startLBA = Int64(nwa)
            return
        }
        guard nwa == plan.startLBA else {
            throw BurnError.invalidNextWritableAddress(device: session.deviceName,
                reason: "it is now \(nwa), the plan was made for \(plan.startLBA); probe the disc again")
        }
        startLBA = Int64(nwa)
    }

    private func finish(_ result: BurnResult, _ telemetry: Telemetry) -> BurnResult {
        emit(.status(telemetry.status(.done)))
        emit(.result(result))
        return result
    }

    private func finalState() -> String {
        if plan.dummy { return "simulation only: the disc is still blank" }
        switch plan.closing {
        case .appendable: return "session closed, the disc stays appendable"
        case .finalize: return "disc closed (finalized)"
        case .none: return "written; the disc can be overwritten again"
        }
    }

    // MARK: writing

    /// Leading writes (CD SAO pre-gap), then the image and its padding. Returns image+padding blocks written.
    private func writeAll(_ telemetry: inout Telemetry) throws -> UInt64 {
        for lead in strategy.leadingWrites() {
            var lba = lead.lba
            var left = lead.blocks
            while left > 0 {
                let n = min(left, blocksPerWrite)
                try session.write(strategy.writeRequest(lba: lba, data: [UInt8](repeating: 0, count: n * 2048)))
                lba += Int64(n)
                left -= n
            }
        }
        let chunks = sharedFIFO.map {
            ChunkSource(sharedFIFO: $0, totalBlocks: plan.writeBlocks, imageBlocks: plan.imageBlocks,
                        blocksPerChunk: blocksPerWrite)
        } ?? ChunkSource(source: source, totalBlocks: plan.writeBlocks, imageBlocks: plan.imageBlocks,
                         blocksPerChunk: blocksPerWrite,
                         fifoBytes: FIFOSizing.bytes(requestedBytes: options.fifoSizeBytes,
                                                     speedKilobytesPerSecond: plan.speedKilobytesPerSecond))
        lock.withLock { fifo = chunks.fifo }
        chunks.start()
        defer { chunks.stop() }
        var pacer = BufferPacer(session: session, speedKilobytesPerSecond: plan.speedKilobytesPerSecond)
        telemetry.startWriting()
        defer { telemetry.endWriting() }
        emit(.status(telemetry.status(.writing)))
        var lba = startLBA
        var blocks: UInt64 = 0
        var fifoEmptyWaits = 0
        while var chunk = try chunks.next() {
            if isCancelled { throw BurnError.cancelled(state: "") }
            if let waits = chunks.fifo?.statistics.emptyWaits, waits != fifoEmptyWaits {
                fifoEmptyWaits = waits
                pacer.knownRoom = 0  // the writer waited for data: the drive may have run dry, ask it (issue 15)
            }
            try pacer.waitForRoom(bytes: chunk.count, telemetry: &telemetry)
            try session.write(strategy.writeRequest(lba: lba, data: chunk))
            lba += Int64(chunk.count / 2048)
            blocks += UInt64(chunk.count / 2048)
            telemetry.wrote(chunk.count)
            if let stats = chunks.fifo?.statistics { telemetry.fifo(fraction: stats.fillFraction, minimum: stats.minimumFillFraction) }
            if telemetry.due() { emit(.status(telemetry.status(.writing))) }
            chunks.recycle(&chunk)
        }
        telemetry.underruns += pacer.underruns
        return blocks
    }

    // MARK: verification

    private func runVerify(_ telemetry: inout Telemetry) -> VerifyResult {
        guard options.verify else { return .skipped("--no-verify") }
        guard !plan.dummy else { return .skipped("simulation (--dummy) writes nothing to compare") }
        let verifier = Verifier(session: session, source: source)
        let total = min(plan.imageBlocks, source.blocks)  // a stream written until it ended holds fewer
        let snapshot = telemetry
        let clock = ContinuousClock()
        let start = clock.now
        var compared: UInt64 = 0
        do {
            return try verifier.verify(startLBA: UInt64(startLBA), blocks: total, cancelled: { isCancelled }) { [emit] done in
                compared = done
                guard done % 1024 == 0 || done == total else { return }
                var status = snapshot.status(.verifying, progress: Double(done) / Double(max(total, 1)))
                let seconds = (clock.now - start).seconds
                if seconds > 0 {
                    let speed = Double(done) * 2048 / seconds / 1000
                    status.operationKilobytesPerSecond = speed
                    status.operationEtaSeconds = speed > 0 ? Double(total - done) * 2048 / (speed * 1000) : nil
                }
                emit(.status(status))
            }
        } catch BurnError.cancelled {
            return .interrupted(after: compared, of: total)
        } catch {
            return VerifyResult(outcome: .unreadable, blocksCompared: compared, mismatchedBlocks: 0, unreadableLBAs: [],
                                reason: "\(error)")
        }
    }

    private func verifyError(_ v: VerifyResult) -> String? {
        switch v.outcome {
        case .match, .skipped, .interrupted: return nil
        case .mismatch where v.reason != nil:
            return "verification failed: " + (v.reason ?? "")
        case .mismatch:
            return "verification failed: \(v.mismatchedBlocks) block(s) differ from the image, first at LBA \(v.firstMismatchLBA ?? 0)"
        case .unreadable:
            return "verification failed: " + (v.reason ?? "\(v.unreadableLBAs.count) block(s) unreadable, first at LBA \(v.unreadableLBAs.first ?? 0)")
        }
    }

    // MARK: failure

    private func failed(_ error: Error, stage: String, written: UInt64, telemetry: Telemetry) -> BurnResult {
        // A write-protected disc shows itself only when the first WRITE is refused (7/27/xx): nothing was written,
        // so it is reported like the other refusals.
        if telemetry.bytesWritten == 0, let scsi = error as? SCSIError, scsi.isSense(.dataProtect, 0x27) {
            let message = BurnError.writeProtected(device: session.deviceName, profile: plan.profile).description
            return finish(BurnResult(succeeded: false, error: message, plan: plan, bytesWritten: 0, elapsedSeconds:
                                        telemetry.elapsedSeconds, averageKilobytesPerSecond: 0, underruns: 0,
                                     minimumFifoPercent: nil, minimumDriveBufferPercent: nil,
                                     verify: .skipped("the burn did not start"),
                                     mediumState: "nothing was written; the disc is unchanged", interrupted: false),
                          telemetry)
        }
        let interrupted = (error as? BurnError).map { if case .cancelled = $0 { return true } else { return false } } ?? false
            || error is FIFO.Cancelled
        let reset = (error as? SCSIError)?.isSense(.unitAttention, 0x29) == true
        var state = "nothing was written; the disc is unchanged"
        let blocksWritten = telemetry.bytesWritten / 2048
        if stage != "preparing the drive" || blocksWritten > 0 {
            state = closeDamaged(blocksWritten: blocksWritten)
        }
        let cause = reset
            ? "the drive was reset (\((error as? SCSIError)?.sense?.triple ?? "6/29")) while \(stage): its buffer and write "
                + "parameters are lost, so DiscBurn stopped instead of writing on"
            : "\(stage) failed: \(error)"
        let message = interrupted ? "interrupted by the user while \(stage); \(state)" : "\(cause); \(state)"
        return finish(BurnResult(succeeded: false, error: message, plan: plan, bytesWritten: telemetry.bytesWritten,
                                 elapsedSeconds: telemetry.elapsedSeconds,
                                 averageKilobytesPerSecond: telemetry.averageKilobytesPerSecond,
                                 underruns: telemetry.underruns, minimumFifoPercent: telemetry.minimumFifoPercent,
                                 minimumDriveBufferPercent: telemetry.minimumDriveBufferPercent,
                                 verify: .skipped("the burn did not complete"), mediumState: state,
                                 interrupted: interrupted, recoveredConditions: session.recoveredConditions,
                                 writeSeconds: telemetry.writeSeconds), telemetry)
    }

    /// After a failure or interruption: flush, then close what is open so the disc stays readable (libburn
    /// burn_disc_close_damaged): CD TAO: CLOSE SESSION; DVD±R, BD-R, DVD-R incremental: CLOSE TRACK then CLOSE
    /// SESSION. Returns exactly what the disc holds then, and whether other drives can read it.
    private func closeDamaged(blocksWritten: UInt64) -> String {
        _ = try? session.send(SynchronizeCache(immediate: false), policy: .none)
        let partial = strategy.interruptedState(blocksWritten: blocksWritten)
        guard !plan.dummy else { return "simulation only: the disc is still blank" }
        switch plan.strategy {
        case .cdTrackAtOnce, .dvdRIncremental, .dvdPlusR, .bdR:
            guard blocksWritten > 0 else {
                return "nothing was written (0 of \(plan.writeBlocks) blocks); the disc is unchanged"
            }
            session.burning = false  // closing is allowed to ride out a unit attention now
            do {
                try SessionCloser.close(profile: plan.profile, finalize: false, session: session)
                return partial + ". The track and its session were closed, so other drives can read the disc "
                    + "(its last session holds the incomplete image)"
            } catch {
                return partial + ". The session could not be closed (\(error)): other drives may not read the disc; "
                    + "close it with `discburn close --drive \(session.deviceName)`"
            }
        case .cdSessionAtOnce, .dvdRDiscAtOnce:
            return partial + ". A \(plan.strategy.rawValue) recording cannot be closed part-way: other drives cannot "
                + "read the disc"
        case .overwritable:
            return partial
        }
    }
}
