/// A way of writing a medium, as burners name them.
public enum WriteMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// CD Track At Once (page 05h write type 1).
    case trackAtOnce = "TAO"
    /// CD Session At Once with a cue sheet (write type 2).
    case sessionAtOnce = "SAO"
    /// CD raw (write type 3).
    case raw = "RAW"
    /// DVD-R/-RW Disc At Once (write type 2 with RESERVE TRACK).
    case discAtOnce = "DAO"
    /// DVD-R/-RW incremental / packet (write type 0).
    case incremental
    /// DVD+R, DVD+R DL and BD-R: written sequentially from the next writable address, no page 05h.
    case sequential
    /// DVD-R DL layer jump recording.
    case layerJump = "layer-jump"
    /// Overwritable media (DVD+RW, DVD-RAM, BD-RE, DVD-RW restricted overwrite): written at any address.
    case randomAccess = "random-access"
}

/// What the drive itself can do, whatever is loaded (DRDevice "info" in DiscRecording terms).
public struct DriveInfo: Sendable, Hashable {
    public var vendor: String
    public var product: String
    public var revision: String
    public var serialNumber: String?
    /// Every profile the drive reports, in its order (current medium's profile included).
    public var profiles: [Profile]
    /// Write modes offered for each media family the drive writes, keyed by the family's name ("CD", "DVD-R", ...).
    public var writeModes: [String: [WriteMode]]
    /// BURN-Free / lossless linking offered (BUF bit of feature 002Dh, 002Eh or 002Fh, or page 2Ah).
    public var bufferUnderrunFree: Bool
    /// BUFE offered for CD writing (BUF bit of 002Dh/002Eh, or page 2Ah): page 05h BUFE is set from the bit of
    /// the loaded media family, not from any family's.
    public var bufferUnderrunFreeCD = false
    /// BUFE offered for DVD-R/-RW writing (BUF bit of 002Fh, or of 0021h Incremental Streaming Writable).
    public var bufferUnderrunFreeDVD = false
    /// Feature 0107h SW bit: WRITE(12) with the Streaming bit is offered (MMC-6 §5.3.46).
    public var streamWriting = false
    /// Features the drive marks current for the loaded medium (e.g. 0021h after a fast blank is not, 0038h BD-R
    /// Pseudo-OverWrite is current on a POW-formatted BD-R: libburn drive.c burn_drive_get_bd_r_pow).
    public var currentFeatures: Set<FeatureCode> = []
    /// Test write (simulation) on CD (feature 002Dh/002Eh).
    public var testWriteCD: Bool
    /// Test write on DVD-R/-RW (feature 002Fh).
    public var testWriteDVD: Bool
    /// Drive buffer from page 2Ah, or from READ BUFFER CAPACITY when a medium is loaded.
    public var bufferSizeBytes: Int?
    /// Highest write speed the drive reports (page 2Ah descriptors), kB/s.
    public var maximumWriteSpeedKilobytesPerSecond: Int?
    /// Highest read speed the drive reports (page 2Ah, obsolete field), kB/s.
    public var maximumReadSpeedKilobytesPerSecond: Int?
    /// Drive can load the tray by itself (loading mechanism not "caddy/none").
    public var canEject: Bool

    public init(vendor: String, product: String, revision: String, serialNumber: String? = nil,
                profiles: [Profile] = [], writeModes: [String: [WriteMode]] = [:], bufferUnderrunFree: Bool = false,
                testWriteCD: Bool = false, testWriteDVD: Bool = false, bufferSizeBytes: Int? = nil,
                maximumWriteSpeedKilobytesPerSecond: Int? = nil, maximumReadSpeedKilobytesPerSecond: Int? = nil,
                canEject: Bool = false) {
        self.vendor = vendor
        self.product = product
        self.revision = revision
        self.serialNumber = serialNumber
        self.profiles = profiles
        self.writeModes = writeModes
        self.bufferUnderrunFree = bufferUnderrunFree
        self.testWriteCD = testWriteCD
        self.testWriteDVD = testWriteDVD
        self.bufferSizeBytes = bufferSizeBytes
        self.maximumWriteSpeedKilobytesPerSecond = maximumWriteSpeedKilobytesPerSecond
        self.maximumReadSpeedKilobytesPerSecond = maximumReadSpeedKilobytesPerSecond
        self.canEject = canEject
    }

    /// True when the drive can write media of this profile.
    public func canWrite(_ profile: Profile) -> Bool {
        profile.isWritable && profiles.contains(profile)
    }
}
