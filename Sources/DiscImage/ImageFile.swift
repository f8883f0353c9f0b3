#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only image file: one descriptor, positional reads (`pread`), so it is safe to share between tasks.
public final class ImageFile: Sendable {
    public let path: String
    public let sizeBytes: Int64
    private let descriptor: Int32

    /// Opens a regular file (or a block device) for reading. Never blocks: a FIFO or a terminal is refused after
    /// an O_NONBLOCK open instead of waiting in open(2) for a writer.
    public init(path: String, allowBlockDevice: Bool = false) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else {
            let reason = errno
            var info = stat()
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { throw DiscImageError.isDirectory(path: path) }
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
                throw DiscImageError.notRegularFile(path: path, kind: Self.kindName(info.st_mode))
            }
            throw DiscImageError.cannotOpen(path: path, reason: String(cString: strerror(reason)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw DiscImageError.cannotOpen(path: path, reason: reason)
        }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG || (allowBlockDevice && type == S_IFBLK) else {
            close(fd)
            if type == S_IFDIR { throw DiscImageError.isDirectory(path: path) }
            throw DiscImageError.notRegularFile(path: path, kind: Self.kindName(info.st_mode))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        descriptor = fd
        if type == S_IFBLK {
            let end = lseek(fd, 0, SEEK_END)
            sizeBytes = Int64(max(0, end))
        } else {
            sizeBytes = Int64(info.st_size)
        }
    }

    /// "a FIFO", "a character device", ... for messages.
    public static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a directory"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
        }
    }

    deinit { close(descriptor) }

    /// Reads up to `count` bytes at `offset`; returns fewer only at end of file.
    public func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, count > 0, offset < sizeBytes else { return [] }
        let wanted = Int(min(Int64(count), sizeBytes - offset))
        var buffer = [UInt8](repeating: 0, count: wanted)
        var done = 0
        while done < wanted {
            let got = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress! + done, wanted - done, off_t(offset + Int64(done)))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw DiscImageError.readFailed(
                    path: path, offsetBytes: offset + Int64(done), reason: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            done += got
        }
        if done < wanted { buffer.removeSubrange(done...) }
        return buffer
    }
}

/// How 2048-byte logical blocks sit in the file: plain ISO ("cooked") or raw CD sectors of a bin/cue track.
public struct SectorLayout: Sendable, Equatable {
    /// Bytes per stored sector: 2048 (ISO), 2352 (raw), 2336 (mode 2 without sync/header).
    public let sectorBytes: Int
    /// Offset of the 2048 user-data bytes inside a stored sector: 0, 16 (mode 1 raw), 24 (mode 2 form 1 raw).
    public let userDataOffset: Int
    /// Byte offset of logical block 0 in the file (a track that starts later in a .bin).
    public let startOffsetBytes: Int64
    /// The disc address the file's first block was mastered for: 0 for a plain image, N for a later session
    /// made with `mkisofs -C S,N` (its descriptors sit at N+16, its directories at N or later). Blocks below it
    /// lie in earlier sessions and are not in the file.
    public let firstLBA: Int64

    public static let iso = SectorLayout(sectorBytes: 2048, userDataOffset: 0, startOffsetBytes: 0)

    public init(sectorBytes: Int, userDataOffset: Int, startOffsetBytes: Int64, firstLBA: Int64 = 0) {
        self.sectorBytes = sectorBytes
        self.userDataOffset = userDataOffset
        self.startOffsetBytes = startOffsetBytes
        self.firstLBA = max(0, firstLBA)
    }

    /// A cooked image mastered for disc address `firstLBA`.
    public static func iso(firstLBA: Int64) -> SectorLayout {
        SectorLayout(sectorBytes: 2048, userDataOffset: 0, startOffsetBytes: 0, firstLBA: firstLBA)
    }
}

/// Reads 2048-byte logical blocks through a `SectorLayout`, refusing anything past the end of the file.
public struct BlockReader: Sendable {
    public static let blockBytes = 2048
    public let file: ImageFile
    public let layout: SectorLayout

    public init(file: ImageFile, layout: SectorLayout = .iso) {
        self.file = file
        self.layout = layout
    }

    /// Whole logical blocks present in the file.
    public var blocksPresent: Int64 {
        let usable = file.sizeBytes - layout.startOffsetBytes
        return usable <= 0 ? 0 : usable / Int64(layout.sectorBytes)
    }

    /// The first disc address past the file's last whole block (`blocksPresent` for a plain image).
    public var endLBA: Int64 { layout.firstLBA + blocksPresent }

    /// One block, or nil if the block lies (partly) beyond the end of the file or before its first address.
    func block(_ lba: Int64) throws -> ByteView? {
        let index = lba &- layout.firstLBA
        guard lba >= layout.firstLBA, index < blocksPresent else { return nil }
        let offset = layout.startOffsetBytes + index * Int64(layout.sectorBytes) + Int64(layout.userDataOffset)
        let bytes = try file.read(at: offset, count: Self.blockBytes)
        guard bytes.count == Self.blockBytes else { return nil }
        return ByteView(bytes)
    }

    /// `count` consecutive blocks as one view (cooked layout reads them in one call).
    func blocks(_ lba: Int64, count: Int) throws -> ByteView? {
        guard count > 0, lba >= layout.firstLBA, lba - layout.firstLBA <= blocksPresent - Int64(count) else { return nil }
        if layout.sectorBytes == Self.blockBytes {
            let offset = layout.startOffsetBytes + (lba - layout.firstLBA) * Int64(Self.blockBytes)
            let bytes = try file.read(at: offset, count: count * Self.blockBytes)
            return bytes.count == count * Self.blockBytes ? ByteView(bytes) : nil
        }
        var all: [UInt8] = []
        all.reserveCapacity(count * Self.blockBytes)
        for index in 0..<Int64(count) {
            guard let one = try block(lba + index) else { return nil }
            all += one.bytes
        }
        return ByteView(all)
    }

    /// Reads `count` bytes of file data starting at block `lba` (extent contents), clipped to the file.
    func data(lba: Int64, offsetBytes: Int64, count: Int) throws -> [UInt8] {
        if layout.sectorBytes == Self.blockBytes {
            guard lba >= layout.firstLBA else { return [] }
            return try file.read(at: layout.startOffsetBytes + (lba - layout.firstLBA) * 2048 + offsetBytes, count: count)
        }
        var out: [UInt8] = []
        var position = offsetBytes
        while out.count < count {
            guard let one = try block(lba + position / 2048) else { break }
            let inBlock = Int(position % 2048)
            let take = min(2048 - inBlock, count - out.count)
            out += one.bytes[inBlock..<(inBlock + take)]
            position += Int64(take)
        }
        return out
    }
}
