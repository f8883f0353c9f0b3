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
}

extension ImageSource: BlockSource {
    public var sourceDescription: String { path }
}

/// Another drive's disc as a source (disc-to-disc copy on the fly): blocks from `startLBA`, read with READ(10)
/// and retried by the sense policy; an unreadable block fails the copy (a copy must be exact — rip first to
/// map bad areas).
public final class DiscSource: BlockSource, @unchecked Sendable {
    public let session: DriveSession
    public let startLBA: UInt64
    public let blocks: UInt64

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
            let data = try session.send(Read10(lba: UInt32(truncatingIfNeeded: startLBA + block), blocks: UInt16(n)))
            guard data.count == n * 2048 else {
                throw BurnError.imageUnreadable(path: sourceDescription,
                                                reason: "short read at LBA \(startLBA + block) (\(data.count) bytes)")
            }
            out.append(contentsOf: data)
            block += UInt64(n)
        }
        if out.count < count * 2048 { out.append(contentsOf: repeatElement(0, count: count * 2048 - out.count)) }
        return out
    }
}
