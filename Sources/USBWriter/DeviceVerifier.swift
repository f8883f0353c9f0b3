import Burning
import Foundation

extension DeviceWriter {
    /// Reads the image's length back past the page cache (O_DIRECT, or BLKFLSBUF + POSIX_FADV_DONTNEED) and
    /// compares its SHA-256 with the image's; hashing runs on its own thread while the next transfer is read.
    func verify(_ device: BlockDeviceHandle, expectedSHA256: String) -> VerifyResult {
        let imageBytes = plan.image.sizeBytes
        let blocks = (imageBytes + 511) / 512
        device.dropCache()
        let reader: (descriptor: Int32, direct: Bool)
        do { reader = try device.openForReading() } catch {
            return VerifyResult(outcome: .unreadable, blocksCompared: 0, reason: "\(error)")
        }
        defer { close(reader.descriptor) }
        let digest = DigestThread()
        let buffer = AlignedBuffer(count: options.transferBytes)
        var meter = ProgressMeter(totalBytes: imageBytes, profile: .removableDisk)
        var offset: UInt64 = 0
        while offset < imageBytes {
            if isCancelled {
                digest.cancel()
                return .skipped("interrupted")
            }
            let wanted = Int(min(UInt64(options.transferBytes), imageBytes - offset))
            let length = reader.direct ? (wanted + device.sectorBytes - 1) / device.sectorBytes * device.sectorBytes : wanted
            let count = pread(reader.descriptor, buffer.bytes.baseAddress, length, off_t(offset))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                digest.cancel()
                let reason = count == 0 ? "the disk ends early" : String(cString: strerror(errno))
                return VerifyResult(outcome: .unreadable, blocksCompared: offset / 512, 
                                    unreadableLBAs: [offset / 512],
                                    reason: "\(USBWriteError.read(device: devicePath, offsetBytes: offset, reason: reason))")
            }
            let used = min(count, wanted)
            try? digest.push([UInt8](UnsafeRawBufferPointer(rebasing: buffer.bytes[..<used])))
            offset += UInt64(used)
            meter.add(bytes: used)
            if meter.due() { emit(meter.status(.verifying, progress: Double(offset) / Double(imageBytes))) }
        }
        let sha256 = digest.finish()
        emit(meter.status(.verifying, progress: 1))
        if sha256 == expectedSHA256 {
            return VerifyResult(outcome: .match, blocksCompared: blocks, sha256: sha256)
        }
        return VerifyResult(outcome: .mismatch, blocksCompared: blocks, sha256: sha256,
                            reason: "the disk reads back SHA-256 \(sha256), the image has \(expectedSHA256); "
                                + "the stick is faulty or smaller than it claims")
    }
}
