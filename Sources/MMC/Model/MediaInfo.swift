/// What is in the drive now (DRDevice "status" in DiscRecording terms).
public struct MediaInfo: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable {
        case blank, appendable, complete, other
    }

    public var present: Bool
    public var profile: Profile
    public var discStatus: Status?
    public var erasable: Bool
    public var sessions: Int
    /// State of the last session (READ DISC INFORMATION), nil when not read.
    public var lastSessionState: SessionState?
    public var tracks: Int
    /// Where the next write must start on sequential media (nil when the medium takes no more writes, or is
    /// written at any address).
    public var nextWritableAddress: UInt32?
    /// Blocks a burn may use: the invisible track's free blocks on sequential media, the whole (formatted)
    /// capacity on overwritable media, 0 on closed or pressed discs.
    public var freeBlocks: UInt64
    public var blockSizeBytes: Int
    /// Blocks that can be read back (READ CAPACITY), 0 on a blank disc.
    public var readableBlocks: UInt64
    /// Overwritable media: formatted (nil where formatting does not apply).
    public var formatted: Bool?
    /// Write speeds offered for this medium, kB/s, fastest first.
    public var writeSpeedsKilobytesPerSecond: [Int]
    /// Medium manufacturer as recorded on the disc (DVD+R ADIP, DVD-R pre-recorded info, BD disc info), if any.
    public var manufacturerID: String?
    public var mediaTypeID: String?
    /// CD-R/RW: ATIP start of the last possible lead-out, as LBA.
    public var atipLeadOutLBA: Int?

    public init(present: Bool, profile: Profile = .none, discStatus: Status? = nil, erasable: Bool = false,
                sessions: Int = 0, tracks: Int = 0, nextWritableAddress: UInt32? = nil, freeBlocks: UInt64 = 0,
                blockSizeBytes: Int = 2048, readableBlocks: UInt64 = 0, formatted: Bool? = nil,
                writeSpeedsKilobytesPerSecond: [Int] = [], manufacturerID: String? = nil,
                mediaTypeID: String? = nil, atipLeadOutLBA: Int? = nil) {
        self.present = present
        self.profile = profile
        self.discStatus = discStatus
        self.erasable = erasable
        self.sessions = sessions
        self.tracks = tracks
        self.nextWritableAddress = nextWritableAddress
        self.freeBlocks = freeBlocks
        self.blockSizeBytes = blockSizeBytes
        self.readableBlocks = readableBlocks
        self.formatted = formatted
        self.writeSpeedsKilobytesPerSecond = writeSpeedsKilobytesPerSecond
        self.manufacturerID = manufacturerID
        self.mediaTypeID = mediaTypeID
        self.atipLeadOutLBA = atipLeadOutLBA
    }

    public static let absent = MediaInfo(present: false)

    public var freeBytes: UInt64 { freeBlocks &* UInt64(blockSizeBytes) }

    /// Speed as a multiple of 1× for this medium's family ("16x", "2.4x").
    public func speedMultiple(kilobytesPerSecond: Int) -> String {
        SpeedFormat.multiple(kilobytesPerSecond: kilobytesPerSecond, profile: profile)
    }
}

/// Speeds as burner users read them.
public enum SpeedFormat {
    /// "16x", "2.4x", "48x": the kB/s speed over the family's 1× rate, to one decimal, trailing ".0" dropped.
    public static func multiple(kilobytesPerSecond: Int, profile: Profile) -> String {
        let x = Double(kilobytesPerSecond) / profile.kilobytesPerSecondAt1x
        let tenths = (x * 10).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return "\(Int(tenths / 10))x" }
        return "\(Double(tenths) / 10)x"
    }
}
