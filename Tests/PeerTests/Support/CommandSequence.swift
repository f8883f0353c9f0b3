import Foundation

/// One burner's SCSI command sequence to one LUN (cut from QEMU's trace), in three phases: `prepare` (before
/// the first WRITE), `write` (first to last WRITE) and `finish` (after the last WRITE). Each command becomes a
/// comparison key naming the command and the CDB fields that change behaviour (page, function, IMMED, blocks per
/// WRITE), never allocation lengths or addresses, so the same burner gives the same keys on every run.
struct CommandSequence {
    enum Phase: String, CaseIterable {
        case prepare, write, finish
    }

    let commands: [QEMUTrace.Command]

    init(_ commands: [QEMUTrace.Command]) { self.commands = commands }

    static let writeOpcodes: Set<UInt8> = [0x2A, 0xAA, 0x2E, 0x8A]

    /// The sequence without the guest kernel's own media-event checks: GET EVENT STATUS NOTIFICATION for the
    /// media class (10h) and the TEST UNIT READY that follows it within two commands (drivers/scsi/sr.c
    /// sr_check_events). The kernel sends them on open and close of /dev/srN at moments it chooses, so their
    /// place among the burner's commands changes from run to run; the comparison leaves them out.
    func withoutKernelMediaEventChecks() -> CommandSequence {
        var kept: [QEMUTrace.Command] = []
        var pendingTestUnitReadyWithin = 0
        for command in commands {
            if let cdb = command.cdb, cdb.first == 0x4A, cdb.count > 4, cdb[4] == 0x10 {
                pendingTestUnitReadyWithin = 2
                continue
            }
            if pendingTestUnitReadyWithin > 0 {
                pendingTestUnitReadyWithin -= 1
                if command.opcode == 0x00 { pendingTestUnitReadyWithin = 0; continue }
            }
            kept.append(command)
        }
        return CommandSequence(kept)
    }

    var writes: [QEMUTrace.Command] { commands.filter { Self.writeOpcodes.contains($0.opcode) } }

    private var writeRange: ClosedRange<Int>? {
        guard let first = commands.firstIndex(where: { Self.writeOpcodes.contains($0.opcode) }),
              let last = commands.lastIndex(where: { Self.writeOpcodes.contains($0.opcode) }) else { return nil }
        return first...last
    }

    func commands(in phase: Phase) -> [QEMUTrace.Command] {
        guard let range = writeRange else { return phase == .prepare ? commands : [] }
        switch phase {
        case .prepare: return Array(commands[..<range.lowerBound])
        case .write: return Array(commands[range])
        case .finish: return Array(commands[(range.upperBound + 1)...])
        }
    }

    /// The comparison keys of a phase. `prepare`: the distinct keys, sorted (probing order carries no meaning).
    /// `write`: the distinct keys, the other commands as "KEY every N WRITEs" (the pacing interval), and whether
    /// the WRITE addresses run contiguously from the first. `finish`: in order, repeats collapsed.
    func keys(_ phase: Phase) -> [String] {
        let list = commands(in: phase)
        switch phase {
        case .prepare: return Array(Set(list.map(Self.key))).sorted()
        case .finish: return Self.collapsed(list.map(Self.key)).map(\.key)
        case .write:
            var keys = Set(list.filter { Self.writeOpcodes.contains($0.opcode) }.map(Self.key))
            var writesSince = 0
            var gaps: [String: [Int]] = [:]
            for command in list {
                if Self.writeOpcodes.contains(command.opcode) { writesSince += 1; continue }
                gaps[Self.key(command), default: []].append(writesSince)
                writesSince = 0
            }
            for (key, counts) in gaps { keys.insert("\(key) every \(Self.mostCommon(counts)) WRITEs") }
            keys.insert(contiguityKey)
            return keys.sorted()
        }
    }

    /// "WRITE addresses contiguous from LBA N" or "WRITE addresses not contiguous".
    var contiguityKey: String {
        var expected: UInt64?
        var first: UInt64?
        for write in writes {
            guard let (lba, blocks) = Self.writeExtent(write) else { return "WRITE addresses unknown" }
            if first == nil { first = lba }
            if let expected, expected != lba { return "WRITE addresses not contiguous" }
            expected = lba + blocks
        }
        return "WRITE addresses contiguous from LBA \(first ?? 0)"
    }

    /// Blocks written in all (the sum of the WRITE transfer lengths).
    var blocksWritten: UInt64 { writes.compactMap(Self.writeExtent).reduce(0) { $0 + $1.blocks } }

    // MARK: CDB decoding

    static func writeExtent(_ command: QEMUTrace.Command) -> (lba: UInt64, blocks: UInt64)? {
        guard let cdb = command.cdb else { return nil }
        switch cdb.first {
        case 0x2A, 0x2E: guard cdb.count >= 10 else { return nil }
            return (field(cdb, 2, 4), field(cdb, 7, 2))
        case 0xAA: guard cdb.count >= 12 else { return nil }
            return (field(cdb, 2, 4), field(cdb, 6, 4))
        case 0x8A: guard cdb.count >= 16 else { return nil }
            return (field(cdb, 2, 8), field(cdb, 10, 4))
        default: return nil
        }
    }

