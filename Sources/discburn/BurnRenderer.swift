import Burning
import Foundation
import MMC

/// Renders a burn: a live progress line on stderr (text mode), or JSON lines events on stdout (`--json`).
struct BurnRenderer {
    let json: Bool
    /// Set for multi-drive burns: every JSON event carries it, text lines are prefixed with it.
    var drive: String?

    func plan(_ p: BurnPlan, drive: String) { BurnRenderer(json: json, drive: drive).plan(p) }
    func status(_ s: BurnStatus, drive: String) { BurnRenderer(json: json, drive: drive).status(s) }
    func result(_ r: BurnResult, drive: String) { BurnRenderer(json: json, drive: drive).result(r) }
    func refused(drive: String, reason: String) {
        if json {
            BurnRenderer(json: json, drive: drive).emit(["event": "result", "result": "refused", "error": reason,
                                                        "bytesWritten": 0])
        } else {
            print("[\(drive)] refused: \(reason)")
        }
    }

    func plan(_ p: BurnPlan) {
        if json {
            emit(["event": "plan", "strategy": p.strategy.rawValue, "writeMode": p.strategy.writeMode.rawValue,
                  "profile": p.profile.shortName, "startLBA": p.startLBA, "imageBlocks": p.imageBlocks,
                  "writeBlocks": p.writeBlocks, "freeBlocks": p.freeBlocks, "closing": p.closing.rawValue,
                  "speedKilobytesPerSecond": p.speedKilobytesPerSecond as Any, "dummy": p.dummy,
                  "format": p.format.map { Int($0.formatType) } as Any,
                  "expectedSeconds": p.expectedDurationSeconds as Any])
            return
        }
        var lines = ["Plan for \(p.device): \(p.profile.name)",
                     "  strategy:   \(p.strategy.rawValue) (\(p.strategy.writeMode.rawValue))\(p.dummy ? ", SIMULATION" : "")",
                     "  blocks:     \(p.imageBlocks) of image + \(p.writeBlocks - p.imageBlocks) padding from LBA \(p.startLBA), \(p.freeBlocks) free",
                     "  speed:      \(p.speedText)",
                     "  closing:    \(p.closing.rawValue)"]
        if let f = p.format { lines.append("  format:     type \(String(f.formatType, radix: 16))h, \(f.blocks) blocks, before writing") }
        if let l0 = p.layerZeroBlocks { lines.append("  layer break: \(l0)") }
        if let s = p.expectedDurationSeconds { lines.append("  expected:   \(Int(s.rounded())) s") }
        print(lines.joined(separator: "\n"))
    }

    func status(_ s: BurnStatus) {
        if json {
            emit(["event": "progress", "phase": s.phase.rawValue, "bytesWritten": s.bytesWritten,
                  "totalBytes": s.totalBytes, "percent": round1(s.percent),
                  "speedKilobytesPerSecond": Int(s.currentKilobytesPerSecond.rounded()), "speed": s.speedMultiple,
                  "averageKilobytesPerSecond": Int(s.averageKilobytesPerSecond.rounded()),
                  "etaSeconds": s.etaSeconds.map { Int($0.rounded()) } as Any,
                  "fifoPercent": s.fifoPercent.map(round1) as Any,
                  "driveBufferPercent": s.driveBufferPercent.map(round1) as Any, "underruns": s.underruns,
                  "operationProgress": s.operationProgress.map(round1) as Any])
            return
        }
        let mb = { (b: UInt64) in String(format: "%.1f", Double(b) / 1_000_000) }
        var line = "\r\(s.phase.rawValue): \(String(format: "%5.1f", s.percent))% \(mb(s.bytesWritten))/\(mb(s.totalBytes)) MB"
        line += " \(s.speedMultiple)"
        if let eta = s.etaSeconds, s.phase == .writing { line += " ETA \(Int(eta))s" }
        if let f = s.fifoPercent { line += " fifo \(Int(f))%" }
        if let d = s.driveBufferPercent { line += " buf \(Int(d))%" }
        if let p = s.operationProgress { line += " (\(Int(p * 100))%)" }
        FileHandle.standardError.write(Data((line + "   ").utf8))
    }

    func result(_ r: BurnResult) {
        let v = r.verify
        if json {
            var verify: [String: Any] = ["result": v.outcome == .unreadable ? "mismatch" : v.outcome.rawValue,
                                         "blocksCompared": v.blocksCompared, "mismatchedBlocks": v.mismatchedBlocks,
                                         "unreadableLBAs": v.unreadableLBAs]
            verify["sha256"] = v.sha256 ?? NSNull()
            verify["md5"] = v.md5 ?? NSNull()
            verify["firstMismatchLBA"] = v.firstMismatchLBA.map { $0 as Any } ?? NSNull()
            if let reason = v.reason { verify["reason"] = reason }
            emit(["event": "result", "result": r.succeeded ? "ok" : "failed", "error": r.error as Any,
                  "bytesWritten": r.bytesWritten, "elapsedSeconds": round1(r.elapsedSeconds),
                  "averageKilobytesPerSecond": Int(r.averageKilobytesPerSecond.rounded()), "underruns": r.underruns,
                  "minFifoPercent": r.minimumFifoPercent.map(round1) as Any,
                  "minDriveBufferPercent": r.minimumDriveBufferPercent.map(round1) as Any,
                  "mediumState": r.mediumState, "interrupted": r.interrupted, "verify": verify,
                  "recovered": r.recoveredConditions])
            return
        }
        FileHandle.standardError.write(Data("\n".utf8))
        if let drive { print("[\(drive)]") }
        let speed = SpeedFormat.multiple(kilobytesPerSecond: Int(r.averageKilobytesPerSecond), profile: r.plan.profile)
        print("Wrote \(r.bytesWritten) bytes in \(String(format: "%.1f", r.elapsedSeconds)) s (average \(speed)); "
              + "underruns \(r.underruns); min FIFO \(r.minimumFifoPercent.map { "\(Int($0))%" } ?? "-"), "
              + "min drive buffer \(r.minimumDriveBufferPercent.map { "\(Int($0))%" } ?? "-")")
        switch v.outcome {
        case .match: print("Verify: match (\(v.blocksCompared) blocks)\n  SHA-256 \(v.sha256 ?? "")\n  MD5     \(v.md5 ?? "")")
        case .skipped: print("Verify: skipped (\(v.reason ?? ""))")
        case .mismatch, .unreadable: print("Verify: FAILED")
        }
        print("Disc: \(r.mediumState)")
        for note in r.recoveredConditions { print("Recovered (the drive succeeded after its own retries): \(note)") }
        if let e = r.error { FileHandle.standardError.write(Data("discburn: error: \(e)\n".utf8)) }
    }

    private func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }

    private func emit(_ object: [String: Any]) {
        var object = object
        if let drive { object["drive"] = drive }
        let cleaned = object.mapValues { value -> Any in
            if case Optional<Any>.none = value as Any? { return NSNull() }
            return value
        }
        guard let data = try? JSONSerialization.data(withJSONObject: cleaned, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
