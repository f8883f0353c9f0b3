#if canImport(Glibc)
import Glibc
#endif

/// The POSIX calls extraction makes, each refusing to follow a symlink it did not expect.
enum FileOutput {
    static func failure(_ path: String, _ what: String) -> DiscImageError {
        .unsupported(path: path, detail: "cannot \(what): \(String(cString: strerror(errno)))")
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Creates a directory, or accepts an existing real directory (never a symlink to one).
    static func ensureDirectory(_ path: String) throws {
        if mkdir(path, 0o700) == 0 { return }
        let saved = errno
        var info = stat()
        guard saved == EEXIST, lstat(path, &info) == 0 else {
            errno = saved
            throw failure(path, "create directory")
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw DiscImageError.unsupported(
                path: path, detail: "exists and is not a directory; remove it or choose another destination")
        }
    }

    /// Creates every directory between `base` and the parent of `path`.
    static func ensureParents(of path: String, below base: String) throws {
        guard path.hasPrefix(base + "/") else { return }
        let relative = path.dropFirst(base.count + 1).split(separator: "/").dropLast()
        var current = base
        for part in relative {
            current += "/" + part
            try ensureDirectory(current)
        }
    }

    /// Opens a new regular file for writing; with `overwrite`, an existing regular file or symlink is removed first.
    static func createFile(_ path: String, overwrite: Bool) throws -> Int32 {
        if overwrite { try removeExisting(path) }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw DiscImageError.unsupported(
                    path: path, detail: "already exists; use --force to overwrite or choose another destination")
            }
            throw failure(path, "create file")
        }
        return fd
    }

    /// Removes a non-directory at `path` if there is one.
    static func removeExisting(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) != S_IFDIR else {
            throw DiscImageError.unsupported(path: path, detail: "is a directory in the destination; remove it first")
        }
        guard unlink(path) == 0 else { throw failure(path, "remove the existing file") }
    }

    /// Writes a chunk at `offset`, leaving a hole for all-zero chunks (the caller truncates to the final size).
    static func write(_ fd: Int32, _ bytes: [UInt8], at offset: Int64, path: String) throws {
        if isAllZero(bytes) { return }
        var done = 0
        while done < bytes.count {
            let wrote = bytes.withUnsafeBytes { raw in
                pwrite(fd, raw.baseAddress! + done, bytes.count - done, off_t(offset + Int64(done)))
            }
            if wrote < 0 {
                if errno == EINTR { continue }
                throw failure(path, "write")
            }
            done += wrote
        }
    }

    private static let zeros = [UInt8](repeating: 0, count: 1 << 16)

    /// memcmp against a zero block: fast even in debug builds, where a Swift byte loop is not.
    static func isAllZero(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            zeros.withUnsafeBytes { zero in
                var offset = 0
                while offset < raw.count {
                    let length = min(zero.count, raw.count - offset)
                    if memcmp(raw.baseAddress! + offset, zero.baseAddress!, length) != 0 { return false }
                    offset += length
                }
                return true
            }
        }
    }

    /// Sets size, mode and dates; the caller closes `fd` (also when this throws).
    static func finishFile(_ fd: Int32, sizeBytes: Int64, mode: mode_t, date: ISODate?, path: String) throws {
        guard ftruncate(fd, off_t(sizeBytes)) == 0 else { throw failure(path, "set the size of") }
        _ = fchmod(fd, mode)
        if let date {
            var times = [timespec(date), timespec(date)]
            _ = futimens(fd, &times)
        }
    }

    /// Sets mode (unless a symlink) and modification time of a path without following a final symlink.
    static func setAttributes(_ path: String, mode: mode_t?, date: ISODate?) {
        if let mode { _ = chmod(path, mode) }
        if let date {
            var times = [timespec(date), timespec(date)]
            _ = utimensat(AT_FDCWD, path, &times, AT_SYMLINK_NOFOLLOW)
        }
    }

    static func timespec(_ date: ISODate) -> Glibc.timespec {
        Glibc.timespec(tv_sec: time_t(truncatingIfNeeded: date.secondsSince1970), tv_nsec: 0)
    }
}
