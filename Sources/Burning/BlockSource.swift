import MMC
import SCSI

/// Where burned bytes come from and what verification compares with: an image file, or another disc.
public protocol BlockSource: AnyObject, Sendable {
    /// For messages ("image.iso", "disc in /dev/sr1").
    var sourceDescription: String { get }
    /// Blocks of 2048 bytes.
    var blocks: UInt64 { get }
    /// `count` blocks from block `first`; past the end reads as zeros.
    func read(first: UInt64, count: Int) throws -> [UInt8]
    /// The same blocks into `buffer`, reusing its memory where the source can (an image file: when `buffer` holds
    /// exactly the bytes asked for); the burn's reader hands in the chunks the writer has sent (issue 15).
    func read(first: UInt64, count: Int, into buffer: inout [UInt8]) throws
}

extension BlockSource {
    public func read(first: UInt64, count: Int, into buffer: inout [UInt8]) throws {
        buffer = try read(first: first, count: count)
    }
}

extension ImageSource: BlockSource {
    public var sourceDescription: String { path }
}

/// Another drive's disc as a source (disc-to-disc copy on the fly): blocks from `startLBA`, read with READ(10).
/// A failing read is retried like `rip` does (the chunk `retries` more times, then block by block, each block
/// `retries` more times); a block still unreadable fails the copy (a copy must be exact — rip first to map bad
/// areas).
public final class DiscSource: BlockSource, @unchecked Sendable {
    public let session: DriveSession
    public let startLBA: UInt64
    public let blocks: UInt64
    /// Extra attempts per failing read, as `RipOptions.retries`.
    public var retries = 2

    public init(session: DriveSession, startLBA: UInt64, blocks: UInt64) {
        self.session = session
        self.startLBA = startLBA
        self.blocks = blocks
    }

    public var sourceDescription: String { "the disc in \(session.deviceName)" }

    public func read(first: UInt64, count: Int) throws -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count * 2048)
        var block = first
        let end = first + UInt64(count)
        while block < min(end, blocks) {
            let n = Int(min(32, min(end, blocks) - block))
            out.append(contentsOf: try readRetrying(lba: startLBA + block, count: n))
            block += UInt64(n)
        }
        if out.count < count * 2048 { out.append(contentsOf: repeatElement(0, count: count * 2048 - out.count)) }
        return out
    }

    private func readRetrying(lba: UInt64, count: Int) throws -> [UInt8] {
        var lastError: Error?
        for _ in 0...max(0, retries) {
            do { return try readOnce(lba: lba, count: count) } catch { lastError = error }
        }
        guard count > 1 else {
            throw BurnError.imageUnreadable(path: sourceDescription, reason: "LBA \(lba) unreadable after "
                + "\(max(0, retries) + 1) attempts (\(lastError.map { "\($0)" } ?? "short read"))")
        }
        var out = [UInt8]()
        out.reserveCapacity(count * 2048)
        for index in 0..<UInt64(count) { out.append(contentsOf: try readRetrying(lba: lba + index, count: 1)) }
        return out
    }

    private func readOnce(lba: UInt64, count: Int) throws -> [UInt8] {
        guard lba + UInt64(count) <= UInt64(UInt32.max) + 1 else {
            throw BurnError.imageUnreadable(path: sourceDescription, reason: "LBA \(lba) is beyond READ(10)'s range")
        }
        let data = try session.send(Read10(lba: UInt32(lba), blocks: UInt16(count)))
        guard data.count == count * 2048 else {
            throw BurnError.imageUnreadable(path: sourceDescription,
                                            reason: "short read at LBA \(lba) (\(data.count) bytes)")
        }
        return data
    }
}
