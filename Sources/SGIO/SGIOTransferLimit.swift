import Foundation

/// The largest single transfer a device accepts, from sysfs.
///
/// The block layer refuses an SG_IO whose data exceeds the queue's limit (USB bridges often allow only 64 or 120 KiB),
/// so writes are split to `maximumTransferBytes`. `max_sectors_kb` is the queue's current (soft) limit, never above
/// the hardware limit `max_hw_sectors_kb`, so it is safe for both /dev/sr* and /dev/sg* (which share the queue).
public enum SGIOTransferLimit {
    /// Used when sysfs has no answer (no sysfs, a non-optical sg device without a block child, garbage in the file).
    public static let defaultBytes = 64 * 1024

    /// The limit in bytes for `devicePath` (/dev/srN or /dev/sgN; symlinks must be resolved by the caller).
    ///
    /// /dev/srN → `<sysfsRoot>/block/srN/queue/max_sectors_kb`; /dev/sgN → the block device listed under
    /// `<sysfsRoot>/class/scsi_generic/sgN/device/block/` (or an old-style `device/block:srN` entry), then as above.
    public static func maximumTransferBytes(forDevice devicePath: String, sysfsRoot: String = "/sys") -> Int {
        let name = devicePath.split(separator: "/").last.map(String.init) ?? ""
        guard let blockName = blockDeviceName(for: name, sysfsRoot: sysfsRoot),
              let text = readText("\(sysfsRoot)/block/\(blockName)/queue/max_sectors_kb"),
              let kilobytes = parseKilobytes(text)
        else { return defaultBytes }
        let (bytes, overflow) = kilobytes.multipliedReportingOverflow(by: 1024)
        return overflow ? defaultBytes : bytes
    }

    /// The contents of a `max_sectors_kb` file as a positive number of KiB; nil for anything else.
    public static func parseKilobytes(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = Int(trimmed), value > 0 else { return nil }
        return value
    }

    /// "sr0" → "sr0"; "sg1" → the block device the same SCSI device exposes ("sr1"), if any.
    static func blockDeviceName(for name: String, sysfsRoot: String) -> String? {
        guard !name.isEmpty, name != ".", name != ".." else { return nil }
        guard name.hasPrefix("sg") else { return name }
        let device = "\(sysfsRoot)/class/scsi_generic/\(name)/device"
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: device + "/block"),
           let first = entries.filter({ !$0.hasPrefix(".") }).sorted().first {
            return first
        }
        // Kernels built with CONFIG_SYSFS_DEPRECATED name the link "block:srN" inside the device directory.
        let legacy = (try? FileManager.default.contentsOfDirectory(atPath: device)) ?? []
        return legacy.filter { $0.hasPrefix("block:") }.sorted().first.map { String($0.dropFirst("block:".count)) }
    }

    static func readText(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data.prefix(4096), as: UTF8.self)
    }
}
