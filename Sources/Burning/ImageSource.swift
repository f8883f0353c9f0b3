import Crypto
import SCSI
import Foundation

/// Where the bytes of a burn come from: a file read in whole 2048-byte blocks, the last one zero-padded.
///
/// The file is untrusted and may change while it is burned: the open never blocks (a FIFO or terminal is refused),
/// a file that shrank is an error (never zeros), what was read in order is hashed (`burnedDigest`), and
/// `changeSinceOpen` tells whether the file was modified or replaced since it was opened.
public final class ImageSource: @unchecked Sendable {
    public let path: String
    public let sizeBytes: UInt64
    public static let blockBytes = 2048
    private let handle: FileHandle
    /// Test hook: a reader that stalls `stall` every `every` of reading (a slow network share or disk).
    public var stall: (stall: Duration, every: Duration)?
    private var lastStall = ContinuousClock.now
    private let opened: stat
    private let lock = NSLock()
    private var runningHash = SHA256()
    private var hashedBlocks: UInt64 = 0
    /// Hash what is read in order (`burnedDigest`). Only verification uses the digest: a burn without it turns
    /// this off and keeps SHA-256 out of the writer's hot path.
    public var hashesReads = true

    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else {
            let code = errno
            throw BurnError.imageUnreadable(path: path, reason: code == ENOENT ? "no such file" : String(cString: strerror(code)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            close(fd)
            throw BurnError.imageUnreadable(path: path, reason: isDirectory ? "it is a directory"
                : "it is not a regular file (a FIFO, device or socket cannot be burned as an image)")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.path = path
        self.handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        opened = info
        sizeBytes = UInt64(max(0, info.st_size))
    }

    /// What changed since the open, or nil: the file at `path` was replaced, or its size or modification time
    /// moved (someone wrote to it during the burn).
    public func changeSinceOpen() -> String? {
        var now = stat()
        guard fstat(handle.fileDescriptor, &now) == 0 else { return "it can no longer be examined" }
        if UInt64(max(0, now.st_size)) != sizeBytes { return "its size went from \(sizeBytes) to \(now.st_size) bytes" }
        if now.st_mtim.tv_sec != opened.st_mtim.tv_sec || now.st_mtim.tv_nsec != opened.st_mtim.tv_nsec {
            return "it was written to"
        }
        var atPath = stat()
        if stat(path, &atPath) == 0, atPath.st_ino != opened.st_ino || atPath.st_dev != opened.st_dev {
            return "another file was put in its place"
        }
        return nil
    }

    /// SHA-256 of the blocks handed out in order from block 0 (what a burn wrote), and how many there were.
    public func burnedDigest() -> (blocks: UInt64, sha256: String)? {
        lock.withLock {
            guard hashedBlocks > 0 else { return nil }
            let copy = runningHash
            return (hashedBlocks, copy.finalize().hexString)
        }
    }

    private func hashInOrder(_ bytes: [UInt8], first: UInt64) {
        lock.withLock {
            guard hashesReads, first == hashedBlocks, first < blocks else { return }
            let take = Int(min(UInt64(bytes.count / Self.blockBytes), blocks - first))
            runningHash.update(data: bytes[0..<(take * Self.blockBytes)])
            hashedBlocks += UInt64(take)
        }
    }

    /// Blocks needed to hold the file (a partial last block counts as one).
    public var blocks: UInt64 { (sizeBytes + UInt64(Self.blockBytes) - 1) / UInt64(Self.blockBytes) }

    /// Reads `count` blocks from block `first`; bytes past the end of the file read as zeros.
    public func read(first: UInt64, count: Int) throws -> [UInt8] {
        stallIfAsked()
        let want = count * Self.blockBytes
        // One pread per call into the final buffer (Foundation's FileHandle reads in small pieces and copies),
        // not zeroed first: only what lies past the end of the file is filled with zeros.
        var outcome = ReadOutcome()
        let bytes = [UInt8](unsafeUninitializedCapacity: want) { buffer, initialized in
            outcome = fill(buffer.baseAddress!, bytes: want, offset: first * UInt64(Self.blockBytes))
            initialized = want
        }
        try outcome.check(path: path, sizeBytes: sizeBytes)
        hashInOrder(bytes, first: first)
        return bytes
    }

    /// Reads into `buffer`'s own memory when it holds exactly `count` blocks (no allocation, no page faults for a
    /// chunk the writer handed back), else into a new array.
    public func read(first: UInt64, count: Int, into buffer: inout [UInt8]) throws {
        let want = count * Self.blockBytes
        guard buffer.count == want, want > 0 else {
            buffer = try read(first: first, count: count)
            return
        }
        stallIfAsked()
        let outcome = buffer.withUnsafeMutableBytes { fill($0.baseAddress!, bytes: want, offset: first * UInt64(Self.blockBytes)) }
        try outcome.check(path: path, sizeBytes: sizeBytes)
        hashInOrder(buffer, first: first)
    }

    private func stallIfAsked() {
        guard let stall, ContinuousClock.now - lastStall >= stall.every else { return }
        Thread.sleep(forTimeInterval: Double(stall.stall.components.seconds)
                     + Double(stall.stall.components.attoseconds) / 1e18)
        lastStall = ContinuousClock.now
    }

    /// What `fill` met: a read error, or the end of the file before the size it had when opened.
    private struct ReadOutcome {
        var failure: Int32?
        var shrankAt: UInt64?

        func check(path: String, sizeBytes: UInt64) throws {
            if let failure { throw BurnError.imageUnreadable(path: path, reason: String(cString: strerror(failure))) }
            if let shrankAt {
                // The file ended before the size it had when opened: it was truncated during the burn. Zeros here
                // would be burned (and verified against zeros) as if they were the image.
                throw BurnError.imageUnreadable(path: path, reason: "the image shrank while it was being read "
                    + "(it had \(sizeBytes) bytes, it ends at \(shrankAt)); burn from an image nothing writes to")
            }
        }
    }

    /// Fills `bytes` bytes at `base` from file offset `offset`: pread until done, zeros past the end of the file.
    private func fill(_ base: UnsafeMutableRawPointer, bytes want: Int, offset: UInt64) -> ReadOutcome {
        let fd = handle.fileDescriptor
        var outcome = ReadOutcome()
        var done = 0
        while done < want, offset + UInt64(done) < sizeBytes {
            let n = pread(fd, base + done, want - done, off_t(offset + UInt64(done)))
            if n < 0 {
                if errno == EINTR { continue }
                outcome.failure = errno
                break
            }
            if n == 0 {
                outcome.shrankAt = offset + UInt64(done)
                break
            }
            done += n
        }
        if done < want { (base + done).initializeMemory(as: UInt8.self, repeating: 0, count: want - done) }
        return outcome
    }
}
