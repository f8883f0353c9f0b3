import Foundation

/// QEMU's SCSI trace log (`run-guest.sh --trace`, events in `qemu/trace-events`), cut into the guest's steps.
///
/// Three events matter (log backend, optionally prefixed `PID@SECONDS:`):
/// ```
/// scsi_req_parsed target 3 lun 0 tag 12 command 42 dir 2 length 32768
/// scsi_generic_send_command Command: data= 0x2a 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x10 0x00
/// pci_cfg_read i440FX 00:00.0 @0xc1 -> 0x0       (the guest's `step` marker: 0xC0 + step number mod 64)
/// ```
/// `scsi_generic_send_command` has no target: it is paired with the oldest parsed request of a passed-through
/// target with the same opcode (virtio-scsi parses a batch, then submits it in order). A parsed request that
/// never reaches `send_command` (QEMU answered it itself, e.g. a pending unit attention) keeps its opcode only.
/// The log is untrusted text: malformed lines are skipped, never trapped on.
struct QEMUTrace {
    struct Command: Equatable {
        let target: Int
        let opcode: UInt8
        /// Bytes the request transfers (either direction), from `scsi_req_parsed`.
        let transferBytes: Int
        /// The whole CDB when QEMU passed the command through; nil when QEMU answered it itself.
        let cdb: [UInt8]?
    }

    /// Commands between step marker k and marker k+1 (index 0: before the first marker, i.e. boot).
    private(set) var segments: [[Command]] = [[]]
    /// The step numbers (mod 64) the markers carried, in order.
    private(set) var markerNumbers: [Int] = []

    /// Parses `text`; `passthroughTargets` are the scsi-ids whose commands reach a real LUN (scsi-block).
    init(text: String, passthroughTargets: Set<Int>) {
        var pending: [(target: Int, opcode: UInt8, bytes: Int)] = []
        func flush(upTo index: Int) {
            for entry in pending.prefix(index) {
                append(Command(target: entry.target, opcode: entry.opcode, transferBytes: entry.bytes, cdb: nil))
            }
            pending.removeFirst(min(index, pending.count))
        }
        for rawLine in text.split(separator: "\n") {
            let line = Self.withoutPrefix(rawLine)
            if line.hasPrefix("scsi_req_parsed ") {
                guard let fields = Self.fields(line), let target = fields["target"], let command = fields["command"],
                      let length = fields["length"], (0...255).contains(command) else { continue }
                if passthroughTargets.contains(target) {
                    pending.append((target, UInt8(command), length))
                } else {
                    append(Command(target: target, opcode: UInt8(command), transferBytes: length, cdb: nil))
                }
            } else if line.hasPrefix("scsi_generic_send_command ") {
                let cdb = Self.hexBytes(line)
                guard let opcode = cdb.first, let index = pending.firstIndex(where: { $0.opcode == opcode }) else {
                    continue
                }
                flush(upTo: index)
                let entry = pending.removeFirst()
                append(Command(target: entry.target, opcode: opcode, transferBytes: entry.bytes, cdb: cdb))
            } else if line.hasPrefix("pci_cfg_read "), let number = Self.markerNumber(line) {
                flush(upTo: pending.count)
                markerNumbers.append(number)
                segments.append([])
            }
        }
        flush(upTo: pending.count)
    }

    private mutating func append(_ command: Command) {
        segments[segments.count - 1].append(command)
    }

    /// The commands of step `number` (1-based, in the order the guest ran `step`) sent to `target`.
    func commands(ofStep number: Int, target: Int) -> [Command] {
        guard number >= 1, number < segments.count else { return [] }
        return segments[number].filter { $0.target == target }
    }

    /// True when the k-th marker carries step number k (mod 64) for every marker: no marker lost or invented.
    var markersAreConsecutive: Bool {
        markerNumbers.enumerated().allSatisfy { $0.element == ($0.offset + 1) % 64 }
    }

    // MARK: line parsing

    /// Drops the log backend's optional "PID@SECONDS.MICROS:" prefix.
    private static func withoutPrefix(_ line: Substring) -> Substring {
        guard let colon = line.firstIndex(of: ":"), let at = line.firstIndex(of: "@"), at < colon,
              line[..<at].allSatisfy(\.isNumber) else { return line }
        return line[line.index(after: colon)...]
    }

    /// "name KEY VALUE KEY VALUE …" → [KEY: VALUE] for the integer values.
    private static func fields(_ line: Substring) -> [String: Int]? {
        let words = line.split(separator: " ").dropFirst()
        var out: [String: Int] = [:]
        var iterator = words.makeIterator()
        while let key = iterator.next(), let value = iterator.next() {
            if let number = Int(value) { out[String(key)] = number }
        }
        return out
    }

    /// Every " 0xHH" token after "data=".
    private static func hexBytes(_ line: Substring) -> [UInt8] {
        guard let range = line.range(of: "data=") else { return [] }
        return line[range.upperBound...].split(separator: " ").prefix(32).compactMap { token in
            guard token.hasPrefix("0x") else { return nil }
            return UInt8(token.dropFirst(2), radix: 16)
        }
    }

    /// "pci_cfg_read i440FX 00:00.0 @0xc5 -> 0x0" → 5 (only offsets 0xC0...0xFF of the host bridge 00:00.0).
    private static func markerNumber(_ line: Substring) -> Int? {
        let words = line.split(separator: " ")
        guard words.count >= 4, words[2] == "00:00.0", words[3].hasPrefix("@0x"),
              let offset = Int(words[3].dropFirst(3), radix: 16), (0xC0...0xFF).contains(offset) else { return nil }
        return offset - 0xC0
    }
}
