import MMC

/// A run of consecutive logical blocks: `startLBA ..< startLBA + blocks`.
public struct LBARange: Sendable, Hashable, Codable {
    public var startLBA: UInt64
    public var blocks: UInt64

    public init(startLBA: UInt64, blocks: UInt64) {
        self.startLBA = startLBA
        self.blocks = blocks
    }

    /// The last block of the range (`startLBA` for an empty range).
    public var lastLBA: UInt64 { blocks == 0 ? startLBA : startLBA &+ blocks &- 1 }

    /// Groups single LBAs into ranges of consecutive blocks, in ascending order; duplicates count once.
    public static func grouping(_ lbas: [UInt64]) -> [LBARange] {
        var ranges: [LBARange] = []
        for lba in Set(lbas).sorted() {
            if let last = ranges.last, last.startLBA &+ last.blocks == lba {
                ranges[ranges.count - 1].blocks += 1
            } else {
                ranges.append(LBARange(startLBA: lba, blocks: 1))
            }
        }
        return ranges
    }
}

/// One zone of a readability scan: how fast its readable blocks came off the disc.
public struct ScanZone: Sendable, Hashable, Codable {
    public var startLBA: UInt64
    public var blocks: UInt64
    /// Readable bytes of the zone (1 kB = 1,000 bytes, as drive speeds are quoted) over the time its READs took,
    /// retries of bad blocks included; 0 for a zone with no readable block.
    public var kilobytesPerSecond: Double

    public init(startLBA: UInt64, blocks: UInt64, kilobytesPerSecond: Double) {
        self.startLBA = startLBA
        self.blocks = blocks
        self.kilobytesPerSecond = kilobytesPerSecond
    }
}

/// What a readability scan found: zones covering `0 ..< blocks` in order, and the unreadable ranges.
public struct ScanResult: Sendable, Hashable {
    /// Profile of the scanned medium (for speeds as multiples of 1×).
    public var profile: Profile
    /// Blocks scanned: the readable extent of the medium.
    public var blocks: UInt64
    public var zones: [ScanZone]
    public var unreadable: [LBARange]
    public var elapsedSeconds: Double

    public init(profile: Profile, blocks: UInt64, zones: [ScanZone], unreadable: [LBARange], elapsedSeconds: Double) {
        self.profile = profile
        self.blocks = blocks
        self.zones = zones
        self.unreadable = unreadable
        self.elapsedSeconds = elapsedSeconds
    }

    /// Every block was read.
    public var allReadable: Bool { unreadable.isEmpty }

    public var unreadableBlocks: UInt64 { unreadable.reduce(0) { $0 &+ $1.blocks } }

    /// Readable bytes of the whole scan over its whole duration, in kB/s (0 when nothing was timed).
    public var averageKilobytesPerSecond: Double {
        guard elapsedSeconds > 0 else { return 0 }
        return Double(blocks - min(blocks, unreadableBlocks)) * 2.048 / elapsedSeconds
    }

    public var minimumKilobytesPerSecond: Double { zones.map(\.kilobytesPerSecond).min() ?? 0 }
    public var maximumKilobytesPerSecond: Double { zones.map(\.kilobytesPerSecond).max() ?? 0 }
}

/// Progress of a running scan, reported after every zone.
public struct ScanProgress: Sendable, Hashable {
    public var blocksDone: UInt64
    public var totalBlocks: UInt64
    /// Speed of the zone just finished.
    public var kilobytesPerSecond: Double
    public var unreadableBlocks: UInt64

    public var percent: Double { totalBlocks == 0 ? 100 : Double(blocksDone) * 100 / Double(totalBlocks) }
}
