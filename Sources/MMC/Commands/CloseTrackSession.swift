import SCSI

/// The CLOSE FUNCTION field of CLOSE TRACK SESSION (MMC-6 §6.3): a 3-bit code whose meaning depends on the
/// medium. An open set; codes not named here are passed through unchanged.
///
/// Sources: the per-medium function table as reproduced in Pioneer's R11 drive command reference (derived from
/// MMC-5) and libburn's cookbook (MMC-5 §6.3.3.x, tried on real drives). The MMC-6 text itself was not available
/// to check; see each member for what was and was not corroborated.
public struct CloseFunction: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8

    /// - Precondition: `rawValue` fits 3 bits (programmer error).
    public init(rawValue: UInt8) {
        precondition(rawValue <= 0b111, "CLOSE FUNCTION is a 3-bit field")
        self.rawValue = rawValue
    }

    /// 000b. DVD+RW / DVD+RW DL: quick stop of a background format ("stop de-icing") at an ECC block boundary;
    /// no-op when none runs. Not valid for CD, DVD-R/-RW, DVD+R. (Pioneer R11 table; growisofs sends it before
    /// closing a DVD+RW.)
    public static let stopBackgroundFormat = CloseFunction(rawValue: 0b000)
    /// 001b. Close the logical track named in the CDB: CD-R/RW (writes the PMA entry, pads to 4 s), DVD-R/-RW
    /// (RZone), DVD+R/+R DL (fragment), BD-R. Confirmed by the Pioneer table and libburn's cookbook.
    public static let closeTrack = CloseFunction(rawValue: 0b001)
    /// 010b. Close the last session (border): CD-R/RW and DVD-R/-RW finalize or stay appendable per the
    /// Multi-session field of the write parameters page (05h); DVD+R / DVD+R DL / BD-R close the session and stay
    /// appendable; DVD+RW: stop a background format and write the lead-out for compatibility; DVD-RW restricted
    /// overwrite: bring an intermediate session out of that state. Confirmed (Pioneer table, libburn cookbook).
    public static let closeSession = CloseFunction(rawValue: 0b010)
    /// 011b. Reported (third-party MMC tables) as: DVD+RW / DVD+RW DL stop background format in compatible mode;
    /// DVD-RW: finalize. Not confirmed against the spec text.
    public static let stopBackgroundFormatCompatible = CloseFunction(rawValue: 0b011)
    /// 100b. DVD+R DL only: close the session and record an extended (partial) lead-out / middle zones so that the
    /// disc reads in DVD-ROM drives while staying appendable; reserved for other media. From the Pioneer R11
    /// table; details not confirmed against MMC-6.
    public static let closeSessionExtendedLeadOut = CloseFunction(rawValue: 0b100)
    /// 101b. DVD+R / DVD+R DL: close the last session and finalize the disc "with minimal radius" (lead-out
    /// extended to the 30 mm radius DVD-ROM drives need). libburn uses this to finalize DVD+R (MMC-5 §6.3.3.4.4);
    /// not valid for CD, DVD-R, DVD+RW.
    public static let finalizeMinimalRadius = CloseFunction(rawValue: 0b101)
    /// 110b. Close the session and finalize the disc: DVD+R, DVD+R DL, BD-R (and HD DVD-R). libburn finalizes
    /// BD-R with it; its use on DVD+R comes from third-party MMC tables, not confirmed against MMC-6.
    public static let finalize = CloseFunction(rawValue: 0b110)

    public var description: String {
        switch self {
        case .stopBackgroundFormat: return "stop background format"
        case .closeTrack: return "close track"
        case .closeSession: return "close session"
        case .stopBackgroundFormatCompatible: return "stop background format (compatible)"
        case .closeSessionExtendedLeadOut: return "close session with extended lead-out"
        case .finalizeMinimalRadius: return "finalize (minimal radius)"
        case .finalize: return "finalize"
        default: return "close function \(rawValue)"
        }
    }
}

/// CLOSE TRACK SESSION, opcode 5Bh: close a track, a session, or finalize the disc (MMC-6 §6.3).
///
/// CDB: byte 1 bit 0 = IMMED; byte 2 bits 2-0 = close function; bytes 4-5 = logical track number (used by
/// close track; 0 otherwise). With `immediate` the drive returns at once; poll READ DISC INFORMATION / READ TRACK
/// INFORMATION or REQUEST SENSE until it stops answering 2/04/07 — Pioneer documents that TEST UNIT READY answers
/// GOOD while a close is still running. Without IMMED a close can take many minutes (a DVD-R lead-out on a nearly
/// empty disc, a DVD+R finalize).
public struct CloseTrackSession: MMCCommand, Hashable {
    public typealias Response = Void
    public static let name = "CLOSE TRACK SESSION"

    public let function: CloseFunction
    /// Logical track number for `.closeTrack`; ignored (send 0) for session functions.
    public let trackNumber: UInt16
    public let immediate: Bool

    public init(function: CloseFunction, trackNumber: UInt16 = 0, immediate: Bool = true) {
        self.function = function
        self.trackNumber = trackNumber
        self.immediate = immediate
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 10)
        w.set(0, 0x5B)
        w.setBits(1, mask: 0x01, immediate)         // IMMED
        w.set(2, function.rawValue & 0x07)          // close function
        w.setUInt16(4, trackNumber)                 // logical track number
        return w.cdb
    }

    /// IMMED: a minute; without: 30 minutes (lead-out and finalization at low speed).
    public var timeout: Duration { immediate ? .seconds(200) : .seconds(3600) }
}
