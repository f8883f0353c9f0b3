#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFileSync

/// Where a virtual disc keeps its 2048-byte user-data blocks, LBA 0 first. Blocks never written read as zeros.
protocol SectorStore: AnyObject {
    func read(lba: Int, blocks: Int) throws -> [UInt8]
    func write(lba: Int, data: [UInt8]) throws
    /// Forgets every block (BLANK, FORMAT UNIT).
    func erase() throws
    func flush() throws
}

/// Failure of the file behind a store: surfaces as a transport error, never as sense data.
struct StoreError: Error, CustomStringConvertible {
    let operation: String
    let path: String
    let code: Int32
    var detail: String? = nil
    var description: String {
        if let detail { return "\(operation) \(path): \(detail)" }
        return "\(operation) \(path): \(String(cString: strerror(code))) (errno \(code))"
    }
}

let blockBytes = 2048

/// Blocks held in memory, in chunks of 256 blocks allocated on first write.
final class MemorySectorStore: SectorStore {
    private static let chunkBlocks = 256
    private var chunks: [Int: [UInt8]] = [:]

    func read(lba: Int, blocks: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: blocks * blockBytes)
        for i in 0..<blocks {
            let block = lba + i
            guard let chunk = chunks[block / Self.chunkBlocks] else { continue }
            let from = (block % Self.chunkBlocks) * blockBytes
            out.replaceSubrange(i * blockBytes..<(i + 1) * blockBytes, with: chunk[from..<from + blockBytes])
        }
        return out
    }

    func write(lba: Int, data: [UInt8]) throws {
        let blocks = data.count / blockBytes
        for i in 0..<blocks {
            let block = lba + i
            let key = block / Self.chunkBlocks
            var chunk = chunks.removeValue(forKey: key) ?? [UInt8](repeating: 0, count: Self.chunkBlocks * blockBytes)
            let to = (block % Self.chunkBlocks) * blockBytes
            chunk.replaceSubrange(to..<to + blockBytes, with: data[i * blockBytes..<(i + 1) * blockBytes])
            chunks[key] = chunk
        }
    }

    func erase() throws { chunks.removeAll() }
    func flush() throws {}
}

/// The blocks of a test write: reads come from the real disc, writes and erases go nowhere.
final class SimulatedSectorStore: SectorStore {
    private let base: SectorStore

    init(base: SectorStore) { self.base = base }

    func read(lba: Int, blocks: Int) throws -> [UInt8] { try base.read(lba: lba, blocks: blocks) }
    func write(lba: Int, data: [UInt8]) throws {}
    func erase() throws {}
    func flush() throws {}
}

/// Blocks in a (sparse) file: DIR/media.bin for persisted recordable discs, or a read-only image file for
/// pressed discs. Reads past the end of the file return zeros.
final class FileSectorStore: SectorStore {
    let path: String
    private let fd: Int32
    private let writable: Bool

    init(path: String, writable: Bool) throws {
        self.path = path
        self.writable = writable
        let flags = writable ? (O_RDWR | O_CREAT) : O_RDONLY
        // Never blocks (a FIFO as image) and takes only regular files: a directory or device is refused (issue 13).
        let fd = open(path, flags | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0o644)
        guard fd >= 0 else { throw StoreError(operation: "open", path: path, code: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            close(fd)
            throw StoreError(operation: "open", path: path, code: isDirectory ? EISDIR : EINVAL,
                             detail: isDirectory ? "is a directory, not an image file" : "not a regular file")
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.fd = fd
    }

    deinit { close(fd) }

    /// Size of the file in bytes.
    func sizeBytes() throws -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw StoreError(operation: "stat", path: path, code: errno) }
        return Int(st.st_size)
    }

    func read(lba: Int, blocks: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: blocks * blockBytes)
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { buf in
                pread(fd, buf.baseAddress! + done, buf.count - done, off_t(lba * blockBytes + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError(operation: "read", path: path, code: errno)
            }
            if n == 0 { break }  // end of file: the rest stays zero
            done += n
        }
        return out
    }

    func write(lba: Int, data: [UInt8]) throws {
        precondition(writable, "write to a read-only store")
        var done = 0
        while done < data.count {
            let n = data.withUnsafeBytes { buf in
                pwrite(fd, buf.baseAddress! + done, buf.count - done, off_t(lba * blockBytes + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError(operation: "write", path: path, code: errno)
            }
            done += n
        }
        unsynced = true
        startWriteBack(offset: lba * blockBytes, count: data.count)
    }

    /// Starts the disk write of each 8 MiB of a sequential run (`WriteBehind`). Only a hint to the kernel: a
    /// failure here shows again, and is reported, at the next fsync.
    private func startWriteBack(offset: Int, count: Int) {
        guard let due = writeBehind.wrote(offset: offset, count: count) else { return }
        if cfilesync_start_writeback(fd, Int64(due.lowerBound), Int64(due.count)) == 0 { writeBacksStarted += 1 }
    }

    func erase() throws {
        guard ftruncate(fd, 0) == 0 else { throw StoreError(operation: "truncate", path: path, code: errno) }
        unsynced = true
        writeBehind.reset()
    }

    /// fsync: writes go straight to the file, which other processes see at once; this makes them survive a
    /// machine crash too (SYNCHRONIZE CACHE, CLOSE). Read-only images, and a file not written since its last
    /// fsync (a CLOSE after SYNCHRONIZE CACHE), have nothing to sync.
    func flush() throws {
        guard writable, unsynced else { return }
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw StoreError(operation: "fsync", path: path, code: errno)
        }
        unsynced = false
        syncCount += 1
        writeBehind.reset()
    }

    /// Written or truncated since the last fsync (a file opened now may hold writes of an earlier process that
    /// never synced: the first flush syncs it).
    private var unsynced = true

    /// fsyncs done, for tests of durability.
    private(set) var syncCount = 0

    private var writeBehind = WriteBehind()
    /// Write-backs started ahead of an fsync (`WriteBehind`), for tests.
    private(set) var writeBacksStarted = 0
}
