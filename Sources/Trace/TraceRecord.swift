import Foundation
import SCSI

/// One exchange with a device, as one JSON line: what was sent, what came back, how long it took.
public struct TraceRecord: Codable, Sendable, Hashable {
    public var sequence: Int
    /// CDB as lower-case hex.
    public var cdb: String
    /// "none", "in" or "out".
    public var direction: String
    /// Allocation length for "in", data length for "out".
    public var length: Int
    public var dataOut: String?
    public var dataIn: String?
    public var status: UInt8?
    public var sense: String?
    public var residual: Int?
    public var durationMicroseconds: Int
    /// Set when the transport itself failed (no status): the error's text.
    public var transportError: String?

    public init(sequence: Int, request: SCSIRequest, outcome: Result<SCSIResult, Error>, duration: Duration) {
        self.sequence = sequence
        cdb = request.cdb.bytes.hexString
        switch request.transfer {
        case .none: direction = "none"; length = 0
        case .fromDevice(let n): direction = "in"; length = n
        case .toDevice(let d): direction = "out"; length = d.count; dataOut = d.hexString
        }
        let (s, atto) = duration.components
        durationMicroseconds = Int(s) * 1_000_000 + Int(atto / 1_000_000_000_000)
        switch outcome {
        case .success(let r):
            status = r.status.rawValue
            sense = r.sense.isEmpty ? nil : r.sense.hexString
            dataIn = direction == "in" ? r.dataIn.hexString : nil
            residual = r.residual
        case .failure(let e):
            transportError = String(describing: e)
        }
    }

    /// The recorded result, or the recorded transport failure as an error.
    public func replayOutcome() throws -> SCSIResult {
        if let transportError { throw TraceError.recordedTransportFailure(sequence: sequence, message: transportError) }
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

    public var description: String {
        switch self {
        case .cannotOpen(let p, let r): return "cannot open SCSI trace \(p): \(r)"
        case .corrupt(let l, let r): return "SCSI trace line \(l) is corrupt: \(r)"
        case .mismatch(let s, let e, let g):
            return "replay diverged at exchange \(s): trace has \(e), caller sent \(g)"
        case .exhausted(let s, let g): return "replay ran out of exchanges at \(s): caller sent \(g)"
        case .recordedTransportFailure(let s, let m): return "exchange \(s) (replayed): \(m)"
        }
    }
}
