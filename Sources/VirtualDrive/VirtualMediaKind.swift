import MMC

/// The media a `VirtualDrive` can hold, named as they appear after "virtual:" ("dvd+r", "bd-re", ...).
///
/// Capacities are the numbers real drives report for common 120 mm discs (see /work/shared/MMC-NOTES.md,
/// "What real drives report"); a pressed disc's capacity comes from its image file instead.
public enum VirtualMediaKind: String, CaseIterable, Sendable, Codable {
    case none
    case cdR = "cd-r"
    case cdRW = "cd-rw"
    case dvdR = "dvd-r"
    case dvdRW = "dvd-rw"
    case dvdPlusR = "dvd+r"
    case dvdPlusRDL = "dvd+r-dl"
    case dvdPlusRW = "dvd+rw"
    case dvdRAM = "dvd-ram"
    case bdR = "bd-r"
    case bdRE = "bd-re"
    case cdROM = "cd-rom"
    case dvdROM = "dvd-rom"
    case bdROM = "bd-rom"

    /// The current profile GET CONFIGURATION reports for this medium (MMC-6 §5.3.1, Table 91).
    public var profile: Profile {
        switch self {
        case .none: return .none
        case .cdR: return .cdR
        case .cdRW: return .cdRW
        case .dvdR: return .dvdRSequential
        case .dvdRW: return .dvdRWSequential
        case .dvdPlusR: return .dvdPlusR
        case .dvdPlusRDL: return .dvdPlusRDL
        case .dvdPlusRW: return .dvdPlusRW
        case .dvdRAM: return .dvdRAM
        case .bdR: return .bdRSequential
        case .bdRE: return .bdRE
        case .cdROM: return .cdROM
        case .dvdROM: return .dvdROM
        case .bdROM: return .bdROM
        }
    }

    /// Free blocks of the invisible track on a blank disc: the user-data capacity in 2048-byte blocks.
    ///
    /// - CD-R/RW: an 80-minute disc, ATIP lead-out 79:59:74 → LBA 359,849.
    /// - DVD-R/RW: 2,298,496. Real drives report this as the last possible lead-out, and some report 2,297,888
    ///   free blocks for the invisible track; this drive reports 2,298,496 for both, so a plan computed from
    ///   either number fits.
    /// - DVD+R/+RW 2,295,104 · DVD+R DL 4,173,824 (layer 0: 2,086,912) · DVD-RAM 2,236,704 (formatted)
    /// - BD-R 12,219,392 (unformatted, no spare areas) · BD-RE 12,219,392 unformatted, 11,826,176 once formatted
    ///   with the default spare areas (`formattedCapacityBlocks`).
    /// - Pressed discs and no medium: 0 (a pressed disc's size comes from its image).
    public var blankCapacityBlocks: Int {
        switch self {
        case .none, .cdROM, .dvdROM, .bdROM: return 0
        case .cdR, .cdRW: return 359_849
        case .dvdR, .dvdRW: return 2_298_496
        case .dvdPlusR, .dvdPlusRW: return 2_295_104
        case .dvdPlusRDL: return 4_173_824
        case .dvdRAM: return 2_236_704
        case .bdR, .bdRE: return 12_219_392
        }
    }

    /// User capacity after FORMAT UNIT with the default format (overwritable media), else the blank capacity.
    public var formattedCapacityBlocks: Int {
        switch self {
        case .bdRE: return 11_826_176
        default: return blankCapacityBlocks
        }
    }

    /// Layer 0 data zone capacity of a blank dual-layer disc, settable until the first write.
    var defaultLayerZeroBlocks: Int? { self == .dvdPlusRDL ? 2_086_912 : nil }

    var family: Profile.Family { profile.family }
    var isPresent: Bool { self != .none }
    /// Pressed media whose user data is an image file.
    public var isPressed: Bool { [.cdROM, .dvdROM, .bdROM].contains(self) }
    /// Written at the next writable address only (CD-R/RW, DVD-R/RW sequential, DVD+R (DL), BD-R SRM).
    var isSequential: Bool { [.cdR, .cdRW, .dvdR, .dvdRW, .dvdPlusR, .dvdPlusRDL, .bdR].contains(self) }
    /// Written anywhere once formatted (DVD+RW, DVD-RAM, BD-RE).
    var isOverwritable: Bool { [.dvdPlusRW, .dvdRAM, .bdRE].contains(self) }
    /// The Erasable bit of READ DISC INFORMATION (MMC-6 §6.22.3.1.3).
    var isErasable: Bool { [.cdRW, .dvdRW, .dvdPlusRW, .dvdRAM, .bdRE].contains(self) }
    /// BLANK (A1h) applies (MMC-6 §6.2).
    var isBlankable: Bool { [.cdRW, .dvdRW].contains(self) }
    /// Page 05h Test Write is honoured (CD TAO/SAO, DVD-R/-RW write features).
    var supportsTestWrite: Bool { [.cdR, .cdRW, .dvdR, .dvdRW].contains(self) }
    /// Page 05h selects the write type (CD and DVD-R/-RW); other media ignore the page.
    var usesWriteParameters: Bool { [.cdR, .cdRW, .dvdR, .dvdRW].contains(self) }
    /// A medium a fresh instance starts with as formatted (DVD-RAM is sold formatted).
    var startsFormatted: Bool { self == .dvdRAM }

