import SCSI

/// READ DISC INFORMATION (51h), MMC-6 §6.22.
extension DriveCore {
    /// Data Type 000b (standard disc information, 34 bytes, no OPC tables); other data types get 5/24/00.
    func readDiscInformation(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xFF)  // data type 000b only; bits 7-3 reserved
        try c.requireZero(bytes: 2...6)
        let allocation = c.uint16(7)
        let state = try requireMedium().state
        return allocate(standardDiscInformation(state), allocation)
    }

    /// Byte 2: Erasable (bit 4), State of Last Session (bits 3-2), Disc Status (bits 1-0). Bytes 3-6 and 9-11:
    /// first track, sessions, first/last track in last session. Byte 7: URU (CD-R/RW data discs), BG format
    /// status (DVD+RW, BD-RE: 11b when formatted). Byte 8: disc type (CD: 00h data, FFh blank; else 00h).
    /// Bytes 16-19: last session lead-in start; 20-23: last possible lead-out start — MSF (00 M S F) on CD,
    /// LBA otherwise; FFFFFFFFh on a complete (closed) disc.
    func standardDiscInformation(_ state: MediumState) -> [UInt8] {
        var w = ByteWriter(count: 34)
        w.setUInt16(0, 32)
        let status = state.discStatus
        w.set(2, (state.media.isErasable ? 0x10 : 0) | state.lastSessionState.rawValue << 2 | status.rawValue)
        w.set(3, 1)
        let sessions = state.sessionCount
        let range = state.lastSessionTrackRange
        w.set(4, UInt8(sessions & 0xFF))
        w.set(5, UInt8(range.lowerBound & 0xFF))
        w.set(6, UInt8(range.upperBound & 0xFF))
        w.set(9, UInt8(sessions >> 8 & 0xFF))
        w.set(10, UInt8(range.lowerBound >> 8 & 0xFF))
        w.set(11, UInt8(range.upperBound >> 8 & 0xFF))
        let cd = state.media.family == .cd
        var flags: UInt8 = cd && !state.media.isPressed ? 0x20 : 0  // URU
        if [.dvdPlusRW, .bdRE].contains(state.media), state.isFormatted {
            flags |= state.isBackgroundFormatSuspended ? 0x01 : 0x03  // BG format: 01b suspended, 11b complete
        }
        w.set(7, flags)
        w.set(8, cd && state.isBlank ? 0xFF : 0x00)
        let (leadIn, leadOut) = leadAddresses(state)
        w.setUInt32(16, leadIn)
        w.setUInt32(20, leadOut)
        return w.bytes
    }

    /// Last session lead-in start and last possible lead-out start fields.
    private func leadAddresses(_ state: MediumState) -> (UInt32, UInt32) {
        let closedDisc = state.writesSequentially && state.isFinalized || state.media.isPressed
        if closedDisc { return (0xFFFF_FFFF, 0xFFFF_FFFF) }
        let cd = state.media.family == .cd
        if cd {
            let leadIn = state.tracks.isEmpty ? ATIP.leadInStartLBA : state.nextTrackStartLBA - 4_650
            return (MSF(lba: leadIn).field, MSF(lba: state.capacityBlocks).field)
        }
        let nextSession = state.writesSequentially && !state.tracks.isEmpty ? state.nextTrackStartLBA : 0
        return (UInt32(truncatingIfNeeded: nextSession), UInt32(truncatingIfNeeded: state.capacityBlocks))
    }
}

/// A CD address as minutes, seconds and frames (75 per second), LBA 0 = 00:02:00 (MMC-6 §4.2.3.2);
/// negative LBAs (the lead-in) wrap to 90 minutes and above.
struct MSF: Hashable {
    var minute: UInt8
    var second: UInt8
    var frame: UInt8

    init(lba: Int) {
        let value = max(0, lba >= -150 ? lba + 150 : lba + 450_150)
        minute = UInt8(clamping: value / 4500)
        second = UInt8(value / 75 % 60)
        frame = UInt8(value % 75)
    }

    /// The 4-byte form 00h M S F.
    var field: UInt32 { UInt32(minute) << 16 | UInt32(second) << 8 | UInt32(frame) }
}

/// ATIP of the virtual 80-minute CD-R/RW (MMC-6 §6.26.3.6).
enum ATIP {
    /// Start time of lead-in 97:26:66 → LBA -11,634 (a common 80-minute disc).
    static let leadInStartLBA = -11_634
}
