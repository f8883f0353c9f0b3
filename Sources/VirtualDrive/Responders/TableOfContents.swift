import SCSI

/// READ TOC/PMA/ATIP (43h), MMC-6 §6.26.
extension DriveCore {
    /// Formats: 0 TOC, 1 session information, 2 full TOC (CD only), 4 ATIP (CD-R/RW only); others 5/24/00.
    /// A format 0 request may carry the legacy format in CONTROL bits 7-6 (SFF-8020). A disc with no complete
    /// track has no TOC: 5/24/00.
    func readTOC(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xFD)
        try c.requireZero(2, mask: 0xF0)
        try c.requireZero(bytes: 3...5)
        let msf = c.bit(1, 1)
        var format = c.bits(2, lowBit: 0, width: 4)
        if format == 0 { format = c.bits(9, lowBit: 6, width: 2) }
        let number = Int(c.byte(6))
        let allocation = c.uint16(7)
        let state = try requireMedium().state
        let body: [UInt8]
        switch format {
        case 0: body = try tocFormat0(state, startTrack: number, msf: msf)
        case 1: body = try tocSessionInformation(state, msf: msf)
        case 2 where state.media.family == .cd: body = try fullTOC(state, firstSession: number)
        case 4 where [.cdR, .cdRW].contains(state.media): body = atip(state)
        default: throw CheckCondition.invalidField(byte: 2)
        }
        var w = ByteWriter(body)
        w.setUInt16(0, UInt16(body.count - 2))
        return allocate(w.bytes, allocation)
    }

    /// One 8-byte track descriptor: reserved, ADR 1 / CONTROL (the track's: 4 data, 0 audio, plus the cue sheet's
    /// copy/pre-emphasis bits), track, reserved, address.
    private func trackDescriptor(number: Int, lba: Int, msf: Bool, control: UInt8 = 0x4) -> [UInt8] {
        var w = ByteWriter(count: 8)
        w.set(1, 0x10 | control)
        w.set(2, UInt8(number & 0xFF))
        w.setUInt32(4, msf ? MSF(lba: lba).field : UInt32(truncatingIfNeeded: lba))
        return w.bytes
    }

    /// Format 0000b: header (length, first and last track), descriptors from `startTrack` (0 = first), then
    /// the lead-out (AAh). A start track past the last one (other than AAh) → 5/24/00.
    private func tocFormat0(_ state: MediumState, startTrack: Int, msf: Bool) throws -> [UInt8] {
        let tracks = state.tocTracks
        guard let first = tracks.first, let last = tracks.last else { throw CheckCondition.invalidField(byte: 2) }
        let listed = startTrack == 0xAA ? [] : tracks.filter { $0.number >= startTrack }
        if startTrack != 0xAA && listed.isEmpty { throw CheckCondition.invalidField(byte: 6) }
        var out: [UInt8] = [0, 0, UInt8(first.number & 0xFF), UInt8(last.number & 0xFF)]
        for t in listed { out += trackDescriptor(number: t.number, lba: t.startLBA, msf: msf, control: t.tocControl) }
        out += trackDescriptor(number: 0xAA, lba: last.startLBA + last.recordedBlocks, msf: msf, control: last.tocControl)
        return out
    }

    /// Format 0001b: first and last complete session, and the first track of the last complete session.
    private func tocSessionInformation(_ state: MediumState, msf: Bool) throws -> [UInt8] {
        let tracks = state.tocTracks
        guard let lastSession = tracks.last?.session,
              let firstInLast = tracks.first(where: { $0.session == lastSession }) else {
            throw CheckCondition.invalidField(byte: 2)
        }
        return [0, 0, 1, UInt8(lastSession & 0xFF)]
            + trackDescriptor(number: firstInLast.number, lba: firstInLast.startLBA, msf: msf)
    }

    /// Format 0010b (CD): per session from `firstSession`, points A0h (first track, disc type), A1h (last
    /// track), A2h (lead-out) and one entry per track, all MSF; B0h (next program area) when the disc is open.
    private func fullTOC(_ state: MediumState, firstSession: Int) throws -> [UInt8] {
        let tracks = state.tocTracks
        guard let lastSession = tracks.last?.session else { throw CheckCondition.invalidField(byte: 2) }
        guard firstSession <= lastSession else { throw CheckCondition.invalidField(byte: 6) }
        var out: [UInt8] = [0, 0, 1, UInt8(lastSession & 0xFF)]
        for session in max(1, firstSession)...lastSession {
            let inSession = tracks.filter { $0.session == session }
            guard let first = inSession.first, let last = inSession.last else { continue }
            let session8 = UInt8(session & 0xFF)
            out += fullTOCEntry(session8, point: 0xA0, p: [UInt8(truncatingIfNeeded: first.number), 0x00, 0])
            out += fullTOCEntry(session8, point: 0xA1, p: [UInt8(truncatingIfNeeded: last.number), 0, 0])
            let leadOut = MSF(lba: last.startLBA + last.recordedBlocks)
            out += fullTOCEntry(session8, point: 0xA2, p: [leadOut.minute, leadOut.second, leadOut.frame])
            for t in inSession {
                let at = MSF(lba: t.startLBA)
                out += fullTOCEntry(session8, point: UInt8(t.number & 0xFF), p: [at.minute, at.second, at.frame],
                                    control: t.tocControl)
            }
            if session == lastSession && !state.isFinalized {
                let next = MSF(lba: state.nextTrackStartLBA)
                let leadOutLimit = MSF(lba: state.capacityBlocks)
                out += [session8, 0x54, 0, 0xB0, next.minute, next.second, next.frame, 1,
                        leadOutLimit.minute, leadOutLimit.second, leadOutLimit.frame]
            }
        }
        return out
    }

    private func fullTOCEntry(_ session: UInt8, point: UInt8, p: [UInt8], control: UInt8 = 0x4) -> [UInt8] {
        [session, 0x10 | control, 0, point, 0, 0, 0, 0, p[0], p[1], p[2]]
    }

    /// Format 0100b: 4-byte header and 24 bytes of ATIP: writing power and reference speed, URU, disc type
    /// (bit 6: CD-RW), start of lead-in 97:26:66 and last possible start of lead-out 79:59:74, in MSF.
    private func atip(_ state: MediumState) -> [UInt8] {
        var w = ByteWriter(count: 28)
        let rewritable = state.media == .cdRW
        w.set(4, 0x80 | 0x50 | (rewritable ? 0x01 : 0x00))  // bit 7 one, ITWP 5, reference speed
        w.set(5, 0x40)  // URU
        w.set(6, 0x80 | (rewritable ? 0x40 : 0))  // bit 7 one, disc type, sub-type 0, A1-A3 invalid
        let leadIn = MSF(lba: ATIP.leadInStartLBA)
        w.set(8, leadIn.minute)
        w.set(9, leadIn.second)
        w.set(10, leadIn.frame)
        let leadOut = MSF(lba: state.capacityBlocks)
        w.set(12, leadOut.minute)
        w.set(13, leadOut.second)
        w.set(14, leadOut.frame)
        return w.bytes
    }
}
