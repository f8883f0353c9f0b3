#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replacing a small file so that readers and crashes see either the old or the new content (POSIX rename), and
/// optionally durably: the new file is fsynced before the rename and its directory after it (the rename itself
/// is only durable once the directory is synced).
enum DurableFile {
    static func replace(_ path: String, with bytes: [UInt8], durable: Bool) throws {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError(operation: "open", path: temporary, code: errno) }
        do {
            try writeAll(fd, bytes, path: temporary)
            if durable { try sync(fd, path: temporary) }
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw StoreError(operation: "rename", path: path, code: code)
        }
        if durable { try syncDirectory(of: path) }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw StoreError(operation: "write", path: path, code: errno)
            }
            done += n
        }
    }

    private static func sync(_ fd: Int32, path: String) throws {
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw StoreError(operation: "fsync", path: path, code: errno)
        }
    }

    private static func syncDirectory(of path: String) throws {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StoreError(operation: "open", path: directory, code: errno) }
        defer { close(fd) }
        try sync(fd, path: directory)
    }
}
