import MMC

/// How the disc is written: one strategy per media family and mode (see Vendor-notes per family).
public enum StrategyKind: String, Sendable, Hashable, Codable {
    case cdTrackAtOnce = "CD TAO"
    case cdSessionAtOnce = "CD SAO"
    case dvdRDiscAtOnce = "DVD-R DAO"
    case dvdRIncremental = "DVD-R incremental"
    case dvdPlusR = "DVD+R"
    case overwritable = "overwrite"
    case bdR = "BD-R"

    public var writeMode: WriteMode {
        switch self {
        case .cdTrackAtOnce: return .trackAtOnce
        case .cdSessionAtOnce: return .sessionAtOnce
        case .dvdRDiscAtOnce: return .discAtOnce
        case .dvdRIncremental: return .incremental
        case .dvdPlusR, .bdR: return .sequential
        case .overwritable: return .randomAccess
        }
    }
}

/// What is done to the disc after the data: the state it is left in.
public enum Closing: String, Sendable, Hashable, Codable {
    /// Session closed, disc stays appendable (--multi).
    case appendable
    /// Disc closed / finalized: no more sessions.
    case finalize
    /// Overwritable media: nothing to close beyond the drive's own housekeeping.
    case none
}

/// A format to run before writing (unformatted overwritable media).
public struct FormatChoice: Sendable, Hashable {
    public var formatType: UInt8
    /// FORMAT SUB-TYPE (BD-R 32h: 01b, spares without POW).
    public var subtype: UInt8 = 0
    public var blocks: UInt32
    public var typeDependentParameter: UInt32
}

/// Everything decided before the first WRITE; `--dry-run` prints it and stops.
public struct BurnPlan: Sendable, Hashable {
    public var device: String
    public var profile: Profile
    public var strategy: StrategyKind
    public var closing: Closing
    /// First LBA written (the NWA on sequential media, 0 on overwritable media).
    public var startLBA: UInt64
    /// Blocks of image data.
    public var imageBlocks: UInt64
    /// Blocks written in all: the image plus zero padding (minimum track length, ECC-block alignment).
    public var writeBlocks: UInt64
    public var freeBlocks: UInt64
    /// Chosen write speed in kB/s (nil: the drive's default, when it offers no list).
    public var speedKilobytesPerSecond: Int?
    public var dummy: Bool
    public var bufferUnderrunFree: Bool
    public var format: FormatChoice?
    /// DVD+R DL: blocks in layer 0 (set with SEND DISC STRUCTURE), nil for the drive's default.
    public var layerZeroBlocks: UInt64?
    /// BD: write with WRITE(12) Streaming (--stream-recording, offered by the drive).
    public var streamRecording = false
    /// The last session is open (an interrupted burn): close it before writing (BD-R, as libburn does).
    public var closeOpenSessionFirst = false
    /// The image holds a file system mastered for `startLBA`: written anywhere else it would not mount.
    public var imageBoundToStartLBA = false
    /// DVD+RW: the background format is suspended; restart it before writing (MMC-NOTES, libburn).
    public var restartBackgroundFormat = false
    /// DVD-RW restricted overwrite in the intermediate state after a quick format: close the session at the end.
    public var closeSessionAfterOverwrite = false
    /// What the planner decided differently from what was asked, in words (e.g. a speed rounded to one the
    /// drive offers); printed with the plan, never silent.
    public var notes: [String] = []
    /// A bin/cue burned session at once (CD): where its tracks go; nil for every other image.
    public var cueLayout: CueDiscLayout?

    public var writeBytes: UInt64 { writeBlocks * 2048 }

    /// Seconds at the chosen speed (nil when the speed is unknown).
    public var expectedDurationSeconds: Double? {
        guard let speed = speedKilobytesPerSecond, speed > 0 else { return nil }
        return Double(writeBytes) / (Double(speed) * 1000)
    }

    public var speedText: String {
        guard let speed = speedKilobytesPerSecond else { return "drive default" }
        return "\(SpeedFormat.multiple(kilobytesPerSecond: speed, profile: profile)) (\(speed) kB/s)"
    }
}
