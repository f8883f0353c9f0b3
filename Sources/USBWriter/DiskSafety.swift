import Foundation

/// The refusal rules: which disk a path names, and why that disk must not be overwritten.
public struct DiskSafety: Sendable {
    public let scanner: DiskScanner
    public let inspectNode: @Sendable (String) -> DeviceNode

    /// Mount points that make a disk the running system's, wherever the disk sits.
    static let systemMountPoints = ["/", "/usr", "/boot", "/boot/efi", "/efi"]

    public init(scanner: DiskScanner = DiskScanner(), inspectNode: @escaping @Sendable (String) -> DeviceNode = DeviceNode.inspect) {
        self.scanner = scanner
        self.inspectNode = inspectNode
    }

    /// The whole disk a device path names; throws a refusal for anything else.
    public func resolve(_ devicePath: String) throws -> BlockDisk {
        let major: UInt32, minor: UInt32
        switch inspectNode(devicePath) {
        case .missing: throw DiskRefusal.missing(path: devicePath)
        case .other: throw DiskRefusal.notBlockDevice(path: devicePath)
        case .blockDevice(let a, let b): (major, minor) = (a, b)
        }
        let number = "\(major):\(minor)"
        let table = MountTable.read(scanner.paths)
        for name in scanner.blockNames() {
            let directory = scanner.paths.sysfs + "/block/" + name
            if scanner.attribute(directory + "/dev") == number {
                if let what = Self.notADisk(name) { throw DiskRefusal.notADisk(path: devicePath, what: what) }
                guard let disk = scanner.disk(named: name, table: table) else { break }
                return disk
            }
            let children = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for child in children where scanner.attribute(directory + "/" + child + "/dev") == number {
                throw DiskRefusal.partition(path: devicePath, disk: scanner.paths.dev + "/" + name)
            }
        }
        throw DiskRefusal.unknownDevice(path: devicePath)
    }

    static func notADisk(_ name: String) -> String? {
        if name.hasPrefix("sr") { return "an optical drive (burn discs with `discburn burn`)" }
        if name.hasPrefix("dm-") { return "a device-mapper volume" }
        if name.hasPrefix("md") { return "an md RAID array" }
        if name.hasPrefix("ram") || name.hasPrefix("zram") { return "a RAM disk" }
        return nil
    }

    /// Every reason the disk is not written, most serious first; empty when it may be written.
    /// - Parameters:
    ///   - imagePath: the image (absolute, symlinks resolved by the caller): the disk it lies on is refused.
    ///   - imageBytes: the image's (uncompressed) size; a smaller disk is refused.
    public func refusals(for disk: BlockDisk, imagePath: String? = nil, imageBytes: UInt64? = nil) -> [DiskRefusal] {
        var out: [DiskRefusal] = []
        if let reason = systemReason(disk) { out.append(.systemDisk(disk: disk.path, reason: reason)) }
        if let imagePath, imageDiskNames(imagePath).contains(disk.name) {
            out.append(.holdsImage(disk: disk.path, image: imagePath))
        }
        if disk.readOnly { out.append(.writeProtected(disk: disk.path)) }
        if let imageBytes, disk.sizeBytes < imageBytes {
            out.append(.tooSmall(disk: disk.path, diskBytes: disk.sizeBytes, imageBytes: imageBytes))
        }
        if !disk.isRemovableMedia { out.append(.fixedDisk(disk: disk.path, bus: disk.bus.rawValue)) }
        return out
    }

    /// Why the disk belongs to the running system, or nil.
    public func systemReason(_ disk: BlockDisk) -> String? {
        let volumes: [(name: String, mounts: [String], swap: Bool, holders: [Holder])] =
            [(disk.name, disk.mountPoints, disk.isSwap, disk.holders)]
            + disk.partitions.map { ($0.name, $0.mountPoints, $0.isSwap, $0.holders) }
        for point in Self.systemMountPoints {
            if let volume = volumes.first(where: { $0.mounts.contains(point) }) {
                return point == "/" ? "holds the running root file system (\(volume.name) on /)"
                    : "holds \(point) of the running system (\(volume.name))"
            }
        }
        for volume in volumes where volume.swap { return "holds active swap (\(volume.name))" }
        for volume in volumes {
            if let holder = volume.holders.first {
                return "is in use by \(holder.kind.rawValue) volume \(holder.name) (on \(volume.name))"
            }
        }
        if !disk.isRemovableMedia {
            for volume in volumes {
                if let point = volume.mounts.first {
                    return "has a mounted file system and is not removable media (\(volume.name) on \(point))"
                }
            }
        }
        return nil
    }

    /// Kernel names of the whole disks under the file system that holds `imagePath` (through dm/md volumes).
    public func imageDiskNames(_ imagePath: String) -> Set<String> {
        let table = MountTable.read(scanner.paths)
        guard let mount = table.mount(containing: imagePath) else { return [] }
        var pending: [String] = []
        for name in scanner.blockNames() {
            let directory = scanner.paths.sysfs + "/block/" + name
            if scanner.attribute(directory + "/dev") == mount.majorMinor || table.sourceName(mount) == name {
                pending.append(name)
            }
            let children = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for child in children where scanner.attribute(directory + "/" + child + "/dev") == mount.majorMinor
                || table.sourceName(mount) == child {
                pending.append(name)
            }
        }
        var disks = Set<String>()
        var seen = Set<String>()
        while let name = pending.popLast(), seen.insert(name).inserted, seen.count < 256 {
            let slaves = scanner.slaves(of: name)
            if slaves.isEmpty { disks.insert(name) }
            for slave in slaves { pending.append(diskOwning(slave) ?? slave) }
        }
        return disks
    }

    /// The whole disk a kernel name belongs to (itself when it is a whole disk).
    func diskOwning(_ name: String) -> String? {
        for disk in scanner.blockNames() {
            if disk == name { return disk }
            if FileManager.default.fileExists(atPath: scanner.paths.sysfs + "/block/" + disk + "/" + name + "/partition") {
                return disk
            }
        }
        return nil
    }
}
