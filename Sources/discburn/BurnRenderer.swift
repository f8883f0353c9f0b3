import Burning
import Foundation
import MMC

/// The `plan` event of a burn (and of a copy's burn).
struct PlanEvent: Encodable {
    var strategy: String
    var writeMode: String
    var profile: String
    var startLBA: UInt64
    var imageBlocks: UInt64
    var writeBlocks: UInt64
    var freeBlocks: UInt64
    var closing: String
    var speedKilobytesPerSecond: Int?
    var speed: String?
    var dummy: Bool
    var format: Int?
    var layerBreakLBA: UInt64?
    var expectedSeconds: Int?
    var notes: [String]

    init(_ p: BurnPlan) {
        strategy = p.strategy.rawValue
        writeMode = p.strategy.writeMode.rawValue
        profile = p.profile.shortName
        startLBA = p.startLBA
        imageBlocks = p.imageBlocks
        writeBlocks = p.writeBlocks
        freeBlocks = p.freeBlocks
        closing = p.closing.rawValue
        speedKilobytesPerSecond = p.speedKilobytesPerSecond
        speed = p.speedKilobytesPerSecond.map { SpeedFormat.multiple(kilobytesPerSecond: $0, profile: p.profile) }
        dummy = p.dummy
        format = p.format.map { Int($0.formatType) }
        layerBreakLBA = p.layerZeroBlocks
        expectedSeconds = p.expectedDurationSeconds.map { Int($0.rounded()) }
        notes = p.notes
    }
}

/// The `verify` part of results (burn, copy, verify): LBA lists as ranges.
struct VerifyEvent: Encodable {
    var result: String
    var blocksCompared: UInt64
    var mismatchedBlocks: UInt64
    var firstMismatchLBA: UInt64?
    var unreadableRanges: [LBARange]
    var sha256: String?
    var md5: String?
    var reason: String?

    init(_ v: VerifyResult) {
        result = v.outcome.rawValue
        blocksCompared = v.blocksCompared
        mismatchedBlocks = v.mismatchedBlocks
        firstMismatchLBA = v.firstMismatchLBA
        unreadableRanges = LBARange.ranges(v.unreadableLBAs)
        sha256 = v.sha256
        md5 = v.md5
        reason = v.reason
    }
}

/// The `result` event of a burn.
struct BurnResultEvent: Encodable {
    var result: String
    var error: String?
    var bytesWritten: UInt64
    var elapsedSeconds: Double
    var writeSeconds: Double?
    var averageKilobytesPerSecond: Int
    var underruns: Int
    var minFifoPercent: Double?
    var minDriveBufferPercent: Double?
    var mediumState: String
    var interrupted: Bool
    /// Recovered errors (sense key 1) on commands that succeeded.
    var recovered: [String]
    var verify: VerifyEvent

    init(_ r: BurnResult) {
        result = r.interrupted ? "interrupted" : (r.succeeded ? "ok" : "failed")
        error = r.error
        bytesWritten = r.bytesWritten
        elapsedSeconds = (r.elapsedSeconds * 10).rounded() / 10
        writeSeconds = r.writeSeconds.map { ($0 * 10).rounded() / 10 }
        averageKilobytesPerSecond = Int(r.averageKilobytesPerSecond.rounded())
        underruns = r.underruns
        minFifoPercent = r.minimumFifoPercent.map { ($0 * 10).rounded() / 10 }
        minDriveBufferPercent = r.minimumDriveBufferPercent.map { ($0 * 10).rounded() / 10 }
        mediumState = r.mediumState
        interrupted = r.interrupted
        recovered = r.recoveredConditions
        verify = VerifyEvent(r.verify)
    }
}

/// A drive of a multi-drive burn that was refused before anything was written.
struct RefusedEvent: Encodable {
    var result = "refused"
    var error: String
    var bytesWritten = 0
}

/// Renders a burn: progress on stderr and the plan and result on stdout (text), or JSON events (`--json`).
struct BurnRenderer {
    /// Set for multi-drive burns: text lines are prefixed with it; every JSON event names its drive anyway.
    var drive: String?
    let progress: ProgressPrinter
    /// Several drives at once: text results start with the drive's name.
    let namesDriveInText: Bool

    init(drive: String? = nil, prefixText: Bool = false) {
        self.drive = drive
        namesDriveInText = prefixText
        // Several drives at once: plain lines per drive (redrawn lines would overwrite each other).
        progress = prefixText ? ProgressPrinter(drive: drive, prefixText: true, isTerminal: false)
                              : ProgressPrinter(drive: drive)
    }

