import Burning
import Foundation

extension USBWriteJob {
    /// The file-copy method: the stick staged in a work directory (nothing written to the disk yet), then its
    /// used prefix and backup GPT written and read back by the raw writer, with the same lock, progress, cancel
    /// and verify. The work directory ($TMPDIR) is removed at the end.
    func runFileCopy(_ plan: USBWritePlan, emit: @escaping (BurnStatus) -> Void) -> USBWriteResult {
        var failed = USBWriteResult(
            succeeded: false, error: nil, interrupted: false, bytesWritten: 0, imageBytes: 0, elapsedSeconds: 0,
            averageKilobytesPerSecond: 0, minimumFifoPercent: nil, imageSHA256: nil,
            verify: .skipped("the write did not start"), verifySeconds: 0, verifyKilobytesPerSecond: 0,
            partitionsReread: false, diskState: "nothing was written; the disk is unchanged")
        var template = Array((NSTemporaryDirectory() + "/discburn-usb-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            failed.error = "\(USBWriteError.fileCopy(reason: "cannot make a work directory: \(String(cString: strerror(errno)))"))"
            return failed
        }
        let workDirectory = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: workDirectory) }
        let stager = FileCopyStager(
            isoPath: imagePath, diskBytes: plan.disk.sizeBytes, volumeId: plan.image.volumeId,
            settings: .init(fileLimitBytes: options.fileLimitBytes, wimPartMiB: options.wimPartMiB),
            workDirectory: workDirectory, isCancelled: { [weak self] in self?.isCancelled ?? true }, emit: emit)
        setStager(stager)
        let staged: StagedStick
        do { staged = try stager.stage() } catch {
            failed.interrupted = isCancelled
            failed.error = isCancelled ? "interrupted" : "\(error)"
            return failed
        }
        setStager(nil)
        var stagedPlan = plan
        stagedPlan.image = ImageFacts(path: staged.imagePath, compression: .none, sizeBytes: staged.prefixBytes,
                                      kind: .diskImage, bootProblem: nil)
        let writer = DeviceWriter(plan: stagedPlan, devicePath: devicePath, imagePath: staged.imagePath,
                                  options: options, emit: emit)
        writer.staged = staged
        var result = runWriter(writer)
        result.fileCopy = FileCopySummary(label: staged.label, files: staged.files.count,
                                          bytes: staged.files.reduce(0) { $0 + $1.sizeBytes },
                                          splitWIMs: staged.splitWIMs, skippedSymlinks: staged.skippedSymlinks)
        return result
    }
}
