import DiscImage
import Foundation
import MMC
import SCSI

/// Burns a bin/cue session at once: `CueStrategy` prepares the drive, then every sector from LBA −150 to the
/// lead-out is sent in the size of its track's data form (2352 or 2048 bytes), paced on the drive's buffer, and
/// the disc is read back with `CueVerifier`.
final class CueBurnEngine: @unchecked Sendable {
    let plan: BurnPlan
    let layout: CueDiscLayout
    let options: BurnOptions
    let session: DriveSession
    let strategy: CueStrategy
    let emit: @Sendable (BurnEvent) -> Void
    private let lock = NSLock()
    private var cancelRequested = false
    /// Sectors the drive accepted so far (the pre-gap included): what a failure leaves on the disc.
    private var sectorsSent: UInt64 = 0

    init(plan: BurnPlan, layout: CueDiscLayout, options: BurnOptions, session: DriveSession,
         emit: @escaping @Sendable (BurnEvent) -> Void) {
        self.plan = plan
        self.layout = layout
        self.options = options
        self.session = session
        self.strategy = CueStrategy(plan: plan, layout: layout)
        self.emit = emit
    }

    var isCancelled: Bool { lock.withLock { cancelRequested } }
    func cancel() { lock.withLock { cancelRequested = true } }

    /// Bytes sent in all, gaps included.
    var totalBytes: UInt64 {
        UInt64(layout.placements.reduce(0) { $0 + ($1.endLBA - $1.preGapLBA) * $1.hostSectorBytes })
    }

    func run() -> BurnResult {
        var telemetry = Telemetry(totalBytes: totalBytes, profile: plan.profile)
        let report: (BurnStatus.Phase, Double?) -> Void = { [emit] phase, progress in
            emit(.status(telemetry.status(phase, progress: progress)))
        }
        let release = TrayLock.holdForBurn(session)
        defer { release() }
        var stage = "preparing the drive"
        do {
            try strategy.prepare(session, report: report)
            stage = "writing"
            try writeAll(&telemetry)
            stage = "closing"
            try strategy.finish(session, report: report)
        } catch {
            return failed(error, stage: stage, sectors: sectorsSent, telemetry: telemetry)
        }
        let verify = runVerify(telemetry)
        let result = BurnResult(
            succeeded: verify.outcome == .match || verify.outcome == .skipped,
            error: verify.outcome == .mismatch
                ? "verification failed: \(verify.mismatchedBlocks) sector(s) differ from the bin/cue, first at LBA "
                    + "\(verify.firstMismatchLBA ?? 0)"
                : verify.outcome == .unreadable ? "verification failed: " + (verify.reason ?? "\(verify.unreadableLBAs.count) "
                    + "sector(s) unreadable, first at LBA \(verify.unreadableLBAs.first ?? 0)") : nil,
            plan: plan, bytesWritten: telemetry.bytesWritten, elapsedSeconds: telemetry.elapsedSeconds,
            averageKilobytesPerSecond: telemetry.averageKilobytesPerSecond, underruns: telemetry.underruns,
            minimumFifoPercent: nil, minimumDriveBufferPercent: telemetry.minimumDriveBufferPercent, verify: verify,
            mediumState: plan.dummy ? "simulation only: the disc is still blank"
                : plan.closing == .appendable ? "session closed, the disc stays appendable" : "disc closed (finalized)",
            interrupted: verify.outcome == .interrupted, recoveredConditions: session.recoveredConditions,
            writeSeconds: telemetry.writeSeconds)
        emit(.status(telemetry.status(.done)))
        emit(.result(result))
        return result
    }

    /// Every run of every track, in order, counting the sectors sent in `sectorsSent`.
    private func writeAll(_ telemetry: inout Telemetry) throws {
        let reader = CueSectorReader()
        var pacer = BufferPacer(session: session, speedKilobytesPerSecond: plan.speedKilobytesPerSecond)
        let perWrite = max(1, min(options.blocksPerWrite, 27))  // 27 × 2352 bytes stay under 64 KiB
        telemetry.startWriting()
        defer { telemetry.endWriting() }
        emit(.status(telemetry.status(.writing)))
        for p in layout.placements {
            for run in layout.runs(of: p) {
                var done = 0
                while done < run.blocks {
                    if isCancelled { throw BurnError.cancelled(state: "") }
                    let count = min(perWrite, run.blocks - done)
                    let lba = run.lba + done
                    let data: [UInt8]
                    switch run {
                    case .gap:
                        data = (0..<count).flatMap { CueDiscLayout.gapSector(p, lba: lba + $0) }
                    case .file(_, _, let path, let offset):
                        data = try reader.read(path: path, offset: offset + Int64(done * p.track.mode.fileSectorBytes),
                                               count: count, sectorBytes: p.track.mode.fileSectorBytes)
                    }
                    try pacer.waitForRoom(bytes: data.count, telemetry: &telemetry)
                    try session.write((Write10(signedLBA: Int32(lba), data: data, blockSizeBytes: p.hostSectorBytes).request,
                                       Write10.name))
                    done += count
                    sectorsSent += UInt64(count)
                    telemetry.wrote(data.count)
                    if telemetry.due() { emit(.status(telemetry.status(.writing))) }
                }
            }
        }
        telemetry.underruns += pacer.underruns
    }

    private func runVerify(_ telemetry: Telemetry) -> VerifyResult {
        guard options.verify else { return .skipped("--no-verify") }
        guard !plan.dummy else { return .skipped("simulation (--dummy) writes nothing to compare") }
        let verifier = CueVerifier(session: session, layout: layout)
        let total = verifier.totalSectors
        do {
            return try verifier.verify(cancelled: { isCancelled }) { [emit] done in
                guard done % 512 == 0 || done == total else { return }
                emit(.status(telemetry.status(.verifying, progress: Double(done) / Double(max(total, 1)))))
            }
        } catch BurnError.cancelled {
            return .interrupted(after: 0, of: total)
        } catch {
            return VerifyResult(outcome: .unreadable, blocksCompared: 0, mismatchedBlocks: 0, unreadableLBAs: [],
                                reason: "\(error)")
        }
    }

    private func failed(_ error: Error, stage: String, sectors: UInt64, telemetry: Telemetry) -> BurnResult {
        let interrupted: Bool
        if case BurnError.cancelled? = error as? BurnError { interrupted = true } else { interrupted = false }
        var state = "nothing was written; the disc is unchanged"
        if sectors > 0 {
            _ = try? session.send(SynchronizeCache(immediate: false), policy: .none)
            state = plan.dummy ? "simulation only: the disc is still blank" : strategy.interruptedState(blocksWritten: sectors)
        }
        let message = interrupted ? "interrupted by the user while \(stage); \(state)" : "\(stage) failed: \(error); \(state)"
        let result = BurnResult(succeeded: false, error: message, plan: plan, bytesWritten: telemetry.bytesWritten,
                                elapsedSeconds: telemetry.elapsedSeconds,
                                averageKilobytesPerSecond: telemetry.averageKilobytesPerSecond,
                                underruns: telemetry.underruns, minimumFifoPercent: nil,
                                minimumDriveBufferPercent: telemetry.minimumDriveBufferPercent,
                                verify: .skipped("the burn did not complete"), mediumState: state,
                                interrupted: interrupted, recoveredConditions: session.recoveredConditions,
                                writeSeconds: telemetry.writeSeconds)
        emit(.status(telemetry.status(.done)))
        emit(.result(result))
        return result
    }
}
