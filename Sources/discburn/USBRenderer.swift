import Burning
import Foundation
import USBWriter

/// The `plan` event of `usb write`.
struct USBPlanEvent: Encodable {
    var device: String
    var model: String
    var sizeBytes: UInt64
    var bus: String
    var image: String
    var imageBytes: UInt64
    var compression: String
    var imageKind: String
    var method: String
    var methodReason: String
    var warnings: [String]
    var unmount: [String]
}

/// The `result` event of `usb write`.
struct USBResultEvent: Encodable {
    var result: String
    var error: String?
    var device: String
    var bytesWritten: UInt64
    var imageBytes: UInt64
    var elapsedSeconds: Double
    var averageKilobytesPerSecond: Int
    var minFifoPercent: Double?
    var imageSHA256: String?
    var interrupted: Bool
    var partitionsReread: Bool
    var diskState: String
    var safeToRemove: Bool
    var verify: VerifyEvent
    var verifyKilobytesPerSecond: Int
    var fileCopy: FileCopyEvent?
}

/// The file-copy part of a `usb write` result.
struct FileCopyEvent: Encodable {
    var label: String
    var files: Int
    var bytes: UInt64
    var splitWIMs: [String]
    var skippedSymlinks: [String]

    init(_ summary: FileCopySummary) {
        label = summary.label
        files = summary.files
        bytes = summary.bytes
        splitWIMs = summary.splitWIMs
        skippedSymlinks = summary.skippedSymlinks
    }
}

/// Renders `usb write` like a burn, through the one event model: progress on stderr and text on stdout, or JSON
/// events (`--json`) with the same event names and progress fields as `burn --json`.
struct USBRenderer {
    let device: String
    let progress: ProgressPrinter

    init(device: String) {
        self.device = device
        progress = ProgressPrinter(drive: device)
    }

    func plan(_ p: USBWritePlan) {
        let d = p.disk
        var warnings = p.overridden
        if p.isLargeDisk {
            warnings.append("\(d.path) is \(USBListText.size(d.sizeBytes)), larger than most sticks (over 64 GB): "
                            + "make sure it is the disk you mean")
        }
        EventOutput.emit("plan", USBPlanEvent(
            device: d.path, model: d.displayName, sizeBytes: d.sizeBytes, bus: d.bus.rawValue, image: p.image.path,
            imageBytes: p.image.sizeBytes, compression: p.image.compression.rawValue, imageKind: p.image.kind.rawValue,
            method: p.method.method.rawValue, methodReason: p.method.reason, warnings: warnings, unmount: p.mountedPartitions.map(\.mountPoint)))
        guard !EventOutput.json else { return }
        var lines = ["Device: \(d.path)  \(d.displayName), \(USBListText.size(d.sizeBytes)), \(d.bus.rawValue)",
                     "Image:  \(p.image.path)  \(USBListText.size(p.image.sizeBytes)), \(p.image.kind.rawValue)"
                        + (p.image.compression == .none ? "" : ", \(p.image.compression.rawValue)-compressed"),
                     "Method: \(p.method.method.rawValue) (\(p.method.reason))"]
        for m in p.mountedPartitions { lines.append("Mounted: \(m.device) on \(m.mountPoint) (will be unmounted)") }
        for w in warnings { lines.append("Warning: \(w)") }
        print(lines.joined(separator: "\n"))
    }

    func status(_ s: BurnStatus) {
        guard s.phase != .done else { return }
        progress.show(BurnRenderer.progressEvent(s))
    }

    func result(_ r: USBWriteResult, plan: USBWritePlan) {
        progress.end()
        EventOutput.emit("result", USBResultEvent(
            result: r.interrupted ? "interrupted" : (r.succeeded ? "ok" : "failed"), error: r.error, device: device,
            bytesWritten: r.bytesWritten, imageBytes: r.imageBytes, elapsedSeconds: (r.elapsedSeconds * 10).rounded() / 10,
            averageKilobytesPerSecond: Int(r.averageKilobytesPerSecond.rounded()),
            minFifoPercent: r.minimumFifoPercent.map { ($0 * 10).rounded() / 10 }, imageSHA256: r.imageSHA256,
            interrupted: r.interrupted, partitionsReread: r.partitionsReread, diskState: r.diskState,
            safeToRemove: r.succeeded, verify: VerifyEvent(r.verify),
            verifyKilobytesPerSecond: Int(r.verifyKilobytesPerSecond.rounded()), fileCopy: r.fileCopy.map(FileCopyEvent.init)))
        guard !EventOutput.json else { return }
        print("Wrote \(r.bytesWritten) bytes in \(String(format: "%.1f", r.elapsedSeconds)) s "
              + "(average \(String(format: "%.1f", r.averageKilobytesPerSecond / 1000)) MB/s); "
              + "min FIFO \(r.minimumFifoPercent.map { "\(Int($0))%" } ?? "-")")
        if let sha = r.imageSHA256 { print("\(r.fileCopy == nil ? "Image" : "Staged stick") SHA-256 \(sha)") }
        if let copy = r.fileCopy {
            print("Files: \(copy.files) (\(copy.bytes) bytes) on FAT32 labelled \(copy.label)"
                  + (copy.splitWIMs.isEmpty ? "" : "; split into .swm parts: \(copy.splitWIMs.joined(separator: ", "))")
                  + (copy.skippedSymlinks.isEmpty ? "" : "; symbolic links left out: \(copy.skippedSymlinks.count)"))
        }
        switch r.verify.outcome {
        case .match:
            print("Verify: match (\(r.imageBytes) bytes read back past the page cache at "
                  + "\(String(format: "%.1f", r.verifyKilobytesPerSecond / 1000)) MB/s)\n  SHA-256 \(r.verify.sha256 ?? "")"
                  + (r.fileCopy.map { "\n  and each of the \($0.files) files read back from the stick matches the ISO by SHA-256" } ?? ""))
        case .skipped: print("Verify: skipped (\(r.verify.reason ?? ""))")
        case .interrupted: print("Verify: interrupted")
        case .mismatch, .unreadable: print("Verify: FAILED")
        }
        let safe = r.succeeded ? " It is safe to remove the stick." : ""
        print("\(device): \(r.diskState).\(r.partitionsReread ? " Partition table re-read." : "")\(safe)")
        if r.interrupted && r.bytesWritten == 0 && r.diskState.hasPrefix("nothing was written") {
            // Ctrl-C while a file-copy stick was being staged: the disk was never opened for writing.
            FileHandle.standardError.write(Data("discburn: interrupted; nothing was written to \(device).\n".utf8))
        } else if r.interrupted {
            FileHandle.standardError.write(Data("discburn: \(device) is incomplete and will not boot; write it again.\n".utf8))
        } else if let e = r.error {
            FileHandle.standardError.write(Data("discburn: error: \(ErrorReporting.sentence(e))\n".utf8))
        }
    }
}