    /// Blocks one session costs beyond its tracks on multi-session media (lead-out, lead-in, pre-gap): the next
    /// session's NWA is the last track's end plus this.
    /// - CD: 6,750 lead-out + 4,500 lead-in + 150 pre-gap = 11,400 after the first session (libburn
    ///   doc/cookbook.txt "lead-out + 11400 after the first session"; 6,900 after later ones, `nextTrackStartLBA`).
    /// - DVD (6,144) and BD (4,096): HYPOTHESIS, no source. libburn (cookbook.txt DVD+R and DVD-R[W] chapters,
    ///   mmc.c, write.c), growisofs (growisofs_mmc.cpp reads the next session's address from READ TRACK
    ///   INFORMATION and never computes it; its dvd-rw.html names the DVD-R Border-out without a size) and
    ///   MMC-NOTES give no DVD+R closure / DVD-R Border-out+Border-in / BD-R session-close size; the MMC-6 and
    ///   ECMA-349/-279 tables that define them were not available here. The numbers are only non-zero, 16-block
    ///   aligned values that make a caller read the NWA instead of assuming contiguous sessions
    ///   (Vendor-notes/drive-behaviours.md, "Session gaps").
    var sessionGapBlocks: Int {
        switch family {
        case .cd: return 11_400
        case .dvd: return 6_144
        case .bd: return 4_096
        default: return 0
        }
    }

    /// Blocks between tracks of one session: CD TAO writes 2 run-out blocks and the next track's 150-block
    /// pre-gap; DVD and BD tracks are contiguous.
    var trackGapBlocks: Int { family == .cd ? 152 : 0 }

    /// Blocks per ECC unit, reported as Blocking in the Random Readable/Writable features.
    var blockingFactor: Int {
        switch family {
        case .cd: return 1
        case .bd: return 32
        default: return 16
        }
    }

    /// Write speeds offered for this medium, highest first, as multiples of the family's 1× rate.
    var writeSpeedMultipliers: [Double] {
        switch self {
        case .cdR: return [48, 40, 32, 24, 16, 8, 4]
        case .cdRW: return [24, 16, 10, 4]
        case .dvdR: return [16, 8, 4, 2]
        case .dvdRW: return [6, 4, 2]
        case .dvdPlusR: return [16, 8, 4, 2.4]
        case .dvdPlusRDL: return [8, 4, 2.4]
        case .dvdPlusRW: return [8, 4, 2.4]
        case .dvdRAM: return [5, 3, 2]
        case .bdR: return [12, 8, 6, 4, 2]
        case .bdRE: return [2]
        case .none, .cdROM, .dvdROM, .bdROM: return []
        }
    }

    /// Highest read speed, as a multiple of the family's 1× rate.
    var maximumReadMultiplier: Double {
        switch family {
        case .cd: return 48
        case .bd: return 12
        default: return 16
        }
    }

    /// Drive buffer size reported by READ BUFFER CAPACITY and page 2Ah for this medium's family.
    var bufferBytes: Int { family == .bd ? 4 << 20 : 2 << 20 }
}

/// Speeds in kB/s (1000 bytes/s) as GET PERFORMANCE and page 2Ah report them.
enum SpeedTable {
    /// 1× in kB/s. BD uses 4,496 (not MMC's 4,495.5) because real drives report 12× as 53,952 kB/s.
    static func kilobytesPerSecondAt1x(_ family: Profile.Family) -> Double {
        switch family {
        case .cd: return 176.4
        case .bd: return 4496
        default: return 1385
        }
    }

    static func kilobytesPerSecond(_ multiplier: Double, _ family: Profile.Family) -> Int {
        Int((multiplier * kilobytesPerSecondAt1x(family)).rounded())
    }
}
