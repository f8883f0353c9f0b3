import Foundation

/// Optical drives as the kernel lists them under `<sysfsRoot>/class/block/sr*`.
///
/// The sr driver's nodes are named srN; each `device/` directory is the SCSI device with its INQUIRY strings
/// (`vendor`, `model`, `rev`), its peripheral device type (`type`: 5 = CD/DVD, SPC-4 §6.4.2) and its sg node
/// (`scsi_generic/sgN`). Unreadable files are tolerated: a missing string is "", a missing `type` is accepted
/// (the sr driver only binds optical devices), a `type` other than 5 is skipped.
enum SysfsDriveScanner {
    static let opticalPeripheralType = "5"

    static func drives(sysfsRoot: String, devRoot: String) -> [DiscoveredDrive] {
        let classBlock = "\(sysfsRoot)/class/block"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: classBlock)) ?? []
        let numbered = names.compactMap { name in driveNumber(name).map { (number: $0, name: name) } }
        return numbered.sorted { $0.number < $1.number }.compactMap { entry in
            drive(named: entry.name, device: "\(classBlock)/\(entry.name)/device", devRoot: devRoot)
        }
    }

    /// 12 for "sr12"; nil for anything that is not "sr" followed by decimal digits.
    static func driveNumber(_ name: String) -> Int? {
        guard name.hasPrefix("sr") else { return nil }
        let digits = name.dropFirst(2)
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }

    private static func drive(named name: String, device: String, devRoot: String) -> DiscoveredDrive? {
        if let type = readField("\(device)/type"), type != opticalPeripheralType { return nil }
        return DiscoveredDrive(path: "\(devRoot)/\(name)",
                               genericPath: genericName(device: device).map { "\(devRoot)/\($0)" },
                               vendor: readField("\(device)/vendor") ?? "",
                               model: readField("\(device)/model") ?? "",
                               revision: readField("\(device)/rev") ?? "")
    }

    /// "sg1" from `device/scsi_generic/sg1`, or from an old-style `device/scsi_generic:sg1` entry.
    static func genericName(device: String) -> String? {
        let files = FileManager.default
        if let entries = try? files.contentsOfDirectory(atPath: device + "/scsi_generic"),
           let first = entries.filter({ $0.hasPrefix("sg") }).sorted().first {
            return first
        }
        let legacy = (try? files.contentsOfDirectory(atPath: device)) ?? []
        let prefix = "scsi_generic:"
        return legacy.filter { $0.hasPrefix(prefix) }.sorted().first.map { String($0.dropFirst(prefix.count)) }
    }

    /// A sysfs attribute, trimmed of whitespace and NULs, with control characters (a hostile device could send
    /// terminal escapes) shown as "."; at most 4 KiB read; nil when missing or unreadable.
    static func readField(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data.prefix(4096), as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\0")))
        return String(String.UnicodeScalarView(trimmed.unicodeScalars.map { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "." : scalar
        }))
    }
}
