/// MMC profile (MMC-6 §5.3.1, Table 91): what kind of medium is loaded. An open set.
public struct Profile: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let none = Profile(rawValue: 0x0000)
    public static let nonRemovableDisk = Profile(rawValue: 0x0001)
    public static let removableDisk = Profile(rawValue: 0x0002)
    public static let cdROM = Profile(rawValue: 0x0008)
    public static let cdR = Profile(rawValue: 0x0009)
    public static let cdRW = Profile(rawValue: 0x000A)
    public static let dvdROM = Profile(rawValue: 0x0010)
    public static let dvdRSequential = Profile(rawValue: 0x0011)
    public static let dvdRAM = Profile(rawValue: 0x0012)
    public static let dvdRWRestrictedOverwrite = Profile(rawValue: 0x0013)
    public static let dvdRWSequential = Profile(rawValue: 0x0014)
    public static let dvdRDLSequential = Profile(rawValue: 0x0015)
    public static let dvdRDLLayerJump = Profile(rawValue: 0x0016)
    public static let dvdRWDL = Profile(rawValue: 0x0017)
    public static let dvdPlusRW = Profile(rawValue: 0x001A)
    public static let dvdPlusR = Profile(rawValue: 0x001B)
    public static let dvdPlusRWDL = Profile(rawValue: 0x002A)
    public static let dvdPlusRDL = Profile(rawValue: 0x002B)
    public static let bdROM = Profile(rawValue: 0x0040)
    public static let bdRSequential = Profile(rawValue: 0x0041)
    public static let bdRRandom = Profile(rawValue: 0x0042)
    public static let bdRE = Profile(rawValue: 0x0043)
    public static let hdDVDROM = Profile(rawValue: 0x0050)
    public static let hdDVDR = Profile(rawValue: 0x0051)
    public static let hdDVDRAM = Profile(rawValue: 0x0052)
    public static let nonConforming = Profile(rawValue: 0xFFFF)

    public enum Family: String, Sendable, Hashable, Codable { case none, cd, dvd, bd, hdDVD = "hd-dvd", other }

    /// Short name as dvd+rw-mediainfo / cdrecord users know it.
    public var name: String {
        switch self {
        case .none: return "none"
        case .nonRemovableDisk: return "Non-removable disk"
        case .removableDisk: return "Removable disk"
        case .cdROM: return "CD-ROM"
        case .cdR: return "CD-R"
        case .cdRW: return "CD-RW"
        case .dvdROM: return "DVD-ROM"
        case .dvdRSequential: return "DVD-R"
        case .dvdRAM: return "DVD-RAM"
        case .dvdRWRestrictedOverwrite: return "DVD-RW (restricted overwrite)"
        case .dvdRWSequential: return "DVD-RW (sequential)"
        case .dvdRDLSequential: return "DVD-R DL (sequential)"
        case .dvdRDLLayerJump: return "DVD-R DL (layer jump)"
        case .dvdRWDL: return "DVD-RW DL"
        case .dvdPlusRW: return "DVD+RW"
        case .dvdPlusR: return "DVD+R"
        case .dvdPlusRWDL: return "DVD+RW DL"
        case .dvdPlusRDL: return "DVD+R DL"
        case .bdROM: return "BD-ROM"
        case .bdRSequential: return "BD-R (SRM)"
        case .bdRRandom: return "BD-R (RRM)"
        case .bdRE: return "BD-RE"
        case .hdDVDROM: return "HD DVD-ROM"
        case .hdDVDR: return "HD DVD-R"
        case .hdDVDRAM: return "HD DVD-RAM"
        case .nonConforming: return "non-conforming"
        default: return "profile 0x" + String(rawValue, radix: 16, uppercase: true)
        }
    }

    /// Name as JSON and scripts use it: "DVD+R", "BD-R", "DVD-RW" (mode detail dropped).
    public var shortName: String {
        switch self {
        case .dvdRWRestrictedOverwrite, .dvdRWSequential: return "DVD-RW"
        case .dvdRDLSequential, .dvdRDLLayerJump: return "DVD-R DL"
        case .bdRSequential, .bdRRandom: return "BD-R"
        default: return name
        }
    }

    public var description: String { name }

    public var family: Family {
        switch rawValue {
        case 0x0000: return .none
        case 0x0008...0x000A: return .cd
        case 0x0010...0x002B: return .dvd
        case 0x0040...0x0043: return .bd
        case 0x0050...0x0053: return .hdDVD
        default: return .other
        }
    }

    /// Pressed (read-only) media.
    public var isReadOnly: Bool { [.cdROM, .dvdROM, .bdROM, .hdDVDROM].contains(self) }

    /// Media written at any address once formatted (writability decided by profile, not disc status).
    public var isOverwritable: Bool {
        [.dvdRAM, .dvdRWRestrictedOverwrite, .dvdPlusRW, .dvdPlusRWDL, .bdRE, .bdRRandom, .hdDVDRAM].contains(self)
    }

    /// Media that can be blanked or reformatted and written again.
    public var isRewritable: Bool {
        [.cdRW, .dvdRAM, .dvdRWRestrictedOverwrite, .dvdRWSequential, .dvdRWDL, .dvdPlusRW, .dvdPlusRWDL, .bdRE]
            .contains(self)
    }

    /// Media written sequentially (write-once, or DVD-RW/CD-RW in sequential mode).
    public var isSequential: Bool {
        [.cdR, .cdRW, .dvdRSequential, .dvdRWSequential, .dvdRDLSequential, .dvdRDLLayerJump, .dvdPlusR, .dvdPlusRDL,
         .bdRSequential, .hdDVDR].contains(self)
    }

    public var isWritable: Bool { isOverwritable || isSequential }

    public var isDualLayer: Bool {
        [.dvdRDLSequential, .dvdRDLLayerJump, .dvdRWDL, .dvdPlusRWDL, .dvdPlusRDL].contains(self)
    }

    /// Data rate of 1× for this family, in kB/s (1000 bytes), as GET PERFORMANCE reports speeds.
    public var kilobytesPerSecondAt1x: Double {
        switch family {
        case .cd: return 176.4
        case .bd: return 4495.5
        default: return 1385
        }
    }

    public static func < (a: Profile, b: Profile) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(UInt16.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
