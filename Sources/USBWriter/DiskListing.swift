import Foundation

/// One row of `usb list`: a disk and why it may not be written (empty: it may).
public struct DiskListing: Sendable, Hashable {
    public var disk: BlockDisk
    public var refusals: [DiskRefusal]
    public var writable: Bool { refusals.isEmpty }
}

extension DiskSafety {
    /// Removable disks (every disk with `all`), each with its refusals before any image is chosen.
    public func listing(all: Bool) -> [DiskListing] {
        scanner.disks().filter { all || $0.isRemovableMedia }
            .map { DiskListing(disk: $0, refusals: refusals(for: $0)) }
    }
}

extension SystemPaths {
    /// The live system, or the fake tree named by `DISCBURN_USB_ROOT` (DIR/sys, DIR/mountinfo, DIR/swaps) — the
    /// test hook the CLI tests use to run `usb list` over a fake sysfs.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> SystemPaths
    {
        guard let root = environment["DISCBURN_USB_ROOT"], !root.isEmpty else { return .live }
        return SystemPaths(sysfs: root + "/sys", mountInfo: root + "/mountinfo", swaps: root + "/swaps")
    }
}
