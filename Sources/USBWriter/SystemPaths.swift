import CBlockDevice
import Foundation

/// Where the disk scanner reads the kernel's view of block devices. Injectable so the refusal rules are tested on
/// fake trees: a directory with `block/<disk>/…` laid out like `/sys/block`, a mountinfo file and a swaps file.
public struct SystemPaths: Sendable, Hashable {
    /// The sysfs mount point; whole disks are the entries of `<sysfs>/block`.
    public var sysfs: String
    /// `/proc/self/mountinfo` (proc(5)): every mounted file system with its device number and source.
    public var mountInfo: String
    /// `/proc/swaps`: active swap areas.
    public var swaps: String
    /// Where device nodes are named (`/dev/sdb`).
    public var dev: String

    public init(sysfs: String, mountInfo: String, swaps: String, dev: String = "/dev") {
        self.sysfs = sysfs
        self.mountInfo = mountInfo
        self.swaps = swaps
        self.dev = dev
    }

    /// The running system.
    public static let live = SystemPaths(sysfs: "/sys", mountInfo: "/proc/self/mountinfo", swaps: "/proc/swaps")
}

/// What a path names, as `stat(2)` sees it. Injectable for the same reason as `SystemPaths`.
public enum DeviceNode: Sendable, Hashable {
    case blockDevice(major: UInt32, minor: UInt32)
    case other
    case missing

    /// `stat(2)` of the path (symlinks followed, so /dev/disk/by-id/… works).
    public static func inspect(_ path: String) -> DeviceNode {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        guard (info.st_mode & S_IFMT) == S_IFBLK else { return .other }
        return .blockDevice(major: UInt32(cblock_major(UInt64(info.st_rdev))), minor: UInt32(cblock_minor(UInt64(info.st_rdev))))
    }
}
