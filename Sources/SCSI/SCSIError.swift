/// Everything that can go wrong between sending a CDB and having its answer.
public enum SCSIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The device answered CHECK CONDITION; `entry` is the sense table's reading of it.
    case checkCondition(command: String, sense: SenseData, entry: SenseEntry)
    /// CHECK CONDITION whose sense bytes could not be decoded.
    case undecodableSense(command: String, bytes: [UInt8])
    /// A status other than GOOD or CHECK CONDITION (BUSY, RESERVATION CONFLICT, ...).
    case badStatus(command: String, status: SCSIStatus)
    /// The transport failed: host adapter or driver status, lost connection.
    case transport(command: String, message: String)
    /// The command did not complete in time; with SG_IO the outcome is unknown.
    case timeout(command: String, after: Duration)
    /// An OS call failed.
    case system(operation: String, errno: Int32, message: String)
    /// A retried condition persisted past the retry budget.
    case retriesExhausted(command: String, last: SenseData, attempts: Int)

    public var description: String {
        switch self {
        case .checkCondition(let c, let s, let e):
            return "\(c) failed: \(e.message) [\(s.triple)]" + (e.hint.map { "; \($0)" } ?? "")
        case .undecodableSense(let c, let b):
            return "\(c) failed with undecodable sense data (\(b.prefix(32).hexString))"
        case .badStatus(let c, let s): return "\(c) failed with status \(s)"
        case .transport(let c, let m): return "\(c): transport error: \(m)"
        case .timeout(let c, let d): return "\(c) timed out after \(d); the command's outcome is unknown"
        case .system(let op, let e, let m): return "\(op): \(m) (errno \(e))"
        case .retriesExhausted(let c, let s, let n):
            return "\(c) still failing after \(n) attempts: \(SenseTable.entry(for: s).message) [\(s.triple)]"
        }
    }

    /// The sense data, if this error carries one.
    public var sense: SenseData? {
        switch self {
        case .checkCondition(_, let s, _), .retriesExhausted(_, let s, _): return s
        default: return nil
        }
    }

    /// True when the device said key/ASC(/ASCQ).
    public func isSense(_ key: SenseKey, _ asc: UInt8, _ ascq: UInt8? = nil) -> Bool {
        guard let s = sense else { return false }
        return s.key == key && s.asc == asc && (ascq == nil || s.ascq == ascq)
    }
}
