/// A whole disk as the scanner found it in sysfs, with its partitions and what the running system does with them.
public struct BlockDisk: Sendable, Hashable, Codable {
    public enum Bus: String, Sendable, Hashable, Codable {
        case usb, mmc, ata, nvme, virtio, scsi, virtual, other
    }

    /// Kernel name: sdb, mmcblk0, loop3.
    public var name: String
    /// Device node: /dev/sdb.
    public var path: String
    /// "8:16".
    public var majorMinor: String
    public var vendor: String?
    public var model: String?
    public var sizeBytes: UInt64
    public var bus: Bus
    /// sysfs `removable`: the medium can be taken out (USB sticks, SD cards) — what the kernel reports.
    public var removableFlag: Bool
    /// sysfs `ro`: the kernel marks the disk read-only (e.g. an SD card with its lock switch on).
    public var readOnly: Bool
    public var partitions: [BlockPartition]
    /// Devices built on the whole disk itself (device-mapper, md): their kernel names.
    public var holders: [Holder]
    /// Mount points of a file system on the whole disk (no partition table), and whether it is active swap.
    public var mountPoints: [String]
    public var isSwap: Bool
    /// A file system on the whole disk (a stick formatted without a partition table), from libblkid.
    public var fileSystem: String? = nil
    public var label: String? = nil

    /// Removable media as a user means it: the kernel's flag, or a USB / SD-MMC attachment (many USB sticks and
    /// card readers report removable=0).
    public var isRemovableMedia: Bool { removableFlag || bus == .usb || bus == .mmc }

    /// "SanDisk Cruzer Blade", or the kernel name when sysfs names no model.
    public var displayName: String {
        let words = [vendor, model].compactMap { $0 }.filter { !$0.isEmpty }
        return words.isEmpty ? name : words.joined(separator: " ")
    }
}

/// A partition of a `BlockDisk`.
public struct BlockPartition: Sendable, Hashable, Codable {
    public var name: String
    public var path: String
    public var majorMinor: String
    public var sizeBytes: UInt64
    public var mountPoints: [String]
    public var isSwap: Bool
    public var holders: [Holder]
    /// From libblkid (nil when not probed, e.g. on a fake tree or without permission).
    public var fileSystem: String?
    public var label: String?
}

/// A device stacked on a disk or partition: an LVM volume, a dm-crypt mapping, an md array.
public struct Holder: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case lvm = "LVM", crypt = "dm-crypt", deviceMapper = "device-mapper", md = "md RAID", other
    }
    public var name: String
    public var kind: Kind
}
