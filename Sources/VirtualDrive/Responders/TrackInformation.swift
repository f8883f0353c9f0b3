import SCSI

/// READ TRACK INFORMATION (52h), MMC-6 §6.27.
extension DriveCore {
    /// Address/Number Type (byte 1 bits 1-0): 00b LBA, 01b track number (FFh: the invisible track), 10b session
    /// number (its first track); 11b → 5/24/00. On overwritable media FFh names their single track 1. Open (bit 2, with type 01b): the first open track numbered at
    /// least the given one. An address or number naming no track → 5/24/00.
    func readTrackInformation(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xF8)
        try c.requireZero(6)
        let type = c.bits(1, lowBit: 0, width: 2)
        let open = c.bit(1, 2)
        let value = c.uint32(2)
        let allocation = c.uint16(7)
        let state = try requireMedium().state
        let tracks = state.trackViews
        let track: TrackView?
        switch (type, open) {
        case (0, false): track = tracks.first { $0.contains(value) }
        case (1, false):
            // Overwritable media have no invisible track: FFh names their single track.
            let invisible = state.writesAnywhere ? tracks.last : state.invisibleTrack
            track = value == 0xFF ? invisible : tracks.first { $0.number == value }
        case (1, true): track = tracks.first { $0.number >= value && !$0.isClosed }
        case (2, false):
            let session = value == 0xFF ? state.sessionCount : value
            track = tracks.first { $0.session == session }
        default: throw CheckCondition.invalidField(byte: 1)
        }
        guard let track else { throw CheckCondition.invalidField(byte: 2) }
        return allocate(trackInformation(track, state), allocation)
    }

    /// The 48-byte Track Information Block (data length 2Eh). Byte 5: Damage (a track ruined by a buffer underrun:
    /// with NWA_V = 0, no further writing is possible), track mode 4 (data). Byte 6: RT, Blank,
    /// Packet/Inc, FP, data mode (1; 0Fh for a blank CD track). Byte 7: LRA_V, NWA_V. Then start, NWA, free
    /// blocks, fixed packet size/blocking factor, track size, last recorded address (bytes 8-31), number MSBs.
    func trackInformation(_ t: TrackView, _ state: MediumState) -> [UInt8] {
        var w = ByteWriter(count: 48)
        w.setUInt16(0, 0x2E)
        w.set(2, UInt8(t.number & 0xFF))
        w.set(3, UInt8(t.session & 0xFF))
        w.set(32, UInt8(t.number >> 8 & 0xFF))
        w.set(33, UInt8(t.session >> 8 & 0xFF))
        w.set(5, (t.isDamaged ? 0x20 : 0) | 0x04)  // Damage (bit 5), track mode 4
        let incremental = state.usesWriteParameters && state.media.family == .dvd
            && WriteParametersPage(bytes: state.writeParameters)?.writeType == .packetIncremental
        let packet = incremental && !t.isClosed
        let cdBlank = state.media.family == .cd && t.isBlank
        w.set(6, (t.isReserved && !t.isClosed ? 0x80 : 0) | (t.isBlank ? 0x40 : 0) | (packet ? 0x20 : 0)
              | (cdBlank ? 0x0F : 0x01))
        let sequential = state.writesSequentially || state.media.isPressed
        let lastRecorded = t.recordedBlocks > 0 && sequential
        // Overwritable media have no next writable address: they are written anywhere once formatted.
        let nwaValid = t.hasNextWritableAddress && !state.writesAnywhere
        w.set(7, (lastRecorded ? 0x02 : 0) | (nwaValid ? 0x01 : 0))
        w.setUInt32(8, int: t.startLBA)
        // Pioneer BDR-205 and LITE-ON LTR-48125S report NWA −150 on blank media (libburn mmc.c)
        let minus150 = behaviours.nwaMinus150 && nwaValid && state.isBlank && t.isInvisible
        w.setUInt32(12, int: minus150 ? -150 : nwaValid ? t.nextWritableLBA : 0)
        w.setUInt32(16, int: t.freeBlocks)
        w.setUInt32(20, int: state.media.family == .cd ? 0 : state.media.blockingFactor)
        w.setUInt32(24, int: t.sizeBlocks)
        w.setUInt32(28, int: lastRecorded ? t.nextWritableLBA - 1 : 0)
        return w.bytes
    }
}
