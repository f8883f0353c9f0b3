import Foundation
import SCSI

/// A decorator that passes every command to `inner` and appends the exchange to a JSON-lines file.
///
/// Recording never stops the commands: when the log cannot be written (a full disk), recording ends, the first
/// failure is kept in `failure` and handed once to `onFailure`, and every command still goes to the drive.
public final class TracingTransport: SCSITransport, @unchecked Sendable {
    public let inner: SCSITransport
    public var deviceName: String { inner.deviceName }
    private let descriptor: Int32
    private let lock = NSLock()
    private var sequence = 0
    private let payloads: TracePayloads
    private var failed: String?
    /// Called once, with the reason, when the log stops being written.
    public var onFailure: (@Sendable (String) -> Void)?
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// Creates (or truncates) `path` and records into it, keeping `payloads` of the data (see `TracePayloads`).
    /// Only a regular file (or a new one) is accepted: the open neither follows a symlink nor blocks on a FIFO, and
    /// a device is refused before anything is written.
    public init(wrapping inner: SCSITransport, path: String, payloads: TracePayloads = .full) throws {
        self.payloads = payloads
        let fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0o644)
        guard fd >= 0 else {
            let reason = errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))
            throw TraceError.cannotOpen(path: path, reason: reason)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw TraceError.cannotOpen(path: path, reason: "not a regular file")
        }
        guard ftruncate(fd, 0) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw TraceError.cannotOpen(path: path, reason: reason)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        self.inner = inner
        self.descriptor = fd
    }

    deinit { close(descriptor) }

    /// Why recording stopped, or nil while the log is complete.
    public var failure: String? { lock.withLock { failed } }

    public func execute(_ request: SCSIRequest) throws -> SCSIResult {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: Result<SCSIResult, Error> = Result { try inner.execute(request) }
        let elapsed = clock.now - start
        lock.lock()
        sequence += 1
        var newFailure: String?
        if failed == nil {
            let record = TraceRecord(sequence: sequence, request: request, outcome: outcome, duration: elapsed,
                                     payloads: payloads)
            if var line = try? encoder.encode(record) {
                line.append(0x0A)
                if let reason = Self.writeAll(line, to: descriptor) {
                    failed = "recording stopped at command \(sequence): \(reason)"
                    newFailure = failed
                }
            }
        }
        lock.unlock()
        if let newFailure { onFailure?(newFailure) }
        return try outcome.get()
    }

    /// write(2) until done; the error text on failure (never a trap: FileHandle.write traps on ENOSPC).
    static func writeAll(_ data: Data, to descriptor: Int32) -> String? {
        data.withUnsafeBytes { raw -> String? in
            guard let base = raw.baseAddress else { return nil }
            var done = 0
            while done < raw.count {
                let wrote = write(descriptor, base + done, raw.count - done)
                if wrote < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                if wrote == 0 { return "no space left" }
                done += wrote
            }
            return nil
        }
    }
}
