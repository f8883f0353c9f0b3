import Foundation

/// Why a disk is not written. Each description is one line: the cause, then the fix.
public enum DiskRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    case notBlockDevice(path: String)
    case missing(path: String)
    case partition(path: String, disk: String)
    case notADisk(path: String, what: String)
    case unknownDevice(path: String)
    case systemDisk(disk: String, reason: String)
    case holdsImage(disk: String, image: String)
    case tooSmall(disk: String, diskBytes: UInt64, imageBytes: UInt64)
    case writeProtected(disk: String)
    case fixedDisk(disk: String, bus: String)

    public var description: String {
        switch self {
        case .notBlockDevice(let path):
            return "\(path) is not a block device; name a whole disk such as /dev/sdb (see `discburn usb list`)"
        case .missing(let path):
            return "\(path) does not exist; plug the stick in and pick it from `discburn usb list`"
        case .partition(let path, let disk):
            return "\(path) is a partition of \(disk); write the whole disk: --device \(disk)"
        case .notADisk(let path, let what):
            return "\(path) is \(what), not a disk; pick a disk from `discburn usb list`"
        case .unknownDevice(let path):
            return "\(path) is not a disk the kernel lists in /sys/block; pick one from `discburn usb list`"
        case .systemDisk(let disk, let reason):
            return "\(disk) is a system disk: it \(reason); pick a removable disk from `discburn usb list`"
        case .holdsImage(let disk, let image):
            return "\(disk) holds the image \(image) itself; copy the image to another disk first"
        case .tooSmall(let disk, let diskBytes, let imageBytes):
            return "\(disk) is too small: \(Self.megabytes(diskBytes)) for a \(Self.megabytes(imageBytes)) image, "
                + "\(Self.megabytes(imageBytes - diskBytes)) short; use a larger stick"
        case .writeProtected(let disk):
            return "\(disk) is write-protected; slide the card's lock switch off (or use another stick)"
        case .fixedDisk(let disk, let bus):
            return "\(disk) is a fixed \(bus) disk, not removable media; add --allow-fixed if you really mean it"
        }
    }

    /// Whether `--allow-fixed` lifts this refusal (only the "not removable" one, never a system-disk rule).
    public var isFixedDiskOnly: Bool {
        if case .fixedDisk = self { return true }
        return false
    }

    static func megabytes(_ bytes: UInt64) -> String {
        bytes >= 10_000_000_000 ? String(format: "%.1f GB", Double(bytes) / 1e9)
            : String(format: "%.1f MB", Double(bytes) / 1e6)
    }
}
