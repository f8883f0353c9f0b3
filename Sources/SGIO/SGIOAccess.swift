import SystemPackage

/// How a drive is opened.
///
/// Every mode adds O_NONBLOCK, so the open succeeds with the tray open or no disc (the cdrom driver skips its
/// media checks on a non-blocking open) — "no medium" is learned from TEST UNIT READY sense, never from open —
/// and O_CLOEXEC, so helper processes do not inherit the drive.
///
/// There is deliberately no silent fallback from read-write to read-only: the kernel's SG_IO allow-list lets a
/// read-only descriptor send only commands it deems read-safe (INQUIRY, READ, GET CONFIGURATION, ...), so a
/// fallback would turn a clear "permission denied" at open into an EPERM in the middle of a burn. Callers that
/// only inspect a drive may ask for `.readOnly` explicitly.
public enum SGIOAccess: Sendable, Hashable, CustomStringConvertible {
    /// O_RDWR | O_NONBLOCK | O_CLOEXEC: inspection and any command, other programs may use the drive too.
    case shared
    /// `.shared` plus O_EXCL: on /dev/sr* the block layer grants an exclusive claim, so the open fails with EBUSY
    /// while the disc is mounted and nothing can mount it while we burn. On /dev/sg* O_EXCL only excludes other
    /// sg openers (it cannot see mounts): prefer /dev/sr* for burning.
    case exclusive
    /// O_RDONLY | O_NONBLOCK | O_CLOEXEC: reading and inspection only; the kernel answers EPERM to commands
    /// outside its read-safe list (WRITE, MODE SELECT, BLANK, ...).
    case readOnly

    var accessMode: FileDescriptor.AccessMode {
        self == .readOnly ? .readOnly : .readWrite
    }

    var openOptions: FileDescriptor.OpenOptions {
        var options: FileDescriptor.OpenOptions = [.nonBlocking, .closeOnExec]
        if self == .exclusive { options.insert(.exclusiveCreate) }  // O_EXCL without O_CREAT: a device claim
        return options
    }

    public var description: String {
        switch self {
        case .shared: return "shared read-write"
        case .exclusive: return "exclusive read-write"
        case .readOnly: return "read-only"
        }
    }
}
