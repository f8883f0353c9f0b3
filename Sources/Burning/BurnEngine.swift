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

    init(plan: BurnPlan, options: BurnOptions, session: DriveSession, source: BlockSource,
         emit: @escaping @Sendable (BurnEvent) -> Void) {
        self.plan = plan
        self.options = options
        self.session = session
        self.source = source
        self.strategy = StrategyFactory.make(plan)
        self.emit = emit
    }

    /// DVD and BD are written in whole 16-block ECC blocks (restricted-overwrite DVD-RW refuses anything else):
    /// the requested write size is rounded up to a multiple of 16 there.
    var blocksPerWrite: Int {
        let requested = max(1, options.blocksPerWrite)
        return plan.profile.family == .cd ? requested : (requested + 15) / 16 * 16
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
        var written: UInt64 = 0
        var stage = "preparing the drive"
        do {
            try strategy.prepare(session, report: report)
            stage = "writing"
            written = try writeAll(&telemetry)
            stage = "closing"
            try strategy.finish(session, report: report)
        } catch {
            return failed(error, stage: stage, written: written, telemetry: telemetry)
        }
        let verify = runVerify(&telemetry)
        return finish(BurnResult(
            succeeded: verify.outcome == .match || verify.outcome == .skipped, error: verifyError(verify),
            plan: plan, bytesWritten: written * 2048, elapsedSeconds: telemetry.elapsedSeconds,
            averageKilobytesPerSecond: telemetry.averageKilobytesPerSecond, underruns: telemetry.underruns,
            minimumFifoPercent: telemetry.minimumFifoPercent,
            minimumDriveBufferPercent: telemetry.minimumDriveBufferPercent, verify: verify,
            mediumState: finalState(), interrupted: false), telemetry)
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
                         blocksPerChunk: blocksPerWrite, fifoBytes: options.fifoSizeBytes)
        lock.withLock { fifo = chunks.fifo }
        chunks.start()
        defer { chunks.stop() }
        var pacer = BufferPacer(session: session, speedKilobytesPerSecond: plan.speedKilobytesPerSecond)
        var lba = Int64(plan.startLBA)
        var blocks: UInt64 = 0
        while let chunk = try chunks.next() {
            if isCancelled { throw BurnError.cancelled(state: "") }
            try pacer.waitForRoom(bytes: chunk.count, telemetry: &telemetry)
            try session.write(strategy.writeRequest(lba: lba, data: chunk))
            lba += Int64(chunk.count / 2048)
            blocks += UInt64(chunk.count / 2048)
            telemetry.wrote(chunk.count)
            if let stats = chunks.fifo?.statistics { telemetry.fifo(fraction: stats.fillFraction, minimum: stats.minimumFillFraction) }
            if telemetry.due() { emit(.status(telemetry.status(.writing))) }
        }
        telemetry.underruns += pacer.underruns
        return blocks
    }

    // MARK: verification

    private func runVerify(_ telemetry: inout Telemetry) -> VerifyResult {
        guard options.verify else { return .skipped("--no-verify") }
        guard !plan.dummy else { return .skipped("simulation (--dummy) writes nothing to compare") }
        let verifier = Verifier(session: session, source: source)
        let total = plan.imageBlocks
        let snapshot = telemetry
        do {
            return try verifier.verify(startLBA: plan.startLBA, blocks: total, cancelled: { isCancelled }) { [emit] done in
                if done % 4096 == 0 || done == total {
                    emit(.status(snapshot.status(.verifying, progress: Double(done) / Double(max(total, 1)))))
                }
            }
        } catch {
            return VerifyResult(outcome: .unreadable, blocksCompared: 0, mismatchedBlocks: 0, unreadableLBAs: [],
                                reason: "\(error)")
        }
    }

    private func verifyError(_ v: VerifyResult) -> String? {
        switch v.outcome {
        case .match, .skipped: return nil
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
        var state = "nothing was written; the disc is unchanged"
        let blocksWritten = telemetry.bytesWritten / 2048
        if stage != "preparing the drive" || blocksWritten > 0 {
            // Leave the medium as tidy as it allows: flush what the drive holds, close the track where allowed.
            _ = try? session.send(SynchronizeCache(immediate: false), policy: .none)
            let closed = blocksWritten > 0 && strategy.closeInterruptedTrack(session)
            state = strategy.interruptedState(blocksWritten: blocksWritten)
                + (closed ? " The track was closed, so the disc stays readable." : "")
        }
        let message = interrupted ? "interrupted by the user while \(stage); \(state)" : "\(stage) failed: \(error); \(state)"
        return finish(BurnResult(succeeded: false, error: message, plan: plan, bytesWritten: telemetry.bytesWritten,
                                 elapsedSeconds: telemetry.elapsedSeconds,
                                 averageKilobytesPerSecond: telemetry.averageKilobytesPerSecond,
                                 underruns: telemetry.underruns, minimumFifoPercent: telemetry.minimumFifoPercent,
                                 minimumDriveBufferPercent: telemetry.minimumDriveBufferPercent,
                                 verify: .skipped("the burn did not complete"), mediumState: state,
                                 interrupted: interrupted), telemetry)
    }
}
