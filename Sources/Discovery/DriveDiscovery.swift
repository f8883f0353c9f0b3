#if canImport(Glibc)
import Glibc
#endif

/// Lists the machine's optical drives. Never throws: a machine without drives (or without sysfs) gives [].
public enum DriveDiscovery {
    /// Drives from sysfs (`<sysfsRoot>/class/block/sr*`, which gives identity and the sg node without touching the
    /// drive), merged by path with those libcdio finds that sysfs did not list (identity then comes from
    /// `cdio_get_hwinfo`, which opens the drive). libcdio only looks at the real machine, so it is consulted only
    /// when both roots are the real ones ("/sys" and "/dev"); with a fake tree the result is sysfs's alone.
    public static func list(sysfsRoot: String = "/sys", devRoot: String = "/dev") -> [DiscoveredDrive] {
        let fromSysfs = SysfsDriveScanner.drives(sysfsRoot: sysfsRoot, devRoot: devRoot)
        guard sysfsRoot == "/sys", devRoot == "/dev" else { return fromSysfs }
        return merge(sysfs: fromSysfs, libcdioPaths: LibcdioDriveScanner.devicePaths(),
                     resolve: resolvedPath, identify: LibcdioDriveScanner.identity)
    }

    /// sysfs drives first, then every libcdio path whose resolved form (/dev/cdrom → /dev/sr0) is not already
    /// listed, once, with the identity `identify` finds (or empty strings).
    static func merge(sysfs: [DiscoveredDrive], libcdioPaths: [String], resolve: (String) -> String,
                      identify: (String) -> DriveIdentity?) -> [DiscoveredDrive] {
        var drives = sysfs
        var known = Set(sysfs.map(\.path))
        for path in libcdioPaths {
            let resolved = resolve(path)
            guard known.insert(resolved).inserted else { continue }
            let identity = identify(resolved)
            drives.append(DiscoveredDrive(path: resolved, genericPath: nil, vendor: identity?.vendor ?? "",
                                          model: identity?.model ?? "", revision: identity?.revision ?? ""))
        }
        return drives
    }

    /// `path` with symlinks resolved, or `path` itself when that fails.
    static func resolvedPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
