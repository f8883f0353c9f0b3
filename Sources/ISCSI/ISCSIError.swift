/// What can go wrong before a command reaches an iSCSI logical unit. Failures of a command itself are
/// `SCSIError`s (`.transport`, `.timeout`) like on every other transport.
public enum ISCSIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `--drive` text is not `iscsi://HOST[:PORT]/IQN/LUN`.
    case invalidURL(String, reason: String)
    /// TCP connect, login or LUN check failed; `detail` is libiscsi's text.
    case connectionFailed(url: ISCSIURL, detail: String)
    /// Connect and login did not finish within the timeout.
    case connectTimedOut(url: ISCSIURL, after: Duration)
    /// libiscsi could not even allocate a context.
    case contextCreationFailed

    public var description: String {
        switch self {
        case .invalidURL(let text, let reason):
            return "invalid iSCSI URL '\(text)': \(reason); expected iscsi://HOST[:PORT]/IQN/LUN"
        case .connectionFailed(let url, let detail):
            return "cannot connect to iSCSI target \(url.targetName) LUN \(url.lun) at \(url.portal): \(detail) "
                + "(is tgtd running? is the port right? is the target bound to this initiator's address?)"
        case .connectTimedOut(let url, let after):
            return "no answer from iSCSI target \(url.targetName) at \(url.portal) within \(after) "
                + "(is the host reachable? is a firewall dropping the port?)"
        case .contextCreationFailed:
            return "libiscsi could not create a context (out of memory?)"
        }
    }
}