    func refused(reason: String) {
        EventOutput.emit("result", RefusedEvent(error: ErrorReporting.sentence(reason)), drive: drive)
        if !EventOutput.json { print("[\(drive ?? "")] refused: \(ErrorReporting.sentence(reason))") }
    }

    func plan(_ p: BurnPlan) {
        EventOutput.emit("plan", PlanEvent(p), drive: drive)
        guard !EventOutput.json else { return }
        var lines = ["Plan for \(p.device): \(p.profile.name)",
                     "  strategy:   \(p.strategy.rawValue) (\(p.strategy.writeMode.rawValue))\(p.dummy ? ", SIMULATION" : "")",
                     "  blocks:     \(p.imageBlocks) of image + \(p.writeBlocks - p.imageBlocks) padding from LBA \(p.startLBA), \(p.freeBlocks) free",
                     "  speed:      \(p.speedText)",
                     "  closing:    \(p.closing.rawValue)"]
        if let f = p.format { lines.append("  format:     type \(String(f.formatType, radix: 16))h, \(f.blocks) blocks, before writing") }
        if let l0 = p.layerZeroBlocks { lines.append("  layer break: \(l0)") }
        if let s = p.expectedDurationSeconds { lines.append("  expected:   \(ProgressEvent.clock(Int(s.rounded()))) of writing") }
        lines += p.notes.map { "  note:       \($0)" }
        print(lines.joined(separator: "\n"))
    }

    func status(_ s: BurnStatus) {
        guard s.phase != .done else { return }
        progress.show(Self.progressEvent(s))
    }

    static func progressEvent(_ s: BurnStatus) -> ProgressEvent {
        let speed = SpeedFormat.multiple(kilobytesPerSecond: Int(s.currentKilobytesPerSecond.rounded()), profile: s.profile)
        switch s.phase {
        case .writing, .done:
            var e = ProgressEvent(phase: s.phase.rawValue, done: s.bytesWritten, total: s.totalBytes,
                                  kilobytesPerSecond: s.currentKilobytesPerSecond, speed: speed, etaSeconds: s.etaSeconds)
            e.fifoPercent = s.fifoPercent.map { $0.rounded() }
            e.driveBufferPercent = s.driveBufferPercent.map { $0.rounded() }
            e.underruns = s.underruns
            return e
        case .verifying:
            let total = s.totalBytes, done = UInt64(Double(total) * (s.operationProgress ?? 0))
            return ProgressEvent(phase: s.phase.rawValue, done: done, total: total,
                                 kilobytesPerSecond: s.operationKilobytesPerSecond,
                                 speed: s.operationKilobytesPerSecond.map {
                                     SpeedFormat.multiple(kilobytesPerSecond: Int($0.rounded()), profile: s.profile) },
                                 etaSeconds: s.operationEtaSeconds)
        default:
            return ProgressEvent(phase: s.phase.rawValue, fraction: s.operationProgress)
        }
    }

    func result(_ r: BurnResult) {
        progress.end()
        EventOutput.emit("result", BurnResultEvent(r), drive: drive)
        guard !EventOutput.json else { return }
        let v = r.verify
        if namesDriveInText, let drive { print("[\(drive)]") }
        if r.bytesWritten > 0 || r.succeeded {
            let speed = SpeedFormat.multiple(kilobytesPerSecond: Int(r.averageKilobytesPerSecond), profile: r.plan.profile)
            let seconds = r.writeSeconds ?? r.elapsedSeconds
            print("Wrote \(r.bytesWritten) bytes in \(String(format: "%.1f", seconds)) s of writing (average \(speed)); "
                  + "underruns \(r.underruns); min FIFO \(r.minimumFifoPercent.map { "\(Int($0))%" } ?? "-"), "
                  + "min drive buffer \(r.minimumDriveBufferPercent.map { "\(Int($0))%" } ?? "-")")
        }
        switch v.outcome {
        case .match: print("Verify: match (\(v.blocksCompared) blocks)\n  SHA-256 \(v.sha256 ?? "")\n  MD5     \(v.md5 ?? "")")
        case .skipped: print("Verify: skipped (\(v.reason ?? ""))")
        case .interrupted: print("Verify: interrupted (\(v.reason ?? "stopped by the user"))")
        case .mismatch, .unreadable: print("Verify: FAILED")
        }
        print("Disc: \(r.mediumState)")
        for note in r.recoveredConditions { print("Recovered (the drive succeeded after its own retries): \(note)") }
        if let e = r.error { FileHandle.standardError.write(Data("discburn: error: \(ErrorReporting.sentence(e))\n".utf8)) }
    }
}
