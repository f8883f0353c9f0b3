import ArgumentParser
import Foundation
import USBWriter

struct USBListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List removable disks (USB sticks, SD cards) with their partitions and whether they can be written.")

    @Flag(help: "Also list fixed disks, each with the reason it is refused.") var all = false
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await ErrorReporting.run(json: output.json, quiet: output.quiet) {
            let paths = SystemPaths.fromEnvironment()
            let blkid: (@Sendable (String) -> (type: String?, label: String?))? =
                paths == .live ? BlkidProbe.probe : nil
            let safety = DiskSafety(scanner: DiskScanner(paths: paths, prober: blkid))
            let rows = safety.listing(all: all)
            if output.json { return EventOutput.emit("disks", USBListEvent(disks: rows.map(USBListRow.init))) }
            if rows.isEmpty {
                print(all ? "No disks found." : "No removable disks found (--all lists fixed disks too).")
                return
            }
            for row in rows { print(USBListText.lines(row).joined(separator: "\n")) }
        }
    }
}

/// The `disks` event of `usb list --json`: every disk listed (an empty list when there is none).
struct USBListEvent: Encodable {
    var disks: [USBListRow]
}

/// One disk of `usb list --json`.
struct USBListRow: Encodable {
    struct Partition: Encodable {
        var path: String
        var sizeBytes: UInt64
        var fileSystem: String?
        var label: String?
        var mountPoints: [String]
        var swap: Bool
    }

    var path: String
    var vendor: String?
    var model: String?
    var sizeBytes: UInt64
    var bus: String
    var removable: Bool
    var readOnly: Bool
    var partitions: [Partition]
    var fileSystem: String?
    var label: String?
    var mountPoints: [String]
    var writable: Bool
    var refusals: [String]

    init(_ row: DiskListing) {
        let d = row.disk
        path = d.path
        vendor = d.vendor
        model = d.model
        sizeBytes = d.sizeBytes
        bus = d.bus.rawValue
        removable = d.isRemovableMedia
        readOnly = d.readOnly
        partitions = d.partitions.map {
            Partition(path: $0.path, sizeBytes: $0.sizeBytes, fileSystem: $0.fileSystem, label: $0.label,
                      mountPoints: $0.mountPoints, swap: $0.isSwap)
        }
        fileSystem = d.fileSystem
        label = d.label
        mountPoints = d.mountPoints
        writable = row.writable
        refusals = row.refusals.map(\.description)
    }

    func encode(to encoder: Encoder) throws {
        enum Key: String, CodingKey {
            case path, vendor, model, sizeBytes, bus, removable, readOnly, partitions, fileSystem, label, mountPoints
            case writable, refusals
        }
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(path, forKey: .path)
        try c.encode(vendor, forKey: .vendor)
        try c.encode(model, forKey: .model)
        try c.encode(sizeBytes, forKey: .sizeBytes)
        try c.encode(bus, forKey: .bus)
        try c.encode(removable, forKey: .removable)
        try c.encode(readOnly, forKey: .readOnly)
        try c.encode(partitions, forKey: .partitions)
        try c.encode(fileSystem, forKey: .fileSystem)
        try c.encode(label, forKey: .label)
        try c.encode(mountPoints, forKey: .mountPoints)
        try c.encode(writable, forKey: .writable)
        try c.encode(refusals, forKey: .refusals)
    }
}

/// `usb list` as text: the disk line, one line per partition, one per refusal.
enum USBListText {
    static func lines(_ row: DiskListing) -> [String] {
        let d = row.disk
        var lines = ["\(d.path)  \(d.displayName)  \(size(d.sizeBytes))  \(d.bus.rawValue)"
            + (d.isRemovableMedia ? ", removable" : ", fixed") + (d.readOnly ? ", read-only" : "")]
        for p in d.partitions {
            var line = "    \(p.name)  \(size(p.sizeBytes))"
            if let type = p.fileSystem { line += "  \(type)" }
            if let label = p.label { line += "  \"\(label)\"" }
            if p.isSwap { line += "  active swap" }
            if !p.mountPoints.isEmpty { line += "  mounted on \(p.mountPoints.joined(separator: ", "))" }
            lines.append(line)
        }
        if d.fileSystem != nil || !d.mountPoints.isEmpty {
            var line = "    (whole disk)"
            if let type = d.fileSystem { line += "  \(type)" }
            if let label = d.label { line += "  \"\(label)\"" }
            if !d.mountPoints.isEmpty { line += "  mounted on \(d.mountPoints.joined(separator: ", "))" }
            lines.append(line)
        }
        for refusal in row.refusals { lines.append("    refused: \(refusal)") }
        return lines
    }

    static func size(_ bytes: UInt64) -> String {
        bytes >= 1_000_000_000 ? String(format: "%.1f GB", Double(bytes) / 1e9)
            : String(format: "%.1f MB", Double(bytes) / 1e6)
    }
}
