import CBlockDevice
import Foundation

/// The whole-disk node opened for the job: O_EXCL (the kernel refuses while a partition is mounted or held), an
/// exclusive `flock` for the whole job (systemd's "Locking Block Device Access": udev leaves a locked disk alone
/// while it is rewritten), O_DIRECT where the device takes it. A regular file is accepted too (tests, benches).
final class BlockDeviceHandle {
    let path: String
    let descriptor: Int32
    /// O_DIRECT is set: buffers, offsets and lengths must be multiples of `sectorBytes`.
    private(set) var direct: Bool
    let sectorBytes: Int
    let sizeBytes: UInt64
    let isBlockDevice: Bool

    init(path: String) throws {
        self.path = path
        let base = O_RDWR | O_EXCL | O_CLOEXEC
        var fd = open(path, base | cblock_o_direct())
        direct = fd >= 0
        if fd < 0 && errno == EINVAL {
            fd = open(path, base)  // a file system without O_DIRECT (tmpfs): page cache, then fdatasync
        }
        guard fd >= 0 else {
            if errno == EBUSY { throw USBWriteError.busy(device: path) }
            throw USBWriteError.open(device: path, reason: String(cString: strerror(errno)))
        }
        descriptor = fd
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw USBWriteError.locked(device: path)
        }
        var info = stat()
        fstat(fd, &info)
        isBlockDevice = (info.st_mode & S_IFMT) == S_IFBLK
        var readOnly: Int32 = 0
        var size: UInt64 = UInt64(max(0, info.st_size))
        var sector: Int32 = 512
        if isBlockDevice {
            _ = cblock_read_only(fd, &readOnly)
            _ = cblock_size_bytes(fd, &size)
            if cblock_logical_sector_bytes(fd, &sector) != 0 || sector <= 0 { sector = 512 }
        }
        sizeBytes = size
        sectorBytes = max(512, Int(sector))
        if readOnly != 0 {
            close(fd)
            throw USBWriteError.refused(.writeProtected(disk: path))
        }
    }

    deinit { close(descriptor) }

    /// Writes all of `buffer` at `offset`; the unaligned tail of an image goes through the page cache.
    func write(_ buffer: UnsafeRawBufferPointer, at offset: UInt64) throws {
        var done = 0
        while done < buffer.count {
            let remaining = buffer.count - done
            if direct && remaining % sectorBytes != 0 {
                let aligned = remaining - remaining % sectorBytes
                if aligned > 0 {
                    try write(UnsafeRawBufferPointer(rebasing: buffer[done..<(done + aligned)]), at: offset + UInt64(done))
                    done += aligned
                    continue
                }
                _ = cblock_clear_direct(descriptor)
                direct = false
            }
            let count = pwrite(descriptor, buffer.baseAddress! + done, remaining, off_t(offset) + off_t(done))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let reason = count == 0 ? "no space left" : String(cString: strerror(errno))
                throw USBWriteError.write(device: path, offsetBytes: offset + UInt64(done), reason: reason)
            }
            done += count
        }
    }

    /// fdatasync: everything written is on the medium (O_DIRECT bypasses the page cache, not the disk's cache).
    func synchronize() throws {
        guard fdatasync(descriptor) == 0 else {
            throw USBWriteError.write(device: path, offsetBytes: 0, reason: "flush: \(String(cString: strerror(errno)))")
        }
    }

    /// BLKFLSBUF and POSIX_FADV_DONTNEED: drop the page cache so a read-back reads the medium.
    func dropCache() {
        if isBlockDevice { _ = cblock_flush_buffers(descriptor) }
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
    }

    /// BLKRRPART: the kernel re-reads the partition table so the new partitions appear. False when it refused.
    func rereadPartitions() -> Bool {
        guard isBlockDevice else { return false }
        return cblock_reread_partitions(descriptor) == 0
    }

    /// A second descriptor for the read-back, O_DIRECT where possible (the flock stays on `descriptor`).
    func openForReading() throws -> (descriptor: Int32, direct: Bool) {
        var fd = open(path, O_RDONLY | O_CLOEXEC | cblock_o_direct())
        let direct = fd >= 0
        if fd < 0 && errno == EINVAL { fd = open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw USBWriteError.open(device: path, reason: String(cString: strerror(errno))) }
        if !direct { _ = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) }
        return (fd, direct)
    }
}

/// A page-aligned buffer for O_DIRECT transfers. Buffers of 2 MiB and more are aligned to 2 MiB and asked to be
/// backed by transparent huge pages (MADV_HUGEPAGE; Debian's default THP mode is `madvise`): one fault per 2 MiB
/// instead of 512 on first touch, and fewer pages for the kernel to pin on every O_DIRECT transfer.
final class AlignedBuffer {
    static let hugePageBytes = 2 << 20
    let bytes: UnsafeMutableRawBufferPointer

    init(count: Int) {
        let alignment = count >= Self.hugePageBytes ? Self.hugePageBytes : 4096
        bytes = .allocate(byteCount: count, alignment: alignment)
        if alignment == Self.hugePageBytes, let base = bytes.baseAddress {
            _ = madvise(base, count / Self.hugePageBytes * Self.hugePageBytes, MADV_HUGEPAGE)
        }
    }

    deinit { bytes.deallocate() }
}
