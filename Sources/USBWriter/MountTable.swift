import Foundation

/// One line of mountinfo (proc(5)): `36 35 98:0 /root /mnt opts … - ext4 /dev/sdb1 rw`.
public struct MountEntry: Sendable, Hashable {
    /// "8:17"; "0:35" for file systems without a block device of their own (btrfs subvolumes, tmpfs).
    public var majorMinor: String
    public var mountPoint: String
    public var fileSystemType: String
    /// The mount source, e.g. /dev/sdb1.
    public var source: String

    public init(majorMinor: String, mountPoint: String, fileSystemType: String, source: String) {
        self.majorMinor = majorMinor
        self.mountPoint = mountPoint
        self.fileSystemType = fileSystemType
        self.source = source
    }
}

/// The parsed mountinfo and swaps files. Untrusted text: malformed lines are skipped, never trapped on.
public struct MountTable: Sendable {
    public var mounts: [MountEntry]
    /// Kernel names of active swap devices (swap files are covered by the mount that holds them).
    public var swapDeviceNames: Set<String>

    public init(mounts: [MountEntry], swapDeviceNames: Set<String>) {
        self.mounts = mounts
        self.swapDeviceNames = swapDeviceNames
    }

    public static func read(_ paths: SystemPaths) -> MountTable {
        let mountText = (try? String(contentsOfFile: paths.mountInfo, encoding: .utf8)) ?? ""
        let swapText = (try? String(contentsOfFile: paths.swaps, encoding: .utf8)) ?? ""
        return MountTable(mounts: parseMountInfo(mountText), swapDeviceNames: parseSwaps(swapText))
    }

    public static func parseMountInfo(_ text: String) -> [MountEntry] {
        var out: [MountEntry] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count >= 7, let dash = fields.firstIndex(of: "-"), dash >= 6, dash + 2 < fields.count
            else { continue }
            out.append(MountEntry(majorMinor: fields[2], mountPoint: unescape(fields[4]),
                                  fileSystemType: fields[dash + 1], source: unescape(fields[dash + 2])))
        }
        return out
    }

    public static func parseSwaps(_ text: String) -> Set<String> {
        var names = Set<String>()
        for line in text.split(separator: "\n").dropFirst() {
            guard let file = line.split(separator: " ").first, line.contains("partition") else { continue }
            names.insert(URL(fileURLWithPath: unescape(String(file))).lastPathComponent)
        }
        return names
    }

    /// Mount points of the block device with this number or kernel name.
    public func mountPoints(majorMinor: String, name: String) -> [String] {
        mounts.filter { $0.majorMinor == majorMinor || sourceName($0) == name }.map(\.mountPoint)
    }

    /// The mount holding `path` (longest mount-point prefix).
    public func mount(containing path: String) -> MountEntry? {
        mounts.filter { path == $0.mountPoint || path.hasPrefix($0.mountPoint == "/" ? "/" : $0.mountPoint + "/") }
            .max { $0.mountPoint.count < $1.mountPoint.count }
    }

    /// The kernel name in a /dev source ("/dev/sdb1" → "sdb1"), nil for non-device sources.
    public func sourceName(_ entry: MountEntry) -> String? {
        entry.source.hasPrefix("/dev/") ? URL(fileURLWithPath: entry.source).lastPathComponent : nil
    }

    /// mountinfo escapes space, tab, newline and backslash as \ooo.
    static func unescape(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var bytes: [UInt8] = []
        let raw = Array(field.utf8)
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "\\"), index + 4 <= raw.count,
               let value = UInt8(String(decoding: raw[(index + 1)..<(index + 4)], as: UTF8.self), radix: 8) {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(raw[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
