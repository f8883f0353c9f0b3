import Foundation

/// The other node of the same drive: /dev/srN ↔ /dev/sgM. An exclusive burn also claims the sibling with O_EXCL
/// (libburn sg-linux.c opens the "siblings" of a drive likewise), so another burner cannot reach the drive
/// through the sg node while we hold the sr node, nor the other way round. Mapped through sysfs:
/// `<root>/block/srN/device/scsi_generic/sgM` and `<root>/class/scsi_generic/sgM/device/block/srN`.
public enum SGIOSiblingNode {
    /// "/dev/sr0" → "/dev/sg1" (or the reverse); nil when sysfs names none (no sg driver loaded, not a SCSI drive).
    public static func sibling(of devicePath: String, sysfsRoot: String = "/sys") -> String? {
        let name = (devicePath as NSString).lastPathComponent
        let directory = (devicePath as NSString).deletingLastPathComponent
        guard !name.isEmpty, name != ".", name != ".." else { return nil }
        if name.hasPrefix("sg") {
            guard let block = SGIOTransferLimit.blockDeviceName(for: name, sysfsRoot: sysfsRoot), block != name else {
                return nil
            }
            return directory + "/" + block
        }
        let generic = "\(sysfsRoot)/block/\(name)/device/scsi_generic"
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: generic),
           let first = entries.filter({ $0.hasPrefix("sg") }).sorted().first {
            return directory + "/" + first
        }
        // CONFIG_SYSFS_DEPRECATED kernels: a "scsi_generic:sgM" link in the device directory.
        let legacy = (try? FileManager.default.contentsOfDirectory(atPath: "\(sysfsRoot)/block/\(name)/device")) ?? []
        return legacy.filter { $0.hasPrefix("scsi_generic:") }.sorted().first
            .map { directory + "/" + String($0.dropFirst("scsi_generic:".count)) }
    }
}
