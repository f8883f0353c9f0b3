import Burning
import Foundation

extension DeviceWriter {
    /// Reads the image's length back past the page cache (O_DIRECT, or BLKFLSBUF + POSIX_FADV_DONTNEED), one
    /// segment of `expected` per read, and checks every segment on `SegmentChecker`'s workers (several cores)
    /// while this thread reads the next. A raw image is compared byte for byte with the image file, which the write
    /// just read (from the page cache: a copy and a memcmp cost a fraction of SHA-256, even on SHA instructions);
    /// a compressed one against the image's SHA-256 chain from the write (decompressing it again would cost more
    /// than hashing): see `SegmentedDigest`. Either way every byte read back is compared with the image and the
    /// read-back's SHA-256 is the image's. On a mismatch the first differing segment is read again from the image
    /// and the disk for the first differing byte.
    func verify(_ device: BlockDeviceHandle, expected: SegmentedDigest) -> VerifyResult {
        let imageBytes = plan.image.sizeBytes
        guard expected.totalBytes == imageBytes else {
            return VerifyResult(outcome: .unreadable, blocksCompared: 0,
                                reason: "the image was \(expected.totalBytes) bytes when written, \(imageBytes) now")
        }
        device.dropCache()
        let reader: (descriptor: Int32, direct: Bool)
        do { reader = try device.openForReading() } catch {
            return VerifyResult(outcome: .unreadable, blocksCompared: 0, reason: "\(error)")
        }
        defer { close(reader.descriptor) }
        // A raw image the write just read is compared from its file; without it (gone since), by the chain.
        let image = plan.image.compression == .none ? open(imagePath, O_RDONLY | O_CLOEXEC) : -1
        defer { if image >= 0 { close(image) } }
        let checker = SegmentChecker(expected, image: image >= 0 ? image : nil,
                                     buffers: max(4, options.fifoBytes / expected.segmentBytes),
                                     bufferBytes: roundUp(expected.segmentBytes, to: device.sectorBytes))
        var meter = ProgressMeter(totalBytes: imageBytes, profile: .removableDisk)
        var offset: UInt64 = 0
        for index in 0..<expected.segmentCount {
            if isCancelled {
                checker.finish()
                return .skipped("interrupted")
            }
            if checker.firstMismatch != nil { break }  // segments before it are all in flight already
            let wanted = expected.segmentLength(index)
            let length = reader.direct ? roundUp(wanted, to: device.sectorBytes) : wanted
            let buffer = checker.freeBuffer()
            var count: Int
            repeat {
                count = pread(reader.descriptor, checker.bytes(buffer).baseAddress, length, off_t(offset))
            } while count < 0 && errno == EINTR
            guard count >= wanted else {
                // A short read: the disk ended (a device smaller than it claims), or an I/O error.
                let reason = count >= 0 ? "the disk ends early" : String(cString: strerror(errno))
                offset += UInt64(max(0, count))
                checker.giveBack(buffer)
                checker.finish()
                return VerifyResult(outcome: .unreadable, blocksCompared: offset / 512, unreadableLBAs: [offset / 512],
                                    reason: "\(USBWriteError.read(device: devicePath, offsetBytes: offset, reason: reason))")
            }
            checker.check(index, length: wanted, buffer: buffer)
            offset += UInt64(wanted)
            meter.add(bytes: wanted)
            if meter.due() { emit(meter.status(.verifying, progress: Double(offset) / Double(imageBytes))) }
        }
        checker.finish()
        emit(meter.status(.verifying, progress: 1))
        guard let segment = checker.firstMismatch else {
            return VerifyResult(outcome: .match, blocksCompared: (imageBytes + 511) / 512, sha256: expected.sha256)
        }
        let differsAt = firstDifferingByte(in: segment, of: expected, reader: reader, sectorBytes: device.sectorBytes)
        var mismatch = VerifyResult(outcome: .mismatch, blocksCompared: differsAt / 512,
                                    reason: "the disk differs from the image at byte \(differsAt) (of \(imageBytes)); "
                                        + "the stick is faulty or smaller than it claims")
        mismatch.firstMismatchLBA = differsAt / 512  // 512-byte sectors, as `blocksCompared`
        return mismatch
    }

