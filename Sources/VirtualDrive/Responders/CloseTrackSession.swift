import SCSI

/// CLOSE TRACK/SESSION (5Bh), MMC-6 §6.3, and RESERVE TRACK (53h), MMC-6 §6.31.
extension DriveCore {
    /// Close functions accepted per medium (others → 5/24/00), following the valid-function tables of
    /// Pioneer's R-series/BDR command references:
    /// - CD-R/RW, DVD-R/RW: 001b close track, 010b close session (finalizes unless page 05h Multi-session
    ///   allows a next session).
    /// - DVD+R, DVD+R DL: 001b close track, 010b close session (appendable), 101b/110b (and 100b on DL) finalize.
    /// - BD-R: 001b close track, 010b close session, 110b finalize.
    /// - DVD+RW: 000b, 010b, 011b (stop/complete background formatting): accepted, nothing to do.
    /// - DVD-RW restricted overwrite: 001b, 010b accepted; 010b ends the intermediate state of a quick format.
    /// - DVD-RAM, BD-RE, pressed media: none.
    /// Closing a session with an open track holding data → 5/72/03; with an unfilled reservation → 5/72/04;
    /// with nothing in it → 5/2C/00. A disc ruined by a buffer underrun → 5/72/00 SESSION FIXATION ERROR. In a
    /// test write the close acts on the simulated disc; closing its session ends the simulation.
    func closeTrackSession(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xFE)
        try c.requireZero(2, mask: 0xF8)
        try c.requireZero(3)
        try c.requireZero(bytes: 6...8)
        let immediate = c.bit(1, 0)
        let function = c.bits(2, lowBit: 0, width: 3)
        let trackNumber = c.uint16(4)
        let kind = try requireMedium().state.media
        guard closeFunctions(kind).contains(function) else { throw CheckCondition.invalidField(byte: 2) }
        beginSimulationIfTesting()
        let medium = try requireMedium()
        guard !medium.state.isRuined else { throw CheckCondition.sessionFixation }
        buffer.waitUntilEmpty()
        if kind == .dvdPlusRW || medium.state.isInRestrictedOverwrite {
            // DVD+RW: background format already complete; DVD-RW restricted overwrite: CLOSE SESSION ends the
            // intermediate state of a quick format (libburn cookbook, MMC-5 §6.3.3.2.3)
            if function == 2 { medium.state.isIntermediate = nil }
        } else if function == 1 {
            try closeTrack(medium, number: trackNumber)
        } else {
            try closeSession(medium, finalize: function != 2 || !allowsNextSession(kind))
            endSimulation()  // a test write ends with its session: the disc is as it was
        }
        try persistForCompletion()
        startOperation(.close, immediate: immediate)
        return []
    }

    private func closeFunctions(_ kind: VirtualMediaKind) -> Set<Int> {
        switch kind {
        case .cdR, .cdRW, .dvdR, .dvdRW: return [1, 2]
        case .dvdPlusR: return [1, 2, 5, 6]
        case .dvdPlusRDL: return [1, 2, 4, 5, 6]
        case .bdR: return [1, 2, 6]
        case .dvdPlusRW: return [0, 2, 3]
        default: return []
        }
    }

    private func allowsNextSession(_ kind: VirtualMediaKind) -> Bool {
        kind.usesWriteParameters ? currentWriteParameters.allowsNextSession : true
    }

    /// Closes an open track: a growing one ends at its last written block; a reservation is padded to its size.
    /// Closing the blank invisible track does nothing; a track that is not open → 5/24/00.
    private func closeTrack(_ medium: MediumStorage, number: Int) throws {
        if let invisible = medium.state.invisibleTrack, invisible.number == number, invisible.isBlank { return }
        // CD TAO: SYNCHRONIZE CACHE already ended the track; closing it again is accepted and does nothing
        if medium.state.media.family == .cd,
           medium.state.tracks.contains(where: { $0.number == number && $0.isClosed && $0.session > medium.state.closedSessions }) {
            return
        }
        guard let i = medium.state.tracks.firstIndex(where: { $0.number == number && !$0.isClosed }) else {
            throw CheckCondition.invalidField(byte: 4)
        }
        if let reserved = medium.state.tracks[i].reservedBlocks { medium.state.tracks[i].writtenBlocks = reserved }
        medium.state.tracks[i].isClosed = true
    }

    private func closeSession(_ medium: MediumStorage, finalize: Bool) throws {
        guard !medium.state.isFinalized else { throw CheckCondition.commandSequence }
        let session = medium.state.openSessionNumber
        let tracks = medium.state.tracks.filter { $0.session == session }
        guard !tracks.isEmpty else { throw CheckCondition.commandSequence }
        if tracks.contains(where: { !$0.isClosed && $0.reservedBlocks == nil }) {
            throw CheckCondition.incompleteTrackInSession
        }
        if tracks.contains(where: { !$0.isClosed }) { throw CheckCondition(.illegalRequest, 0x72, 0x04) }
        medium.state.closedSessions = session
        let roomLeft = medium.state.capacityBlocks - medium.state.nextTrackStartLBA
        medium.state.isFinalized = finalize || roomLeft <= 0
    }

    /// RESERVE TRACK with ARSV = 0: reserves `size` blocks (rounded up to the ECC block: 16 on DVD, 32 on BD)
    /// from the start of the blank invisible track. A written invisible track → 5/2C/00; a size of 0 or more
    /// than the free blocks → 5/24/00; media without reservations → 5/24/00.
    func reserveTrack(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1)
        try c.requireZero(bytes: 2...4)
        let requested = c.uint32(5)
        _ = try requireMedium()
        beginSimulationIfTesting()
        let medium = try requireMedium()
        guard medium.state.writesSequentially else { throw CheckCondition.invalidField(byte: 0) }
        guard let invisible = medium.state.invisibleTrack else { throw CheckCondition.commandSequence }
        guard invisible.isBlank, medium.state.tracks.last.map({ !$0.isGrowing }) ?? true else {
            throw CheckCondition.commandSequence
        }
        let unit = medium.state.media.blockingFactor
        let size = (requested + unit - 1) / unit * unit
        guard requested > 0, size <= invisible.freeBlocks else { throw CheckCondition.invalidField(byte: 5) }
        medium.state.tracks.append(TrackRecord(number: invisible.number, session: invisible.session,
                                               startLBA: invisible.startLBA, reservedBlocks: size,
                                               writtenBlocks: 0, isClosed: false))
        stateChanged(immediately: true)
        return []
    }
}