    /// Big-endian field of `count` bytes at `offset` (0 when the CDB is too short).
    static func field(_ cdb: [UInt8], _ offset: Int, _ count: Int) -> UInt64 {
        guard offset >= 0, count > 0, offset + count <= cdb.count else { return 0 }
        return cdb[offset..<(offset + count)].reduce(0) { $0 << 8 | UInt64($1) }
    }

    static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text + "h"
    }

    /// The comparison key of one command (MMC-6 / SPC-4 field positions).
    static func key(_ command: QEMUTrace.Command) -> String {
        guard let cdb = command.cdb else {
            return "\(name(command.opcode)) (answered by QEMU)"
        }
        let byte = { (index: Int) -> UInt8 in index < cdb.count ? cdb[index] : 0 }
        let base = name(command.opcode)
        switch command.opcode {
        case 0x12: return byte(1) & 1 == 1 ? "\(base) VPD \(hex(UInt64(byte(2)), digits: 2))" : base
        case 0x1A, 0x5A: return "\(base) page \(hex(UInt64(byte(2) & 0x3F), digits: 2))"
        case 0x1B: return "\(base) start=\(byte(4) & 1) loej=\(byte(4) >> 1 & 1)"
        case 0x1E: return "\(base) prevent=\(byte(4) & 3)"
        case 0x2A, 0x2E: return "\(base) \(field(cdb, 7, 2)) blocks"
        case 0xAA: return "\(base) \(field(cdb, 6, 4)) blocks"
        case 0x35: return byte(1) & 2 != 0 ? "\(base) IMMED" : base
        case 0x43: return "\(base) format \(byte(2) & 0x0F)"
        case 0x46: return "\(base) RT=\(byte(1) & 3) from \(hex(field(cdb, 2, 2), digits: 4))"
        case 0x4A: return "\(base) classes \(hex(UInt64(byte(4)), digits: 2))"
        case 0x51: return "\(base) type \(byte(1) & 7)"
        case 0x52: return "\(base) type \(byte(1) & 3) number \(hex(field(cdb, 2, 4), digits: 2))"
        case 0x5B: return "\(base) function \(String(byte(2) & 7, radix: 2))b" + (byte(1) & 1 == 1 ? " IMMED" : "")
        case 0x5C: return byte(1) & 1 == 1 ? "\(base) (blocks)" : base
        case 0xAC: return "\(base) type \(hex(UInt64(byte(10)), digits: 2))"
        case 0xAD: return "\(base) format \(hex(UInt64(byte(7)), digits: 2))"
        default: return base
        }
    }

    static func name(_ opcode: UInt8) -> String {
        switch opcode {
        case 0x00: return "TEST UNIT READY"
        case 0x03: return "REQUEST SENSE"
        case 0x12: return "INQUIRY"
        case 0x15: return "MODE SELECT(6)"
        case 0x1A: return "MODE SENSE(6)"
        case 0x1B: return "START STOP UNIT"
        case 0x1E: return "PREVENT ALLOW MEDIUM REMOVAL"
        case 0x23: return "READ FORMAT CAPACITIES"
        case 0x25: return "READ CAPACITY"
        case 0x28: return "READ(10)"
        case 0x2A: return "WRITE(10)"
        case 0x2E: return "WRITE AND VERIFY(10)"
        case 0x35: return "SYNCHRONIZE CACHE"
        case 0x43: return "READ TOC/PMA/ATIP"
        case 0x46: return "GET CONFIGURATION"
        case 0x4A: return "GET EVENT STATUS NOTIFICATION"
        case 0x51: return "READ DISC INFORMATION"
        case 0x52: return "READ TRACK INFORMATION"
        case 0x53: return "RESERVE TRACK"
        case 0x55: return "MODE SELECT(10)"
        case 0x5A: return "MODE SENSE(10)"
        case 0x5B: return "CLOSE TRACK/SESSION"
        case 0x5C: return "READ BUFFER CAPACITY"
        case 0x8A: return "WRITE(16)"
        case 0xA0: return "REPORT LUNS"
        case 0xA8: return "READ(12)"
        case 0xAA: return "WRITE(12)"
        case 0xAC: return "GET PERFORMANCE"
        case 0xAD: return "READ DISC STRUCTURE"
        case 0xB6: return "SET STREAMING"
        case 0xBB: return "SET CD SPEED"
        case 0xBD: return "MECHANISM STATUS"
        default: return "opcode \(hex(UInt64(opcode), digits: 2))"
        }
    }

    // MARK: helpers

    /// Runs of equal keys: [("A", 3), ("B", 1)].
    static func collapsed(_ keys: [String]) -> [(key: String, count: Int)] {
        var out: [(key: String, count: Int)] = []
        for key in keys {
            if let last = out.last, last.key == key { out[out.count - 1].count += 1 } else { out.append((key, 1)) }
        }
        return out
    }

    static func mostCommon(_ values: [Int]) -> Int {
        var counts: [Int: Int] = [:]
        for value in values { counts[value, default: 0] += 1 }
        return counts.max { $0.value == $1.value ? $0.key > $1.key : $0.value < $1.value }?.key ?? 0
    }
}
