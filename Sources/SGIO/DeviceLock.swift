#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock on a device node (or any file) held for as long as the value lives: `flock(LOCK_EX)` for a
/// job that writes, `flock(LOCK_SH)` for one that reads — the convention udev and systemd follow for block
/// devices ("Locking Block Device Access"), so udev leaves a disc alone while it is being written, and a second
/// DiscBurn process on the same drive is refused instead of interleaving its commands.
public final class DeviceLock: Sendable {
    public enum Mode: Sendable { case shared, exclusive }

    public struct InUse: Error, Sendable, CustomStringConvertible {
        public let path: String
        /// The process holding the lock, when /proc/locks tells.
        public let pid: Int32?
        public var description: String {
            "\(path) is in use by " + (pid.map { "PID \($0)" } ?? "another process")
                + ": wait until it has finished, or stop it"
        }
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let errno: Int32
        public var description: String { "cannot open \(path) to lock it: \(String(cString: strerror(errno)))" }
    }

    public let path: String
    private let descriptor: Int32

    /// Takes the lock without waiting; throws `InUse` when another open file holds a conflicting one.
    public init(path: String, mode: Mode) throws {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(path: path, errno: errno) }
        guard flock(fd, (mode == .exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            let error = errno
            var status = stat()
            let pid = fstat(fd, &status) == 0
                ? Self.holder(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), excluding: getpid())
                : nil
            Glibc.close(fd)
            if error == EWOULDBLOCK { throw InUse(path: path, pid: pid) }
            throw Failure(path: path, errno: error)
        }
        self.path = path
        descriptor = fd
        ownsDescriptor = true
    }

    deinit { if ownsDescriptor { Glibc.close(descriptor) } }

    private let ownsDescriptor: Bool

    /// Locks a descriptor that stays owned by the caller (an sg node opened with O_EXCL admits no second open).
    /// Throws `InUse` naming the holder when another process has a conflicting lock.
    public static func lock(_ fd: Int32, path: String, mode: Mode) throws {
        guard flock(fd, (mode == .exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0 else {
            let error = errno
            guard error == EWOULDBLOCK else { throw Failure(path: path, errno: error) }
            var status = stat()
            let pid = fstat(fd, &status) == 0
                ? holder(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), excluding: getpid())
                : nil
            throw InUse(path: path, pid: pid)
        }
    }

    /// The PID holding a FLOCK on the file (device, inode) according to `locks` (the text of /proc/locks).
    /// Lines look like `1: FLOCK  ADVISORY  WRITE 1234 00:05:567 0 EOF` (major and minor in hex).
    public static func holder(device: UInt64, inode: UInt64, excluding: Int32 = -1,
                              locks: String? = readProcLocks()) -> Int32? {
        guard let locks else { return nil }
        // glibc's dev_t layout (gnu_dev_major / gnu_dev_minor, which Swift does not import).
        let major = ((device >> 8) & 0xFFF) | ((device >> 32) & ~0xFFF)
        let minor = (device & 0xFF) | ((device >> 12) & ~0xFF)
        for line in locks.split(separator: "\n") {
            var fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.first == "->" { fields.removeFirst() }  // a waiter, not the holder
            guard fields.count >= 6, fields[1] == "FLOCK", let pid = Int32(fields[4]), pid != excluding else { continue }
            let id = fields[5].split(separator: ":")
            guard id.count == 3, UInt64(id[0], radix: 16) == major, UInt64(id[1], radix: 16) == minor,
                  UInt64(id[2]) == inode else { continue }
            return pid
        }
        return nil
    }

    public static func readProcLocks() -> String? {
        let fd = open("/proc/locks", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < 16 << 20 {
            let n = read(fd, &chunk, chunk.count)
            guard n > 0 else { break }
            bytes += chunk[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
