import Burning
import Crypto
import Foundation

extension DeviceWriter {
    /// Reads the image's length back past the page cache (O_DIRECT, or BLKFLSBUF + POSIX_FADV_DONTNEED) and
    /// compares its SHA-256 with the image's. Reads land in a `SlotPipeline` whose second stage hashes them in
    /// place, so hashing overlaps the next read and nothing is copied.
    func verify(_ device: BlockDeviceHandle, expectedSHA256: String) -> VerifyResult {
        let imageBytes = plan.image.sizeBytes
        device.dropCache()
        let reader: (descriptor: Int32, direct: Bool)
        do { reader = try device.openForReading() } catch {
            return VerifyResult(outcome: .unreadable, blocksCompared: 0, reason: "\(error)")
        }
        defer { close(reader.descriptor) }
        let pipeline = SlotPipeline(stages: 2, slots: 4, slotBytes: options.transferBytes)
        let hasher = SlotHasher(pipeline, stage: 1)
        /// Ends the hashing thread: an end marker through the pipeline.
        func finishHashing() -> String {
            if let slot = pipeline.acquire(stage: 0) { pipeline.release(slot, stage: 0, length: 0) }
            return hasher.finish()
        }
        var meter = ProgressMeter(totalBytes: imageBytes, profile: .removableDisk)
        var offset: UInt64 = 0
        while offset < imageBytes {
            if isCancelled {
                _ = finishHashing()
                return .skipped("interrupted")
            }
            let wanted = Int(min(UInt64(options.transferBytes), imageBytes - offset))
            let length = reader.direct ? (wanted + device.sectorBytes - 1) / device.sectorBytes * device.sectorBytes : wanted
            guard let slot = pipeline.acquire(stage: 0) else { return .skipped("interrupted") }
            var count: Int
            repeat { count = pread(reader.descriptor, slot.buffer.baseAddress, length, off_t(offset)) } while count < 0 && errno == EINTR
            guard count >= wanted else {
                // A short read: the disk ended (a device smaller than it claims), or an I/O error.
                let reason = count >= 0 ? "the disk ends early" : String(cString: strerror(errno))
                offset += UInt64(max(0, count))
                pipeline.release(slot, stage: 0, length: 0)
                _ = hasher.finish()
                return VerifyResult(outcome: .unreadable, blocksCompared: offset / 512, unreadableLBAs: [offset / 512],
                                    reason: "\(USBWriteError.read(device: devicePath, offsetBytes: offset, reason: reason))")
            }
            let used = min(count, wanted)
            pipeline.release(slot, stage: 0, length: used)
            offset += UInt64(used)
            meter.add(bytes: used)
            if meter.due() { emit(meter.status(.verifying, progress: Double(offset) / Double(imageBytes))) }
        }
        let sha256 = finishHashing()
        emit(meter.status(.verifying, progress: 1))
        let blocks = (imageBytes + 511) / 512
        if sha256 == expectedSHA256 { return VerifyResult(outcome: .match, blocksCompared: blocks, sha256: sha256) }
        return VerifyResult(outcome: .mismatch, blocksCompared: blocks, sha256: sha256,
                            reason: "the disk reads back SHA-256 \(sha256), the image has \(expectedSHA256); "
                                + "the stick is faulty or smaller than it claims")
    }
}

/// The last stage of a `SlotPipeline`: SHA-256 of every slot in order, on its own thread, until the end marker.
final class SlotHasher: @unchecked Sendable {
    private var digest = ""
    private let done = DispatchSemaphore(value: 0)

    init(_ pipeline: SlotPipeline, stage: Int) {
        let thread = Thread { [self] in
            var hash = SHA256()
            while let slot = pipeline.acquire(stage: stage) {
                if slot.length > 0 {
                    hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: slot.buffer[..<slot.length]))
                }
                pipeline.release(slot, stage: stage)
                if slot.length <= 0 { break }
            }
            digest = hash.finalize().map { String(format: "%02x", $0) }.joined()
            done.signal()
        }
        thread.name = "discburn-sha256"
        thread.start()
    }

    /// Waits for the end marker (or a cancel); the hex SHA-256 of everything hashed.
    func finish() -> String {
        done.wait()
        return digest
    }
}
