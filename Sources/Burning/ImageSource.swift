import Foundation

/// Where the bytes of a burn come from: a file read in whole 2048-byte blocks, the last one zero-padded.
public final class ImageSource: @unchecked Sendable {
    public let path: String
    public let sizeBytes: UInt64
    public static let blockBytes = 2048
    private let handle: FileHandle
    /// Test hook: a reader that stalls `stall` every `every` of reading (a slow network share or disk).
    public var stall: (stall: Duration, every: Duration)?
    private var lastStall = ContinuousClock.now

    public init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw BurnError.imageUnreadable(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw BurnError.imageUnreadable(path: path, reason: "it is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BurnError.imageUnreadable(path: path, reason: "permission denied")
        }
        self.path = path
        self.handle = handle
        sizeBytes = (try? handle.seekToEnd()) ?? 0
    }

    deinit { try? handle.close() }

    /// Blocks needed to hold the file (a partial last block counts as one).
    public var blocks: UInt64 { (sizeBytes + UInt64(Self.blockBytes) - 1) / UInt64(Self.blockBytes) }

    /// Reads `count` blocks from block `first`; bytes past the end of the file read as zeros.
    public func read(first: UInt64, count: Int) throws -> [UInt8] {
        if let stall, ContinuousClock.now - lastStall >= stall.every {
            Thread.sleep(forTimeInterval: Double(stall.stall.components.seconds)
                         + Double(stall.stall.components.attoseconds) / 1e18)
            lastStall = ContinuousClock.now
        }
        let want = count * Self.blockBytes
        let offset = first * UInt64(Self.blockBytes)
        // One pread per call into the final buffer (Foundation's FileHandle reads in small pieces and copies),
        // not zeroed first: only what lies past the end of the file is filled with zeros.
        let fd = handle.fileDescriptor
        var failure: Int32?
        let bytes = [UInt8](unsafeUninitializedCapacity: want) { buffer, initialized in
            var done = 0
            while done < want, offset + UInt64(done) < sizeBytes {
                let n = pread(fd, buffer.baseAddress! + done, want - done, off_t(offset + UInt64(done)))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if n == 0 { break }
                done += n
            }
            if done < want { (buffer.baseAddress! + done).initialize(repeating: 0, count: want - done) }
            initialized = want
        }
        if let failure { throw BurnError.imageUnreadable(path: path, reason: String(cString: strerror(failure))) }
        return bytes
    }
}
