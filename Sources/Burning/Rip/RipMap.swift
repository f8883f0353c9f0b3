import Foundation

/// Which blocks of a rip are good, bad or not tried yet, kept beside the image so a rip can resume
/// (the layout of GNU ddrescue's mapfile: `POS SIZE STATUS` in bytes, hex, with `+` good, `-` bad, `?` untried).
public struct RipMap: Sendable, Equatable {
    public enum Status: Character, Sendable {
        case good = "+"
        case bad = "-"
        case untried = "?"
    }

    public struct Range: Sendable, Equatable {
        public var startBlock: UInt64
        public var blocks: UInt64
        public var status: Status
        public var endBlock: UInt64 { startBlock + blocks }
    }

    public static let blockBytes: UInt64 = 2048
    public private(set) var totalBlocks: UInt64
    /// Sorted, contiguous, non-empty, adjacent ranges of different status.
    public private(set) var ranges: [Range]

    public init(totalBlocks: UInt64) {
        self.totalBlocks = totalBlocks
        ranges = totalBlocks == 0 ? [] : [Range(startBlock: 0, blocks: totalBlocks, status: .untried)]
    }

    /// Marks `blocks` blocks from `start` (clamped to the map).
    public mutating func mark(_ start: UInt64, _ blocks: UInt64, _ status: Status) {
        let end = min(totalBlocks, start + blocks)
        guard start < end else { return }
        var out: [Range] = []
        for r in ranges {
            if r.endBlock <= start || r.startBlock >= end { out.append(r); continue }
            if r.startBlock < start { out.append(Range(startBlock: r.startBlock, blocks: start - r.startBlock, status: r.status)) }
            if r.endBlock > end { out.append(Range(startBlock: end, blocks: r.endBlock - end, status: r.status)) }
        }
        out.append(Range(startBlock: start, blocks: end - start, status: status))
        out.sort { $0.startBlock < $1.startBlock }
        ranges = out.reduce(into: []) { merged, r in
            if let last = merged.last, last.status == r.status, last.endBlock == r.startBlock {
                merged[merged.count - 1].blocks += r.blocks
            } else {
                merged.append(r)
            }
        }
    }

    public func ranges(_ status: Status) -> [Range] { ranges.filter { $0.status == status } }
    public func count(_ status: Status) -> UInt64 { ranges(status).reduce(0) { $0 + $1.blocks } }

    // MARK: file format

    public func text(currentBlock: UInt64) -> String {
        var lines = ["# Mapfile. Created by discburn rip (ddrescue layout: positions and sizes in bytes)",
                     "# current_pos  current_status",
                     String(format: "0x%08llX     ?", currentBlock * Self.blockBytes),
                     "#      pos        size  status"]
        for r in ranges {
            lines.append(String(format: "0x%08llX  0x%08llX  %@", r.startBlock * Self.blockBytes,
                                r.blocks * Self.blockBytes, String(r.status.rawValue)))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public struct FormatError: Error, CustomStringConvertible {
        public let line: Int
        public let reason: String
        public var description: String { "rip map line \(line): \(reason); delete the map to start the rip again" }
    }

    /// Reads a map written by `text`; its ranges must cover exactly `totalBlocks`.
    public init(text: String, totalBlocks: UInt64) throws {
        self.init(totalBlocks: totalBlocks)
        var sawCurrent = false
        var covered: UInt64 = 0
        var parsed: [Range] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if !sawCurrent { sawCurrent = true; continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 3, let pos = Self.number(fields[0]), let size = Self.number(fields[1]),
                  let status = fields[2].first.flatMap(Status.init(rawValue:)), fields[2].count == 1 else {
                throw FormatError(line: index + 1, reason: "expected 'POS SIZE STATUS'")
            }
            guard pos % Self.blockBytes == 0, size % Self.blockBytes == 0, size > 0, pos / Self.blockBytes == covered else {
                throw FormatError(line: index + 1, reason: "range does not continue the previous one in whole blocks")
            }
            parsed.append(Range(startBlock: pos / Self.blockBytes, blocks: size / Self.blockBytes, status: status))
            covered += size / Self.blockBytes
        }
        guard covered == totalBlocks else {
            throw FormatError(line: 0, reason: "covers \(covered) blocks but the medium has \(totalBlocks)")
        }
        for r in parsed { mark(r.startBlock, r.blocks, r.status) }
    }

    private static func number(_ s: Substring) -> UInt64? {
        s.hasPrefix("0x") || s.hasPrefix("0X") ? UInt64(s.dropFirst(2), radix: 16) : UInt64(s)
    }
}