    /// The offset of the first byte where segment `index` of the disk differs from the image: the image streamed
    /// (decompressed) up to that segment again, the disk read again. The segment's start when either read fails or
    /// they agree now (the image changed since it was written).
    private func firstDifferingByte(in index: Int, of expected: SegmentedDigest,
                                    reader: (descriptor: Int32, direct: Bool), sectorBytes: Int) -> UInt64 {
        let start = UInt64(index) * UInt64(expected.segmentBytes)
        let wanted = expected.segmentLength(index)
        let image = AlignedBuffer(count: expected.segmentBytes)
        let disk = AlignedBuffer(count: roundUp(expected.segmentBytes, to: sectorBytes))
        guard let stream = try? ImageStream(path: imagePath) else { return start }
        for segment in 0...index {  // the last read leaves segment `index` in `image`
            guard let count = try? stream.read(into: image.bytes), count == expected.segmentLength(segment) else {
                return start
            }
        }
        let length = reader.direct ? roundUp(wanted, to: sectorBytes) : wanted
        guard pread(reader.descriptor, disk.bytes.baseAddress, length, off_t(start)) >= wanted else { return start }
        for position in 0..<wanted where image.bytes[position] != disk.bytes[position] {
            return start + UInt64(position)
        }
        return start
    }
}

private func roundUp(_ value: Int, to multiple: Int) -> Int { (value + multiple - 1) / multiple * multiple }

/// The read-back's workers: each segment handed to `check` is compared on a global-queue thread (one per core),
/// with the image file's bytes at its offset when there is an `image` descriptor, else with the image's SHA-256
/// chain; then its buffers go back to the pool `freeBuffer` draws from.
final class SegmentChecker: @unchecked Sendable {
    private let expected: SegmentedDigest
    private let image: Int32?
    private let buffers: [AlignedBuffer]
    /// One per buffer, for the image's bytes (empty without `image`).
    private let imageBuffers: [AlignedBuffer]
    private var free: [Int]
    private let freeCount: DispatchSemaphore
    private let lock = NSLock()
    private let group = DispatchGroup()
    private var lowestMismatch: Int?

    init(_ expected: SegmentedDigest, image: Int32?, buffers count: Int, bufferBytes: Int) {
        self.expected = expected
        self.image = image
        buffers = (0..<count).map { _ in AlignedBuffer(count: bufferBytes) }
        imageBuffers = image == nil ? [] : (0..<count).map { _ in AlignedBuffer(count: expected.segmentBytes) }
        free = Array(0..<count)
        freeCount = DispatchSemaphore(value: 0)
        for _ in 0..<count { freeCount.signal() }  // up from 0: libdispatch traps below a semaphore's initial value
    }

    /// The number of a buffer no worker uses, waiting for one.
    func freeBuffer() -> Int {
        freeCount.wait()
        return lock.withLock { free.removeLast() }
    }

    func bytes(_ buffer: Int) -> UnsafeMutableRawBufferPointer { buffers[buffer].bytes }

    func giveBack(_ buffer: Int) {
        lock.withLock { free.append(buffer) }
        freeCount.signal()
    }

    /// Checks segment `index`, the first `length` bytes of `buffer`, on a worker.
    func check(_ index: Int, length: Int, buffer: Int) {
        DispatchQueue.global().async(group: group) { [self] in
            let read = UnsafeRawBufferPointer(rebasing: buffers[buffer].bytes[..<length])
            // A segment that differs from the image file is checked against the chain as well: the file may have
            // changed since the write read it, and the chain is what was written.
            let matches = (image.map { matchesImageFile($0, index, read, scratch: imageBuffers[buffer].bytes) } ?? false)
                || expected.segmentMatches(index, read)
            if !matches { lock.withLock { lowestMismatch = min(lowestMismatch ?? index, index) } }
            giveBack(buffer)
        }
    }

    /// The image file's bytes of segment `index` equal `read` (false when the file ends early or fails).
    private func matchesImageFile(_ image: Int32, _ index: Int, _ read: UnsafeRawBufferPointer,
                                  scratch: UnsafeMutableRawBufferPointer) -> Bool {
        guard read.count == expected.segmentLength(index), read.count <= scratch.count else { return false }
        let start = off_t(index) * off_t(expected.segmentBytes)
        var done = 0
        while done < read.count {
            let count = pread(image, scratch.baseAddress! + done, read.count - done, start + off_t(done))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            done += count
        }
        return memcmp(scratch.baseAddress!, read.baseAddress!, read.count) == 0
    }

    /// Waits for every segment handed over.
    func finish() { group.wait() }

    /// The lowest segment found to differ so far (after `finish`: of all segments checked).
    var firstMismatch: Int? { lock.withLock { lowestMismatch } }
}
