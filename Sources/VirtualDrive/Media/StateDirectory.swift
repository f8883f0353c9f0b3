#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The DIR of a persisted virtual disc, owned by one process at a time (issue 12):
/// - A missing DIR is created only when something is to be stored (the first WRITE, a state change such as
///   MODE SELECT, SYNCHRONIZE CACHE, CLOSE, FORMAT or BLANK): opening a drive on it to look (`probe`) creates
///   nothing.
/// - While a drive holds the disc, DIR/lock is locked with flock(LOCK_EX) and holds the owner's PID; a drive in
///   another process is refused with `VirtualDriveError.inUse`. Drives in one process share the lock (the last
///   writer of state.json wins, as before): the lock guards against a second DiscBurn process. It goes with the
///   disc: released when the last drive holding it is released or the disc ejected and replaced, or when the
///   process dies.
final class StateDirectory {
    let path: String
    private var lockKey: String?

    static let lockFileName = "lock"

    init(path: String) { self.path = path }

    deinit { if let lockKey { DirectoryLocks.shared.release(lockKey) } }

    var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Creates DIR when missing and takes its lock (no-op when already held).
    func prepareForWriting() throws {
        if !exists {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw VirtualDriveError.io("cannot create \(path): \(error.localizedDescription)")
            }
        }
        try lock()
    }

    /// Takes DIR/lock for this process, or throws `inUse` naming the PID of the process that holds it.
    func lock() throws {
        guard lockKey == nil else { return }
        lockKey = try DirectoryLocks.shared.acquire(directory: path, lockPath: file(Self.lockFileName))
    }
}

/// The flock()s this process holds on virtual DIRs, shared by the drives of the process (counted).
final class DirectoryLocks: @unchecked Sendable {
    static let shared = DirectoryLocks()
    private let mutex = NSLock()
    private var held: [String: (descriptor: Int32, users: Int)] = [:]

    /// Locks `lockPath` (or counts one more user of this process's lock); returns the key to release.
    func acquire(directory: String, lockPath: String) throws -> String {
        let key = URL(fileURLWithPath: directory).resolvingSymlinksInPath().standardizedFileURL.path
        mutex.lock()
        defer { mutex.unlock() }
        if let entry = held[key] {
            held[key] = (entry.descriptor, entry.users + 1)
            return key
        }
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw VirtualDriveError.io("cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            let owner = Self.readOwner(fd)
            close(fd)
            if code == EWOULDBLOCK { throw VirtualDriveError.inUse(directory: directory, pid: owner) }
            throw VirtualDriveError.io("cannot lock \(lockPath): \(String(cString: strerror(code)))")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, 0) }
        held[key] = (fd, 1)
        return key
    }

    /// Drives of this process holding `directory`'s lock (nil: not held), for tests.
    func heldCount(_ directory: String) -> Int? {
        let key = URL(fileURLWithPath: directory).resolvingSymlinksInPath().standardizedFileURL.path
        mutex.lock()
        defer { mutex.unlock() }
        return held[key]?.users
    }

    func release(_ key: String) {
        mutex.lock()
        defer { mutex.unlock() }
        guard let entry = held[key] else { return }
        if entry.users > 1 {
            held[key] = (entry.descriptor, entry.users - 1)
        } else {
            close(entry.descriptor)
            held[key] = nil
        }
    }

    /// The PID written in a lock file by its holder (at most 32 bytes read; nil when unreadable).
    private static func readOwner(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, 0) }
        guard n > 0 else { return nil }
        let text = String(decoding: buffer.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text)
    }
}

/// DIR/media.bin opened only when needed: reads of a disc whose file does not exist yet return zeros without
/// creating anything; the first write or erase creates DIR (taking its lock) and the file.
final class LazyFileSectorStore: SectorStore {
    private let directory: StateDirectory
    private let path: String
    private var file: FileSectorStore?

    init(directory: StateDirectory, fileName: String) throws {
        self.directory = directory
        path = directory.file(fileName)
        if FileManager.default.fileExists(atPath: path) { file = try Self.open(path) }
    }

    private static func open(_ path: String) throws -> FileSectorStore {
        do {
            return try FileSectorStore(path: path, writable: true)
        } catch {
            throw VirtualDriveError.io("\(error)")
        }
    }

    private func opened() throws -> FileSectorStore {
        if let file { return file }
        try directory.prepareForWriting()
        let created = try Self.open(path)
        file = created
        return created
    }

    func read(lba: Int, blocks: Int) throws -> [UInt8] {
        guard let file else { return [UInt8](repeating: 0, count: max(0, blocks) * blockBytes) }
        return try file.read(lba: lba, blocks: blocks)
    }

    func write(lba: Int, data: [UInt8]) throws { try opened().write(lba: lba, data: data) }

    func erase() throws {
        guard let file else { return }  // nothing stored yet: nothing to forget
        try file.erase()
    }

    func flush() throws { try file?.flush() }

    /// fsyncs of media.bin (tests of durability).
    var syncCount: Int { file?.syncCount ?? 0 }

    /// Write-backs of media.bin started ahead of an fsync (`WriteBehind`).
    var writeBacksStarted: Int { file?.writeBacksStarted ?? 0 }
}
