#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// What a path turned out to be when it is not a SCSI device.
public enum SGIONodeKind: Sendable, Hashable, CustomStringConvertible {
    case regularFile, directory, characterDevice, blockDevice, other

    /// From the `st_mode` of stat(2).
    public init(mode: UInt32) {
        switch mode & UInt32(S_IFMT) {
        case UInt32(S_IFREG): self = .regularFile
        case UInt32(S_IFDIR): self = .directory
        case UInt32(S_IFCHR): self = .characterDevice
        case UInt32(S_IFBLK): self = .blockDevice
        default: self = .other
        }
    }

    public var isDevice: Bool { self == .characterDevice || self == .blockDevice }

    public var description: String {
        switch self {
        case .regularFile: return "a regular file"
        case .directory: return "a directory"
        case .characterDevice: return "a character device"
        case .blockDevice: return "a block device"
        case .other: return "neither a file nor a device"
        }
    }
}

/// Why `SGIOTransport.open` failed. Each message is one line that names the cause and the fix.
///
/// There is no "no medium" case: the open is non-blocking, so an empty drive opens fine and says so later through
/// TEST UNIT READY (sense 2/3A/xx).
public enum SGIOOpenError: Error, Sendable, Hashable, CustomStringConvertible {
    /// ENOENT, ENOTDIR, ENXIO, ENODEV: no such node, or a node without a device behind it.
    case notFound(path: String)
    /// EACCES, EPERM. `group` is the device node's group when it is one a user could join (not root), else nil.
    case permissionDenied(path: String, group: String?)
    /// A file, a directory, or a device that does not answer SG_GET_VERSION_NUM (/dev/null, a loop device).
    case notSCSIDevice(path: String, kind: SGIONodeKind)
    /// EBUSY: an exclusive open while the disc is mounted or another program holds the drive exclusively.
    case busy(path: String)
    /// Another process holds the drive's lock (flock on the node: DiscBurn, or any program following the udev
    /// convention), found in /proc/locks.
    case inUse(path: String, pid: Int32)
    /// Any other failure of `operation` ("open", "fstat", "SG_GET_VERSION_NUM").
    case system(path: String, operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .notFound(let path):
            return "no such device: \(path); run `discburn drives` to list drives"
        case .permissionDenied(let path, let group?):
            return "permission denied opening \(path): add yourself to group '\(group)' "
                + "(sudo usermod -aG \(group) $USER) and log in again"
        case .permissionDenied(let path, nil):
            return "permission denied opening \(path): ask an administrator for read-write access to it "
                + "(usually a udev rule giving the drive to group 'cdrom'), then log in again"
        case .notSCSIDevice(let path, let kind):
            let what = kind.isDevice ? "\(kind) that does not answer SG_IO" : kind.description
            return "not a SCSI device: \(path) is \(what); give an optical drive such as /dev/sr0 "
                + "(run `discburn drives` to list drives)"
        case .inUse(let path, let pid):
            return "\(path) is in use by PID \(pid): wait until that program has finished with the drive, or stop it"
        case .busy(let path):
            return "\(path) is in use (mounted?): unmount it (umount \(path)) or close the program using it, "
                + "then try again"
        case .system(let path, let operation, let code):
            return "cannot open \(path): \(operation) failed: \(SGIOSystemErrorText.describe(code)) (errno \(code))"
        }
    }

    /// The error for an open(2) of `path` that failed with `code`. `group` is only consulted for EACCES/EPERM.
    public static func fromOpen(errno code: Int32, path: String,
                                group: (String) -> String? = SGIOOpenError.deviceGroup) -> SGIOOpenError {
        switch code {
        case ENOENT, ENOTDIR, ENXIO, ENODEV: return .notFound(path: path)
        case EACCES, EPERM: return .permissionDenied(path: path, group: group(path))
        case EISDIR: return .notSCSIDevice(path: path, kind: .directory)
        case EBUSY:
            // The holder's PID, when it locked the node as DiscBurn does (flock, /proc/locks).
            var info = stat()
            if stat(path, &info) == 0,
               let pid = DeviceLock.holder(device: UInt64(info.st_dev),
                                           inode: UInt64(info.st_ino)) {
                return .inUse(path: path, pid: pid)
            }
            return .busy(path: path)
        default: return .system(path: path, operation: "open", errno: code)
        }
    }

    /// The name of the group owning `path`, unless it is root's group (gid 0) or unknown: the group a user
    /// should join to get at the drive (normally "cdrom").
    public static func deviceGroup(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_gid != 0 else { return nil }
        return groupName(gid: info.st_gid)
    }

    /// getgrgid_r, retried with a larger buffer on ERANGE. The name is copied while the buffer it points into lives.
    static func groupName(gid: gid_t) -> String? {
        var size = 1024
        while size <= 1 << 20 {
            var buffer = [CChar](repeating: 0, count: size)
            let (code, name): (Int32, String?) = buffer.withUnsafeMutableBufferPointer { p in
                var entry = group()
                var result: UnsafeMutablePointer<group>? = nil
                let code = getgrgid_r(gid, &entry, p.baseAddress, p.count, &result)
                guard code == 0, result != nil, let name = entry.gr_name else { return (code, nil) }
                return (code, String(cString: name))
            }
            if code == ERANGE { size *= 4; continue }
            return name
        }
        return nil
    }
}
