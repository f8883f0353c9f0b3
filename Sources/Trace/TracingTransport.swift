import Foundation
import SCSI

/// A decorator that passes every command to `inner` and appends the exchange to a JSON-lines file.
public final class TracingTransport: SCSITransport, @unchecked Sendable {
    public let inner: SCSITransport
    public var deviceName: String { inner.deviceName }
    private let handle: FileHandle
    private let lock = NSLock()
    private var sequence = 0
    private let payloads: TracePayloads
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// Creates (or truncates) `path` and records into it, keeping `payloads` of the data (see `TracePayloads`).
    public init(wrapping inner: SCSITransport, path: String, payloads: TracePayloads = .full) throws {
        self.payloads = payloads
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw TraceError.cannotOpen(path: path, reason: "cannot create the file (check the directory and permissions)")
        }
        self.inner = inner
        self.handle = handle
    }

    deinit { try? handle.close() }

    public func execute(_ request: SCSIRequest) throws -> SCSIResult {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: Result<SCSIResult, Error> = Result { try inner.execute(request) }
        let elapsed = clock.now - start
        lock.lock()
        sequence += 1
        let record = TraceRecord(sequence: sequence, request: request, outcome: outcome, duration: elapsed,
                                 payloads: payloads)
        if var line = try? encoder.encode(record) {
            line.append(0x0A)
            handle.write(line)
        }
        lock.unlock()
        return try outcome.get()
    }
}
