import SCSI

/// BLANKING TYPE of the BLANK command (MMC-6 §6.2): a 3-bit code. An open set.
///
/// Drive support varies: Pioneer's R11 reference lists types 000b/001b for CD-RW and DVD-RW, 010b and 100b for
/// CD-RW only, and none of 011b, 101b, 110b. libburn found that only a full blank (000b) leaves DVD-RW fit for
/// incremental writing (feature 0021h); a minimal blank is enough for DAO.
public struct BlankingType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8

    /// - Precondition: `rawValue` fits 3 bits (programmer error).
    public init(rawValue: UInt8) {
        precondition(rawValue <= 0b111, "BLANKING TYPE is a 3-bit field")
        self.rawValue = rawValue
    }

    /// 000b: blank the whole disc (slow: the full surface is rewritten).
    public static let full = BlankingType(rawValue: 0)
    /// 001b: minimally blank the disc (PMA, TOC/lead-in, first track's pre-gap): fast.
    public static let minimal = BlankingType(rawValue: 1)
    /// 010b: blank the track named by the start address/track number field.
    public static let track = BlankingType(rawValue: 2)
    /// 011b: unreserve the last, reserved but unwritten track.
    public static let unreserveTrack = BlankingType(rawValue: 3)
    /// 100b: blank the tail of the track starting at the LBA given.
    public static let trackTail = BlankingType(rawValue: 4)
    /// 101b: unclose the last session (make it appendable again).
    public static let unclose = BlankingType(rawValue: 5)
    /// 110b: blank the last (non-empty) session.
    public static let session = BlankingType(rawValue: 6)

    public var description: String {
        switch self {
        case .full: return "full"
        case .minimal: return "minimal"
        case .track: return "track"
        case .unreserveTrack: return "unreserve track"
        case .trackTail: return "track tail"
        case .unclose: return "unclose session"
        case .session: return "session"
        default: return "blanking type \(rawValue)"
        }
    }
}

/// BLANK, opcode A1h: erase a rewritable disc, or part of it (MMC-6 §6.2). CD-RW and sequential DVD-RW.
///
/// CDB (12 bytes): byte 1 bit 4 = IMMED, bits 2-0 = blanking type; bytes 2-5 = start address / track number
/// (LBA for track tail, track number for track, ignored — zero — for full and minimal).
/// Blanking takes from about a minute (minimal) to over an hour (full, at low speed): send it with `immediate` and
/// poll REQUEST SENSE (progress indication) / TEST UNIT READY until the drive is ready again.
public struct Blank: MMCCommand, Hashable {
    public typealias Response = Void
    public static let name = "BLANK"

    public let type: BlankingType
    /// Start address (LBA) or track number, depending on `type`.
    public let trackOrLBA: UInt32
    public let immediate: Bool

    public init(type: BlankingType, trackOrLBA: UInt32 = 0, immediate: Bool = true) {
        self.type = type
        self.trackOrLBA = trackOrLBA
        self.immediate = immediate
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 12)
        w.set(0, 0xA1)
        w.set(1, type.rawValue & 0x07)              // blanking type
        w.setBits(1, mask: 0x10, immediate)         // IMMED
        w.setUInt32(2, trackOrLBA)                  // start address / track number
        return w.cdb
    }

    /// IMMED: a minute; without: two hours (a full blank of CD-RW / DVD-RW at 1× takes over an hour).
    public var timeout: Duration { immediate ? .seconds(200) : .seconds(2 * 60 * 60) }
}
