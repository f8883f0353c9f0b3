#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole 2352-byte CD sectors of the tracks a SEND CUE SHEET session recorded (audio, and data as sync + header +
/// user data + EDC/ECC), LBA 0 first: DIR/raw.bin (sparse, created on the first write) for persisted discs, memory
/// otherwise. The 2048-byte user data of data sectors goes to the disc's `SectorStore` as well, so READ(10) reads
/// what it always read; READ CD (BEh) reads here.
final class RawSectorStore {
    static let sectorBytes = 2352
    static let fileName = "raw.bin"

    private let directory: StateDirectory?
    private var fd: Int32 = -1
    private var memory: [Int: [UInt8]] = [:]

    init(directory: StateDirectory?) {
        self.directory = directory
        if let directory {
            let path = directory.file(Self.fileName)
            fd = open(path, O_RDWR | O_CLOEXEC)  // absent until the first write: reads are zeros
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    private func opened() throws -> Int32 {
        if fd >= 0 { return fd }
        guard let directory else { return -1 }
        try directory.prepareForWriting()
        let path = directory.file(Self.fileName)
        let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw StoreError(operation: "open", path: path, code: errno) }
        fd = opened
        return opened
    }

    /// `count` sectors from `lba`; never-written sectors are zeros.
    func read(lba: Int, count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count * Self.sectorBytes)
        guard directory != nil else {
            for i in 0..<count {
                if let sector = memory[lba + i] {
                    out.replaceSubrange(i * Self.sectorBytes..<(i + 1) * Self.sectorBytes, with: sector)
                }
            }
            return out
        }
        guard fd >= 0 else { return out }
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(lba * Self.sectorBytes + done))
            }
            if n < 0, errno == EINTR { continue }
            if n < 0 { throw StoreError(operation: "read", path: Self.fileName, code: errno) }
            if n == 0 { break }
            done += n
        }
        return out
    }

    /// Stores whole sectors (a multiple of 2352 bytes) from `lba`.
    func write(lba: Int, sectors: [UInt8]) throws {
        guard directory != nil else {
            for i in 0..<(sectors.count / Self.sectorBytes) {
                memory[lba + i] = Array(sectors[i * Self.sectorBytes..<(i + 1) * Self.sectorBytes])
            }
            return
        }
        let fd = try opened()
        var done = 0
        while done < sectors.count {
            let n = sectors.withUnsafeBytes { buffer in
                pwrite(fd, buffer.baseAddress! + done, buffer.count - done, off_t(lba * Self.sectorBytes + done))
            }
            if n < 0, errno == EINTR { continue }
            if n < 0 { throw StoreError(operation: "write", path: Self.fileName, code: errno) }
            done += n
        }
    }

    /// Forgets every sector (BLANK).
    func erase() throws {
        memory.removeAll()
        if fd >= 0, ftruncate(fd, 0) != 0 { throw StoreError(operation: "truncate", path: Self.fileName, code: errno) }
    }

    func flush() throws {
        guard fd >= 0 else { return }
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw StoreError(operation: "fsync", path: Self.fileName, code: errno)
        }
    }
}
