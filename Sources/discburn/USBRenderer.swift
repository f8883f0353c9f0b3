import Burning
import Foundation
import USBWriter

/// Renders `usb write` like a burn: a progress line on stderr, or JSON lines events on stdout (`--json`) with the
/// same event names and progress fields as `burn --json`.
struct USBRenderer {
    let json: Bool

    func plan(_ p: USBWritePlan) {
        let d = p.disk
        var warnings = p.overridden
        if p.isLargeDisk {
            warnings.append("\(d.path) is \(USBListText.size(d.sizeBytes)), larger than most sticks (over 64 GB): "
                            + "make sure it is the disk you mean")
        }
        if json {
            emit(["event": "plan", "device": d.path, "model": d.displayName, "sizeBytes": d.sizeBytes, "bus": d.bus.rawValue,
                  "image": p.image.path, "imageBytes": p.image.sizeBytes, "compression": p.image.compression.rawValue,
                  "imageKind": p.image.kind.rawValue, "warnings": warnings,
                  "unmount": p.mountedPartitions.map(\.mountPoint)])
            return
        }
        var lines = ["Device: \(d.path)  \(d.displayName), \(USBListText.size(d.sizeBytes)), \(d.bus.rawValue)",
                     "Image:  \(p.image.path)  \(USBListText.size(p.image.sizeBytes)), \(p.image.kind.rawValue)"
                        + (p.image.compression == .none ? "" : ", \(p.image.compression.rawValue)-compressed")]
        for m in p.mountedPartitions { lines.append("Mounted: \(m.device) on \(m.mountPoint) (will be unmounted)") }
        for w in warnings { lines.append("Warning: \(w)") }
        print(lines.joined(separator: "\n"))
    }

    func status(_ s: BurnStatus) {
        if json {
            emit(["event": "progress", "phase": s.phase.rawValue, "bytesWritten": s.bytesWritten,
                  "totalBytes": s.totalBytes, "percent": round1(s.percent),
                  "speedKilobytesPerSecond": Int(s.currentKilobytesPerSecond.rounded()),
                  "averageKilobytesPerSecond": Int(s.averageKilobytesPerSecond.rounded()),
                  "etaSeconds": s.etaSeconds.map { Int($0.rounded()) } as Any,
                  "fifoPercent": s.fifoPercent.map(round1) as Any,
                  "operationProgress": s.operationProgress.map(round1) as Any])
            return
        }
        let mb = { (b: UInt64) in String(format: "%.1f", Double(b) / 1_000_000) }
        var line = "\r\(s.phase.rawValue): \(String(format: "%5.1f", s.percent))% \(mb(s.bytesWritten))/\(mb(s.totalBytes)) MB"
        line += String(format: " %.1f MB/s", s.currentKilobytesPerSecond / 1000)
        if let eta = s.etaSeconds { line += " ETA \(Int(eta))s" }
        if let f = s.fifoPercent, s.phase == .writing { line += " fifo \(Int(f))%" }
        FileHandle.standardError.write(Data((line + "   ").utf8))
    }

    func result(_ r: USBWriteResult, plan: USBWritePlan) {
        let device = plan.disk.path
        let safe = r.succeeded ? "It is safe to remove the stick." : ""
        if json {
            var verify: [String: Any] = ["result": r.verify.outcome == .unreadable ? "mismatch" : r.verify.outcome.rawValue,
                                         "blocksCompared": r.verify.blocksCompared,
                                         "sha256": r.verify.sha256 as Any,
                                         "averageKilobytesPerSecond": Int(r.verifyKilobytesPerSecond.rounded())]
            if let reason = r.verify.reason { verify["reason"] = reason }
            emit(["event": "result", "result": r.succeeded ? "ok" : "failed", "error": r.error as Any,
                  "device": device, "bytesWritten": r.bytesWritten, "imageBytes": r.imageBytes,
                  "elapsedSeconds": round1(r.elapsedSeconds),
                  "averageKilobytesPerSecond": Int(r.averageKilobytesPerSecond.rounded()),
                  "minFifoPercent": r.minimumFifoPercent.map(round1) as Any, "imageSHA256": r.imageSHA256 as Any,
                  "interrupted": r.interrupted, "partitionsReread": r.partitionsReread, "diskState": r.diskState,
                  "safeToRemove": r.succeeded, "verify": verify])
            return
        }
        FileHandle.standardError.write(Data("\n".utf8))
        print("Wrote \(r.bytesWritten) bytes in \(String(format: "%.1f", r.elapsedSeconds)) s "
              + "(average \(String(format: "%.1f", r.averageKilobytesPerSecond / 1000)) MB/s); "
              + "min FIFO \(r.minimumFifoPercent.map { "\(Int($0))%" } ?? "-")")
        if let sha = r.imageSHA256 { print("Image SHA-256 \(sha)") }
        switch r.verify.outcome {
        case .match:
            print("Verify: match (\(r.imageBytes) bytes read back past the page cache at "
                  + "\(String(format: "%.1f", r.verifyKilobytesPerSecond / 1000)) MB/s)\n  SHA-256 \(r.verify.sha256 ?? "")")
        case .skipped: print("Verify: skipped (\(r.verify.reason ?? ""))")
        case .mismatch, .unreadable: print("Verify: FAILED")
        }
        print("\(device): \(r.diskState).\(r.partitionsReread ? " Partition table re-read." : "") \(safe)")
        if r.interrupted {
            FileHandle.standardError.write(Data("discburn: \(device) is incomplete and will not boot; write it again\n".utf8))
        } else if let e = r.error {
            FileHandle.standardError.write(Data("discburn: error: \(e)\n".utf8))
        }
    }

    private func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }

    private func emit(_ object: [String: Any]) {
        let cleaned = object.mapValues { value -> Any in
            if case Optional<Any>.none = value as Any? { return NSNull() }
            return value
        }
        guard let data = try? JSONSerialization.data(withJSONObject: cleaned, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
