import SCSI

/// A command is a value: typed, range-checked fields, with the bytes poked only inside `cdb`, and a pure,
/// total parser for what comes back.
public protocol MMCCommand: Sendable {
    associatedtype Response: Sendable
    /// Spec name, used in errors and traces ("READ DISC INFORMATION").
    static var name: String { get }
    var cdb: CDB { get }
    var transfer: DataTransfer { get }
    /// Default 30 s; long operations (close, format, blank without IMMED) override.
    var timeout: Duration { get }
    /// Parses exactly the bytes received (which may be fewer than allocated, or garbage).
    func parse(_ data: [UInt8]) throws(MMCParseError) -> Response
}

extension MMCCommand {
    public var timeout: Duration { .seconds(30) }
    public var request: SCSIRequest { SCSIRequest(cdb: cdb, transfer: transfer, timeout: timeout) }
}

extension MMCCommand where Response == Void {
    public var transfer: DataTransfer { .none }
    public func parse(_ data: [UInt8]) throws(MMCParseError) {}
}

/// A drive's answer could not be decoded. Never a crash: a drive is untrusted input.
public struct MMCParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let command: String
    public let reason: String

    public init(_ command: String, _ reason: String) {
        self.command = command
        self.reason = reason
    }

    public var description: String { "\(command): malformed response: \(reason)" }

    /// Runs a parse body, turning ByteReader bounds errors into an MMCParseError for `command`.
    public static func wrap<T>(_ command: String, _ body: () throws -> T) throws(MMCParseError) -> T {
        do {
            return try body()
        } catch let e as MMCParseError {
            throw e
        } catch let e as ByteReader.OutOfBounds {
            throw MMCParseError(command, "truncated: \(e)")
        } catch {
            throw MMCParseError(command, "\(error)")
        }
    }
}

extension SCSITransport {
    /// Sends an MMC command through the sense-table policy and parses its answer.
    public func send<C: MMCCommand>(_ command: C, policy: RetryPolicy = .standard) throws -> C.Response {
        let result = try run(command.request, name: C.name, policy: policy)
        return try command.parse(result.dataIn)
    }
}
