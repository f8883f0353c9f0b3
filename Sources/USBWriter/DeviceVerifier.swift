import Burning
import Crypto
import Foundation

extension DeviceWriter {
    /// Reads the image's length back past the page cache (O_DIRECT, or BLKFLSBUF + POSIX_FADV_DONTNEED) and
    /// compares its SHA-256 with the image's. Reads land in a ring of aligned buffers that a hashing thread
    /// consumes in place, so hashing overlaps the next read and nothing is copied.
    func verify(_ device: BlockDeviceHandle, expectedSHA256: String) -> VerifyResult {
        let imageBytes = plan.image.sizeBytes
        device.dropCache()
        let reader: (descriptor: Int32, direct: Bool)
        do { reader = try device.openForReading() } catch {
            return VerifyResult(outcome: .unreadable, blocksCompared: 0, reason: "\(error)")
        }
        defer { close(reader.descriptor) }
        let ring = HashingRing(slots: 4, slotBytes: options.transferBytes)
        var meter = ProgressMeter(totalBytes: imageBytes, profile: .removableDisk)
        var offset: UInt64 = 0
        while offset < imageBytes {
            if isCancelled {
                _ = ring.finish()
                return .skipped("interrupted")
            }
            let wanted = Int(min(UInt64(options.transferBytes), imageBytes - offset))
            let length = reader.direct ? (wanted + device.sectorBytes - 1) / device.sectorBytes * device.sectorBytes : wanted
            let slot = ring.empty()
            var count: Int
            repeat { count = pread(reader.descriptor, slot.baseAddress, length, off_t(offset)) } while count < 0 && errno == EINTR
            guard count > 0 else {
                let reason = count == 0 ? "the disk ends early" : String(cString: strerror(errno))
                ring.filled(0)
                _ = ring.finish()
                return VerifyResult(outcome: .unreadable, blocksCompared: offset / 512, unreadableLBAs: [offset / 512],
                                    reason: "\(USBWriteError.read(device: devicePath, offsetBytes: offset, reason: reason))")
            }
            let used = min(count, wanted)
            ring.filled(used)
            offset += UInt64(used)
            meter.add(bytes: used)
            if meter.due() { emit(meter.status(.verifying, progress: Double(offset) / Double(imageBytes))) }
        }
        let sha256 = ring.finish()
        emit(meter.status(.verifying, progress: 1))
        let blocks = (imageBytes + 511) / 512
        if sha256 == expectedSHA256 { return VerifyResult(outcome: .match, blocksCompared: blocks, sha256: sha256) }
        return VerifyResult(outcome: .mismatch, blocksCompared: blocks, sha256: sha256,
                            reason: "the disk reads back SHA-256 \(sha256), the image has \(expectedSHA256); "
                                + "the stick is faulty or smaller than it claims")
    }
}

/// Aligned buffers passed between the read-back (which fills them in order) and a thread that hashes them in
/// place and hands them back.
final class HashingRing: @unchecked Sendable {
    private let buffers: [AlignedBuffer]
    /// Bytes in each slot, written by the reader before it signals and read by the hasher after it waits (raw
    /// memory: a Swift array here would be copied on write while the other thread holds it).
    private let lengths: UnsafeMutablePointer<Int>
    /// Created at 0 and signalled once per slot: libdispatch traps when a semaphore is freed below its initial value.
    private let emptySlots = DispatchSemaphore(value: 0)
    private let filledSlots = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var nextEmpty = 0
    private var nextFilled = 0
    private var digest = ""
    private let endMarker = -1

    init(slots: Int, slotBytes: Int) {
        buffers = (0..<slots).map { _ in AlignedBuffer(count: slotBytes) }
        lengths = .allocate(capacity: slots)
        lengths.initialize(repeating: 0, count: slots)
        for _ in 0..<slots { emptySlots.signal() }
        let thread = Thread { [self] in
            var hash = SHA256()
            var slot = 0
            while true {
                filledSlots.wait()
                let length = lengths[slot]
                if length == endMarker { break }
                hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffers[slot].bytes[..<length]))
                slot = (slot + 1) % buffers.count
                emptySlots.signal()
            }
            digest = hash.finalize().map { String(format: "%02x", $0) }.joined()
            done.signal()
        }
        thread.name = "discburn-verify-sha256"
        thread.start()
    }

    deinit { lengths.deallocate() }

    /// The next free buffer (waits while all are being hashed).
    func empty() -> UnsafeMutableRawBufferPointer {
        emptySlots.wait()
        return buffers[nextEmpty].bytes
    }

    /// The buffer from `empty()` holds `length` bytes to hash.
    func filled(_ length: Int) {
        lengths[nextEmpty] = length
        nextEmpty = (nextEmpty + 1) % buffers.count
        filledSlots.signal()
    }

    /// Waits for the hashing thread; the hex SHA-256 of everything filled.
    func finish() -> String {
        emptySlots.wait()
        lengths[nextEmpty] = endMarker
        filledSlots.signal()
        done.wait()
        return digest
    }
}
