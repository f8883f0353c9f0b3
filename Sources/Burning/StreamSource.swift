import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Standard input (`burn -`) as a block source, read once and in order. With a size (`--size`) the burn is
/// planned for exactly that many bytes and input that ends early fails the burn; without one (overwritable
/// media only) it is written until the input ends. What was read is kept in an unlinked temporary file while
/// verification needs it (never otherwise), so the disc can be compared afterwards.
public final class StreamSource: BlockSource, @unchecked Sendable {
    public let declaredBytes: UInt64?
    private let input: Int32
    private let lock = NSLock()
    private var spool: Int32 = -1
    private var blocksRead: UInt64 = 0
    private var ended = false

    /// `input`: a file descriptor (0 for standard input). `keep`: spool for verification.
    public init(input: Int32 = 0, declaredBytes: UInt64?, keep: Bool) throws {
        self.input = input
        self.declaredBytes = declaredBytes
        if keep {
            let directory = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
            var template = Array("\(directory)/discburn-stdin-XXXXXX".utf8CString)
            let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard fd >= 0 else {
                throw BurnError.imageUnreadable(path: "standard input", reason: "cannot create a temporary file in "
                    + "\(directory) to verify against (\(String(cString: strerror(errno)))): set TMPDIR or use --no-verify")
            }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            spool = fd
        }
    }

    deinit { if spool >= 0 { close(spool) } }

    public var sourceDescription: String { "standard input" }

    /// The declared size in blocks, else the blocks read so far (all of them once the input ended).
    public var blocks: UInt64 {
        if let declaredBytes { return (declaredBytes + 2047) / 2048 }
        return lock.withLock { blocksRead }
    }

    public func read(first: UInt64, count: Int) throws -> [UInt8] {
        let (already, done) = lock.withLock { (blocksRead, ended) }
        if first < already { return try readSpool(first: first, count: count) }
        guard first == already else {
            throw BurnError.imageUnreadable(path: "standard input", reason: "it can only be read in order")
        }
        if done { return declaredBytes == nil ? [] : [UInt8](repeating: 0, count: count * 2048) }
        var wanted = count * 2048
        if let declaredBytes { wanted = Int(min(UInt64(wanted), declaredBytes - min(declaredBytes, first * 2048))) }
        var bytes = [UInt8](repeating: 0, count: wanted)
        let got = try fill(&bytes)
        if got < wanted {
            if let declaredBytes {
                throw BurnError.imageUnreadable(path: "standard input", reason: "it ended after \(first * 2048 + UInt64(got)) "
                    + "of the \(declaredBytes) bytes --size announced")
            }
            lock.withLock { ended = true }
        }
        let whole = (got + 2047) / 2048
        bytes.removeSubrange(got...)
        bytes += repeatElement(0, count: whole * 2048 - got)  // a partial last block is zero-padded
        if declaredBytes.map({ first * 2048 + UInt64(wanted) >= $0 }) == true { lock.withLock { ended = true } }
        try keep(bytes, at: first)
        lock.withLock { blocksRead += UInt64(whole) }
        if declaredBytes != nil, bytes.count < count * 2048 { bytes += repeatElement(0, count: count * 2048 - bytes.count) }
        return bytes
    }

    /// Reads until `bytes` is full or the input ends; returns the bytes read.
    private func fill(_ bytes: inout [UInt8]) throws -> Int {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BurnError.imageUnreadable(path: "standard input", reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    private func keep(_ bytes: [UInt8], at block: UInt64) throws {
        guard spool >= 0, !bytes.isEmpty else { return }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(spool, $0.baseAddress! + done, $0.count - done, off_t(block * 2048) + off_t(done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw BurnError.imageUnreadable(path: "standard input", reason: "cannot keep it for verification: "
                    + String(cString: strerror(errno)) + " (free space in TMPDIR, or use --no-verify)")
            }
            done += n
        }
    }

    private func readSpool(first: UInt64, count: Int) throws -> [UInt8] {
        guard spool >= 0 else {
            throw BurnError.imageUnreadable(path: "standard input", reason: "it was not kept: it cannot be read twice")
        }
        var bytes = [UInt8](repeating: 0, count: count * 2048)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { pread(spool, $0.baseAddress! + done, $0.count - done, off_t(first * 2048) + off_t(done)) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        return bytes
    }
}
