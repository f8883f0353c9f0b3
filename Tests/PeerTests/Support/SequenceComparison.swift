import Foundation

/// Compares our burn's command sequence with a reference burner's (xorriso, growisofs) on the same kind of LUN,
/// phase by phase (CommandSequence), against the table of allowed differences in Vendor-notes/sequences.md.
enum SequenceComparison {
    /// A command key that only one side sent in a phase.
    struct Difference: Hashable, Comparable {
        let peer: String
        let phase: CommandSequence.Phase
        /// "ours" or the peer's name.
        let onlyIn: String
        let key: String

        static func < (a: Difference, b: Difference) -> Bool {
            (a.peer, CommandSequence.Phase.allCases.firstIndex(of: a.phase)!, a.onlyIn, a.key)
                < (b.peer, CommandSequence.Phase.allCases.firstIndex(of: b.phase)!, b.onlyIn, b.key)
        }
    }

    struct AllowedRow {
        let difference: Difference
        let reason: String
    }

    /// Every difference between `ours` and `theirs`: set differences in `prepare` and `write`, the unmatched
    /// keys of a longest common subsequence in `finish` (where order matters). With `imageBlocks`, the write
    /// phase also compares the padding written after the image ("padding N blocks").
    static func differences(ours: CommandSequence, theirs: CommandSequence, peer: String,
                            imageBlocks: UInt64? = nil) -> Set<Difference> {
        var out = Set<Difference>()
        for phase in CommandSequence.Phase.allCases {
            var a = ours.keys(phase), b = theirs.keys(phase)
            if phase == .write, let imageBlocks {
                a.append(paddingKey(ours, imageBlocks: imageBlocks))
                b.append(paddingKey(theirs, imageBlocks: imageBlocks))
            }
            let (onlyA, onlyB): ([String], [String])
            if phase == .finish {
                (onlyA, onlyB) = unmatched(a, b)
            } else {
                (onlyA, onlyB) = (a.filter { !b.contains($0) }, b.filter { !a.contains($0) })
            }
            for key in onlyA { out.insert(Difference(peer: peer, phase: phase, onlyIn: "ours", key: key)) }
            for key in onlyB { out.insert(Difference(peer: peer, phase: phase, onlyIn: peer, key: key)) }
        }
        return out
    }

    static func paddingKey(_ sequence: CommandSequence, imageBlocks: UInt64) -> String {
        let written = sequence.blocksWritten
        return written >= imageBlocks ? "padding \(written - imageBlocks) blocks after the image"
            : "\(imageBlocks - written) blocks of the image not written"
    }

    /// The elements of `a` and of `b` outside one longest common subsequence (bounded: lists of ≤ 2,000 keys).
    static func unmatched(_ a: [String], _ b: [String]) -> ([String], [String]) {
        let a = Array(a.prefix(2000)), b = Array(b.prefix(2000))
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var i = 0, j = 0
        var onlyA: [String] = [], onlyB: [String] = []
        while i < a.count && j < b.count {
            if a[i] == b[j] { i += 1; j += 1 }
            else if table[i + 1][j] >= table[i][j + 1] { onlyA.append(a[i]); i += 1 }
            else { onlyB.append(b[j]); j += 1 }
        }
        onlyA += a[i...]
        onlyB += b[j...]
        return (onlyA, onlyB)
    }

    // MARK: the table in Vendor-notes/sequences.md

    static let tableBegin = "<!-- allowed-differences:begin -->"
    static let tableEnd = "<!-- allowed-differences:end -->"

    /// The rows between the two markers: `| peer | phase | only in | command | reason |` (backticks around the
    /// command are dropped; the header and separator rows are skipped). Throws on a malformed row.
    static func parseTable(_ markdown: String) throws -> [AllowedRow] {
        guard let begin = markdown.range(of: tableBegin), let end = markdown.range(of: tableEnd),
              begin.upperBound <= end.lowerBound else {
            throw PeerError.notReady("no \(tableBegin) … \(tableEnd) table in Vendor-notes/sequences.md")
        }
        var rows: [AllowedRow] = []
        for line in markdown[begin.upperBound..<end.lowerBound].split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("|") else { continue }
            let cells = trimmed.dropFirst().split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 5 else { throw PeerError.notReady("sequences.md: malformed row \(trimmed)") }
            if cells[0] == "peer" || cells[0].hasPrefix("---") { continue }
            guard let phase = CommandSequence.Phase(rawValue: cells[1]) else {
                throw PeerError.notReady("sequences.md: unknown phase '\(cells[1])' in \(trimmed)")
            }
            let key = cells[3].replacingOccurrences(of: "`", with: "")
            rows.append(AllowedRow(difference: Difference(peer: cells[0], phase: phase, onlyIn: cells[2], key: key),
                                   reason: cells[4]))
        }
        return rows
    }

    /// One message per difference not in `allowed`, per allowed row (of the peers compared) that no longer
    /// differs, and per row without a reason.
    static func problems(found: Set<Difference>, allowed: [AllowedRow], peers: Set<String>) -> [String] {
        var messages: [String] = []
        let listed = Set(allowed.map(\.difference))
        for difference in found.sorted() where !listed.contains(difference) {
            messages.append("NEW difference (add it with its reason to Vendor-notes/sequences.md, or fix the "
                            + "engine): \(row(difference, reason: "REASON"))")
        }
        for entry in allowed where peers.contains(entry.difference.peer) {
            if !found.contains(entry.difference) {
                messages.append("STALE row (the sequences no longer differ here; remove it): "
                                + row(entry.difference, reason: entry.reason))
            }
            if entry.reason.isEmpty || entry.reason == "REASON" {
                messages.append("row without a reason: \(row(entry.difference, reason: entry.reason))")
            }
        }
        return messages
    }

    static func row(_ difference: Difference, reason: String) -> String {
        "| \(difference.peer) | \(difference.phase.rawValue) | \(difference.onlyIn) | `\(difference.key)` | \(reason) |"
    }

    // MARK: artefacts

    /// The sequence as text, one line per run of equal keys: count, key, the first CDB of the run in hex, and
    /// for WRITE runs the LBA range.
    static func render(_ sequence: CommandSequence, title: String) -> String {
        var lines = ["# \(title)", "# \(sequence.commands.count) commands, \(sequence.writes.count) WRITEs, "
                     + "\(sequence.blocksWritten) blocks written; \(sequence.contiguityKey)"]
        for phase in CommandSequence.Phase.allCases {
            lines.append("## \(phase.rawValue)")
            let commands = sequence.commands(in: phase)
            var index = 0
            while index < commands.count {
                let key = CommandSequence.key(commands[index])
                var end = index + 1
                while end < commands.count && CommandSequence.key(commands[end]) == key { end += 1 }
                let run = commands[index..<end]
                let cdb = run.first!.cdb.map { $0.map { String(format: "%02x", $0) }.joined(separator: " ") } ?? "-"
                var text = String(format: "%5d× ", run.count) + key.padding(toLength: 52, withPad: " ", startingAt: 0)
                    + " " + cdb
                if let first = run.first.flatMap(CommandSequence.writeExtent),
                   let last = run.last.flatMap(CommandSequence.writeExtent) {
                    text += "  (LBA \(first.lba)–\(last.lba + last.blocks - 1))"
                }
                lines.append(text)
                index = end
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
