import Foundation
import USBWriter

/// A fake sysfs / mountinfo / swaps tree in a temporary directory, laid out like the kernel's:
/// `sys/devices/<bus path>/block/<disk>` with its attributes and partition subdirectories, and
/// `sys/block/<disk>` a symlink to it.
final class FakeSystem {
    let root: URL
    private var mountLines: [String] = []
    private var swapLines: [String] = []
    private var nodes: [String: DeviceNode] = [:]
    private var nextMountID = 20

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("usbfake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sys/block"),
                                                withIntermediateDirectories: true)
        try flush()
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var paths: SystemPaths {
        SystemPaths(sysfs: root.path + "/sys", mountInfo: root.path + "/mountinfo", swaps: root.path + "/swaps")
    }

    var safety: DiskSafety {
        let nodes = self.nodes
        return DiskSafety(scanner: DiskScanner(paths: paths, prober: nil)) { nodes[$0] ?? .missing }
    }

    /// Adds a whole disk. `busPath` is where it sits under devices/, e.g. "pci0000:00/usb1/1-1/host6/target6:0:0".
    @discardableResult
    func disk(_ name: String, major: UInt32, minor: UInt32, sectors: UInt64, busPath: String,
              removable: Bool = false, readOnly: Bool = false, vendor: String? = nil, model: String? = nil) throws -> URL {
        let directory = root.appendingPathComponent("sys/devices/\(busPath)/block/\(name)")
        try write(directory, [
            "dev": "\(major):\(minor)", "size": "\(sectors)", "removable": removable ? "1" : "0",
            "ro": readOnly ? "1" : "0", "device/vendor": vendor ?? "", "device/model": model ?? "",
        ])
        try FileManager.default.createSymbolicLink(
            atPath: root.path + "/sys/block/" + name, withDestinationPath: directory.path)
        nodes["/dev/" + name] = .blockDevice(major: major, minor: minor)
        return directory
    }

    func partition(_ name: String, of disk: String, major: UInt32, minor: UInt32, sectors: UInt64) throws {
        let directory = URL(fileURLWithPath: root.path + "/sys/block/" + disk).resolvingSymlinksInPath()
            .appendingPathComponent(name)
        try write(directory, ["dev": "\(major):\(minor)", "size": "\(sectors)", "partition": "1"])
        nodes["/dev/" + name] = .blockDevice(major: major, minor: minor)
    }

    /// `holder` (e.g. dm-0) built on `device` (a disk name, or "disk/partition").
    func holder(_ holder: String, on device: String, major: UInt32, minor: UInt32, uuid: String) throws {
        let holderDirectory = root.appendingPathComponent("sys/devices/virtual/block/\(holder)")
        if !FileManager.default.fileExists(atPath: holderDirectory.path) {
            try write(holderDirectory, ["dev": "\(major):\(minor)", "size": "1000", "dm/uuid": uuid])
            try FileManager.default.createSymbolicLink(atPath: root.path + "/sys/block/" + holder,
                                                       withDestinationPath: holderDirectory.path)
        }
        let parts = device.split(separator: "/").map(String.init)
        let base = URL(fileURLWithPath: root.path + "/sys/block/" + parts[0]).resolvingSymlinksInPath()
        let deviceDirectory = parts.count > 1 ? base.appendingPathComponent(parts[1]) : base
        try write(deviceDirectory, ["holders/\(holder)": ""])
        try write(holderDirectory, ["slaves/\(parts.last!)": ""])
    }

    func mount(_ majorMinor: String, at point: String, source: String, type: String = "ext4") throws {
        nextMountID += 1
        let escaped = point.replacingOccurrences(of: " ", with: "\\040")
        mountLines.append("\(nextMountID) 1 \(majorMinor) / \(escaped) rw,relatime shared:1 - \(type) \(source) rw")
        try flush()
    }

    func swap(_ devicePath: String) throws {
        swapLines.append("\(devicePath)                               partition\t1048572\t0\t-2")
        try flush()
    }

    func node(_ path: String, _ node: DeviceNode) { nodes[path] = node }

    private func flush() throws {
        try (mountLines.joined(separator: "\n") + "\n").write(to: root.appendingPathComponent("mountinfo"),
                                                              atomically: true, encoding: .utf8)
        try (["Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority"] + swapLines).joined(separator: "\n")
            .write(to: root.appendingPathComponent("swaps"), atomically: true, encoding: .utf8)
    }

    private func write(_ directory: URL, _ files: [String: String]) throws {
        for (name, content) in files {
            let file = directory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try (content.isEmpty ? "" : content + "\n").write(to: file, atomically: true, encoding: .utf8)
        }
    }
}

/// Bus paths as the kernel names them.
enum BusPath {
    static let usb = "pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0/host6/target6:0:0/6:0:0:0"
    static let usb2 = "pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/host7/target7:0:0/7:0:0:0"
    static let sata = "pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0"
    static let nvme = "pci0000:00/0000:00:1d.0/0000:3d:00.0/nvme/nvme0"
    static let mmc = "pci0000:00/0000:00:14.5/mmc_host/mmc0/mmc0:aaaa"
    static let virtio = "pci0000:00/0000:00:04.0/virtio1"
    static let virtual = "virtual"
}
