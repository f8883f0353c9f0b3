import Crypto
import Foundation
import SCSI

/// How much of the data a trace keeps. `digest` (the default of `--scsi-log`) keeps the bytes of every answer
/// except bulk reads (READ(10), READ(12), READ CD), and of data sent only length and SHA-256: a burn's log stays
/// small and fast to write, and a probe or burn still replays (a replay compares data sent by its digest). `full`
/// (`--scsi-log-data`) keeps every byte, so a verify or rip replays too.
public enum TracePayloads: Sendable, Hashable {
    case digest, full

    /// Opcodes whose data-in is user data, not a drive's answer: READ(10), READ(12), READ CD.
    static let bulkReadOpcodes: Set<UInt8> = [0x28, 0xA8, 0xBE]
}

/// One exchange with a device, as one JSON line: what was sent, what came back, how long it took.
public struct TraceRecord: Codable, Sendable, Hashable {
    public var sequence: Int
    /// CDB as lower-case hex.
    public var cdb: String
    /// "none", "in" or "out".
    public var direction: String
    /// Allocation length for "in", data length for "out".
    public var length: Int
    /// Data sent, as hex (full payloads only).
    public var dataOut: String?
    /// SHA-256 of the data sent (always recorded with data out).
    public var dataOutSHA256: String?
    /// Data received, as hex; left out of bulk reads in digest mode (then `dataInSHA256` and `dataInLength`).
    public var dataIn: String?
    public var dataInSHA256: String?
    public var dataInLength: Int?
    public var status: UInt8?
    public var sense: String?
    public var residual: Int?
    public var durationMicroseconds: Int
    /// Set when the transport itself failed (no status): the error's text.
    public var transportError: String?

    public init(sequence: Int, request: SCSIRequest, outcome: Result<SCSIResult, Error>, duration: Duration,
                payloads: TracePayloads = .full) {
        self.sequence = sequence
        cdb = request.cdb.bytes.hexString
        switch request.transfer {
        case .none: direction = "none"; length = 0
        case .fromDevice(let n): direction = "in"; length = n
        case .toDevice(let d):
            direction = "out"
            length = d.count
            dataOutSHA256 = Self.sha256(d)
            if payloads == .full { dataOut = d.hexString }
        }
        let (s, atto) = duration.components
        durationMicroseconds = Int(s) * 1_000_000 + Int(atto / 1_000_000_000_000)
        switch outcome {
        case .success(let r):
            status = r.status.rawValue
            sense = r.sense.isEmpty ? nil : r.sense.hexString
            if direction == "in" {
                if payloads == .digest, let opcode = request.cdb.bytes.first, TracePayloads.bulkReadOpcodes.contains(opcode) {
                    dataInSHA256 = Self.sha256(r.dataIn)
                    dataInLength = r.dataIn.count
                } else {
                    dataIn = r.dataIn.hexString
                }
            }
            residual = r.residual
        case .failure(let e):
            transportError = String(describing: e)
        }
    }

    static func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    /// The recorded result, or the recorded transport failure as an error.
    public func replayOutcome() throws -> SCSIResult {
        if let transportError { throw TraceError.recordedTransportFailure(sequence: sequence, message: transportError) }
        if dataIn == nil, let dataInLength, dataInLength > 0 {
            throw TraceError.payloadNotRecorded(sequence: sequence)
        }
        guard let status else { throw TraceError.corrupt(line: sequence, reason: "record has neither status nor error") }
        guard let senseBytes = [UInt8](hexString: sense ?? ""), let data = [UInt8](hexString: dataIn ?? "") else {
            throw TraceError.corrupt(line: sequence, reason: "bad hex in sense or data")
        }
        return SCSIResult(status: SCSIStatus(rawValue: status), sense: senseBytes, dataIn: data,
                          residual: residual ?? 0)
    }
}

public enum TraceError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case corrupt(line: Int, reason: String)
    case mismatch(sequence: Int, expected: String, got: String)
    case exhausted(sequence: Int, got: String)
    case recordedTransportFailure(sequence: Int, message: String)
    case payloadNotRecorded(sequence: Int)

    public var description: String {
        switch self {
        case .cannotOpen(let p, let r): return "cannot open SCSI trace \(p): \(r)"
        case .corrupt(let l, let r): return "SCSI trace line \(l) is corrupt: \(r)"
        case .mismatch(let s, let e, let g):
            return "replay diverged at exchange \(s): trace has \(e), caller sent \(g)"
        case .exhausted(let s, let g): return "replay ran out of exchanges at \(s): caller sent \(g)"
        case .recordedTransportFailure(let s, let m): return "exchange \(s) (replayed): \(m)"
        case .payloadNotRecorded(let s):
            return "exchange \(s) cannot be replayed: the trace kept only the SHA-256 of its data; record with --scsi-log-data"

        }
    }
}
