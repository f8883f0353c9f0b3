import Foundation

/// Reads whole disks, their partitions and their users from sysfs, mountinfo and swaps (see `SystemPaths`).
///
/// sysfs is read as the kernel lays it out: `<sysfs>/block/<disk>` (a symlink into `devices/…`, whose target
/// names the bus), with `dev`, `size` (512-byte sectors), `removable`, `ro`, `device/vendor`, `device/model`,
/// `holders/`, and one subdirectory per partition that has a `partition` file.
public struct DiskScanner: Sendable {
    public let paths: SystemPaths
    /// File system type and label of a partition node (libblkid by default; nil in tests).
    public let prober: (@Sendable (String) -> (type: String?, label: String?))?

    public init(paths: SystemPaths = .live,
                prober: (@Sendable (String) -> (type: String?, label: String?))? = BlkidProbe.probe) {
        self.paths = paths
        self.prober = prober
    }

    /// Kernel names that are not disks one writes an image to: optical drives (use `discburn burn`), RAM disks,
    /// floppies; device-mapper and md volumes are stacked devices, not disks.
    static let excludedPrefixes = ["sr", "ram", "zram", "fd", "dm-", "md"]

    /// Every whole disk with a medium (size > 0), optical drives and stacked volumes left out.
    public func disks() -> [BlockDisk] {
        let table = MountTable.read(paths)
        return blockNames().filter { name in !Self.excludedPrefixes.contains { name.hasPrefix($0) } }
            .compactMap { disk(named: $0, table: table) }
            .filter { $0.sizeBytes > 0 }
    }

    /// Entries of `<sysfs>/block`, sorted.
    func blockNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: paths.sysfs + "/block")) ?? []).sorted()
    }

    func disk(named name: String, table: MountTable) -> BlockDisk? {
        let directory = paths.sysfs + "/block/" + name
        guard let majorMinor = attribute(directory + "/dev") else { return nil }
        let partitionNames = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
            .filter { FileManager.default.fileExists(atPath: directory + "/" + $0 + "/partition") }
        let partitions = partitionNames.compactMap { partition(named: $0, in: directory, table: table) }
        let whole = partitions.isEmpty ? prober?(paths.dev + "/" + name) : nil
        return BlockDisk(
            name: name, path: paths.dev + "/" + name, majorMinor: majorMinor,
            vendor: identity(directory + "/device/vendor"), model: identity(directory + "/device/model"),
            sizeBytes: sectors(directory), bus: bus(of: directory),
            removableFlag: attribute(directory + "/removable") == "1", readOnly: attribute(directory + "/ro") == "1",
            partitions: partitions, holders: holders(directory),
            mountPoints: table.mountPoints(majorMinor: majorMinor, name: name),
            isSwap: table.swapDeviceNames.contains(name), fileSystem: whole?.type, label: whole?.label)
    }

    func partition(named name: String, in diskDirectory: String, table: MountTable) -> BlockPartition? {
        let directory = diskDirectory + "/" + name
        guard let majorMinor = attribute(directory + "/dev") else { return nil }
        let path = paths.dev + "/" + name
        let probed = prober?(path)
        return BlockPartition(name: name, path: path, majorMinor: majorMinor, sizeBytes: sectors(directory),
                              mountPoints: table.mountPoints(majorMinor: majorMinor, name: name),
                              isSwap: table.swapDeviceNames.contains(name), holders: holders(directory),
                              fileSystem: probed?.type, label: probed?.label)
    }

    /// The bus from where the disk's sysfs node lives (`…/usb1/1-1/…/block/sdb`, `…/mmc0/…`, `…/virtual/…`).
    func bus(of directory: String) -> BlockDisk.Bus {
        guard let real = realpath(directory, nil) else { return .other }
        defer { free(real) }
        let resolved = String(cString: real)
        let all = resolved.split(separator: "/").map(String.init)
        // Only the part below devices/ names the bus (not where sysfs itself is mounted).
        let parts = all.lastIndex(of: "devices").map { Array(all[($0 + 1)...]) } ?? all
        if parts.contains(where: { $0.hasPrefix("usb") }) { return .usb }
        if parts.contains(where: { $0.hasPrefix("mmc") }) { return .mmc }
        if parts.contains(where: { $0.hasPrefix("nvme") }) { return .nvme }
        if parts.contains(where: { $0.hasPrefix("virtio") }) { return .virtio }
        if parts.contains(where: { $0.hasPrefix("ata") }) { return .ata }
        if parts.contains("virtual") { return .virtual }
        if parts.contains(where: { $0.hasPrefix("host") || $0.hasPrefix("target") }) { return .scsi }
        return .other
    }

    func holders(_ directory: String) -> [Holder] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/holders")) ?? []).sorted()
        return names.map { name in
            let uuid = attribute(paths.sysfs + "/block/" + name + "/dm/uuid") ?? ""
            let kind: Holder.Kind
            if uuid.hasPrefix("LVM-") { kind = .lvm }
            else if uuid.hasPrefix("CRYPT-") { kind = .crypt }
            else if name.hasPrefix("dm-") { kind = .deviceMapper }
            else if name.hasPrefix("md") { kind = .md }
            else { kind = .other }
            return Holder(name: name, kind: kind)
        }
    }

    /// Kernel names of the devices under a stacked volume (`<sysfs>/block/dm-0/slaves/*`).
    func slaves(of name: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: paths.sysfs + "/block/" + name + "/slaves")) ?? [])
            .sorted()
    }

    func sectors(_ directory: String) -> UInt64 {
        // sysfs `size` is always in 512-byte units, whatever the logical block size.
        (attribute(directory + "/size").flatMap { UInt64($0) } ?? 0).multipliedReportingOverflow(by: 512).partialValue
    }

    /// A vendor or model string; virtio and NVMe put a PCI id ("0x1af4") in device/vendor, which names nobody.
    func identity(_ path: String) -> String? {
        guard let text = attribute(path), !text.hasPrefix("0x") else { return nil }
        return text
    }

    /// A sysfs attribute, trimmed; nil when absent or empty.
    func attribute(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path), data.count < 4096 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
