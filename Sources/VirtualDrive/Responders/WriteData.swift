import SCSI

/// WRITE(10) (2Ah), WRITE(12) (AAh) and SYNCHRONIZE CACHE (35h), MMC-6 §6.44/§6.45/§6.42.
extension DriveCore {
    /// The LBA is a 32-bit two's complement number (MMC-6 §4.2.3: CD SAO starts at −150, FFFFFF6Ah).
    /// - Pressed media → 7/27/00 WRITE PROTECTED.
    /// - CD-R/RW and DVD-R/-RW: page 05h must name a write type this medium records (`requireWriteMode`).
    /// - A buffer that ran dry since the last WRITE (`DriveBuffer`) is an underrun: linked and counted when
    ///   lossless, else this WRITE → 3/0C/09 and the disc is ruined.
    /// - CD in SAO: only along the cue sheet (`writeSessionAtOnce`).
    /// - Other sequential writes only at an open track's NWA (5/21/02); a ruined or finalized disc has none, so
    ///   5/21/02. DVD-R/-RW DAO needs a RESERVE TRACK first (5/2C/00). Nothing past the user area (5/21/00) or a
    ///   reservation's end (5/21/02).
    /// - Formatted overwritable media accept any LBA in 0 ..< capacity (else 5/21/00); unformatted → 5/30/10.
    ///   A restricted overwrite DVD-RW only whole 16-block packets at 16-block boundaries, else 5/21/02
    ///   (INFORMATION: the misaligned start, or the end of a length that is not a multiple of 16).
    /// With page 05h Test Write on CD/DVD-R/-RW everything runs against the simulated disc
    /// (`beginSimulationIfTesting`): nothing reaches the medium.
    func write(_ c: CommandContext) throws -> [UInt8] {
        let twelve = c.opcode == DriveCommand.write12.rawValue
        try c.requireZero(1, mask: 0xE7)  // WRPROTECT, reserved, obsolete; DPO and FUA allowed
        let lba = Int(Int32(bitPattern: UInt32(truncatingIfNeeded: c.uint32(2))))
        let blocks: Int
        if twelve {
            blocks = c.uint32(6)
            try c.requireZero(10, mask: 0x7F)  // Streaming (bit 7) allowed
        } else {
            blocks = c.uint16(7)
            try c.requireZero(6)
        }
        let kind = try requireMedium().state.media
        guard blocks > 0 else { return [] }
        let expectedBytes = sessionAtOnceWriteBytes(lba: lba, blocks: blocks) ?? blocks * blockBytes
        guard c.dataOut.count == expectedBytes else {
            throw TransferMismatch(expected: expectedBytes, received: c.dataOut.count)
        }
        if kind.isPressed { throw CheckCondition.writeProtected }
        beginSimulationIfTesting()
        let medium = try requireMedium()
        // LG GGW-H20 writes junk with the Streaming bit and 32 KiB writes (libburn write.c)
        let junk = behaviours.streamingJunk && twelve && c.bit(10, 7) && blocks < 32
        let data = junk ? c.dataOut.map { ~$0 } : c.dataOut
        if medium.state.writesAnywhere {
            if medium.state.isBackgroundFormatSuspended { throw CheckCondition.commandSequence }
            try consumeDryBuffer(medium, lba: lba, lossless: true)
            try writeOverwritable(medium, lba: lba, data: data)
        } else {
            try writeSequentialMedium(medium, lba: lba, data: data)
        }
        statistics.writeCommands += 1
        statistics.blocksWritten += blocks
        return []
    }

    private func writeOverwritable(_ medium: MediumStorage, lba: Int, data: [UInt8]) throws {
        guard medium.state.isFormatted else { throw CheckCondition.mediumNotFormatted }
        let blocks = data.count / blockBytes
        guard lba >= 0 else { throw CheckCondition.lbaOutOfRange(lba) }
        let packet = medium.state.overwritePacketBlocks
        guard lba % packet == 0 else { throw CheckCondition.invalidWriteAddress(lba) }
        guard blocks % packet == 0 else { throw CheckCondition.invalidWriteAddress(lba + blocks) }
        // Intermediate state of a quick format: sequential growth only (libburn cookbook)
        if medium.state.isInIntermediateState, lba > medium.state.recordedEndLBA {
            throw CheckCondition.invalidWriteAddress(lba)
        }
        guard lba + blocks <= medium.state.capacityBlocks else {
            throw CheckCondition.lbaOutOfRange(max(lba, medium.state.capacityBlocks))
        }
        let outcome = try record(medium, lba: lba, data: data, lossless: true)
        medium.state.recordedEndLBA = max(medium.state.recordedEndLBA, lba + outcome.recorded)
        stateChanged(immediately: false)
        if let failure = outcome.failure { throw failure }
    }

    private func writeSequentialMedium(_ medium: MediumStorage, lba: Int, data: [UInt8]) throws {
        guard !medium.state.isRuined else { throw CheckCondition.invalidWriteAddress(lba) }
        let page = currentWriteParameters
        let kind = medium.state.media
        try requireWriteMode(page, kind)
        try consumeDryBuffer(medium, lba: lba, lossless: isLossless(page, kind))
        if kind.family == .cd, page.writeType == .sessionAtOnce {
            try writeSessionAtOnce(medium, lba: lba, data: data, lossless: isLossless(page, kind))
        } else {
            try writeSequential(medium, lba: lba, data: data, page: page)
        }
    }

    /// Whether a buffer underrun is linked losslessly: BUFE on CD and DVD-R/-RW; always elsewhere (DVD+R and BD
    /// link by design, MMC-6 §7.5.4.2 BUFE).
    func isLossless(_ page: WriteParametersPage, _ kind: VirtualMediaKind) -> Bool {
        page.bufferUnderrunFree || !kind.usesWriteParameters
    }

    /// Page 05h must name a write type this drive records on the medium (MMC-6 §7.5.4.4 Write Type): CD TAO with
    /// a 2048-byte data block type (8 Mode 1, 10 Mode 2 Form 1) or CD SAO; DVD-R/-RW incremental or DAO. Packet
    /// and raw writing are not implemented → 5/64/00 ILLEGAL MODE FOR THIS TRACK.
    private func requireWriteMode(_ page: WriteParametersPage, _ kind: VirtualMediaKind) throws(CheckCondition) {
        guard kind.usesWriteParameters else { return }
        switch (kind.family, page.writeType) {
        case (.cd, .trackAtOnce?):
            guard [8, 10].contains(page.dataBlockType) else { throw .illegalModeForTrack }
        case (.dvd, .packetIncremental?):
            // After a minimal blank feature 0021h is not current: DAO only (MMC-NOTES; libburn)
            if kind == .dvdRW, loaded?.state.isIncrementalStreamingCurrent == false { throw .illegalModeForTrack }
        case (.cd, .sessionAtOnce?), (.dvd, .sessionAtOnce?):
            return
        default:
            throw .illegalModeForTrack
        }
    }

    private func writeSequential(_ medium: MediumStorage, lba: Int, data: [UInt8], page: WriteParametersPage) throws {
        let state = medium.state
        let blocks = data.count / blockBytes
        let open = state.trackViews.filter { !$0.isClosed && !$0.isDamaged }
        guard let track = open.first(where: { $0.nextWritableLBA == lba }) else {
            throw CheckCondition.invalidWriteAddress(lba)
        }
        if state.media.family == .dvd, state.media.usesWriteParameters, page.writeType == .sessionAtOnce,
           !track.isReserved {
            throw CheckCondition.commandSequence  // DAO writes into a RESERVE TRACK reservation only
        }
        if behaviours.wholePackets, demandsWholePackets(state, page), blocks % state.media.blockingFactor != 0 {
            throw CheckCondition.invalidWriteAddress(lba + blocks)
        }
        let limit = track.isReserved ? track.endLBA : state.capacityBlocks
        guard lba + blocks <= limit else {
            throw track.isReserved ? CheckCondition.invalidWriteAddress(lba + blocks) : CheckCondition.lbaOutOfRange(limit)
        }
        let outcome = try record(medium, lba: lba, data: data, lossless: isLossless(page, state.media))
        if outcome.recorded > 0 { advance(medium, track: track, by: outcome.recorded) }
        if outcome.ruinsMedium { ruin(medium) }
        if let failure = outcome.failure { throw failure }
    }

    /// `whole-packets`: media written in whole packets only — DVD+R (DL) and BD-R (ECC blocks of 16 and 32
    /// blocks), DVD-R/-RW in incremental (fixed packets of 16) (MMC-NOTES "Writing, per media family").
    private func demandsWholePackets(_ state: MediumState, _ page: WriteParametersPage) -> Bool {
        switch state.media {
        case .dvdPlusR, .dvdPlusRDL, .bdR: return true
        case .dvdR, .dvdRW: return page.writeType == .packetIncremental
        default: return false
        }
    }

    /// What `record` did: blocks stored, and the sense to end the command with.
    struct RecordOutcome {
        var recorded: Int
        var failure: CheckCondition?
        /// An injected underrun without lossless linking: the caller marks the track damaged.
        var ruinsMedium = false
    }

    /// Records blocks into the store through the buffer, honouring injected write faults.
    func record(_ medium: MediumStorage, lba: Int, data: [UInt8], lossless: Bool) throws -> RecordOutcome {
        let blocks = data.count / blockBytes
        switch takeWriteFault(in: lba..<lba + blocks) {
        case .writeError(let at)?:
            return RecordOutcome(recorded: 0, failure: CheckCondition(.mediumError, 0x0C, 0x00, information: at))
        case .underrun(let at)? where !lossless:
            let before = at - lba
            if before > 0 { try medium.sectors.write(lba: lba, data: Array(data.prefix(before * blockBytes))) }
            statistics.failedUnderruns += 1
            return RecordOutcome(recorded: before, failure: .lossOfStreaming(at), ruinsMedium: true)
        case .underrun?:
            countLinkedUnderrun(medium)
        default:
            break
        }
        buffer.accept(data.count)
        try medium.sectors.write(lba: lba, data: data)
        return RecordOutcome(recorded: blocks, failure: nil)
    }

    /// Moves the track's next writable address on, storing the invisible track on its first write.
    private func advance(_ medium: MediumStorage, track: TrackView, by blocks: Int) {
        if let i = medium.state.tracks.firstIndex(where: { $0.number == track.number }) {
            medium.state.tracks[i].writtenBlocks += blocks
        } else {
            medium.state.tracks.append(TrackRecord(number: track.number, session: track.session,
                                                   startLBA: track.startLBA, reservedBlocks: nil,
                                                   writtenBlocks: blocks, isClosed: false))
        }
        stateChanged(immediately: false)
    }

    /// SYNCHRONIZE CACHE: waits for the buffer to drain and persists the disc. A complete SAO cue sheet then
    /// closes its session (finalizing unless page 05h allows a next session); on DVD-R/-RW in DAO a fully
    /// written reservation closes the track and finalizes the disc, as disc-at-once recording does. In a test
    /// write, closing the session ends the simulation: the disc is as it was.
    func synchronizeCache(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xF9)  // IMMED (bit 1) and SYNC_NV (bit 2) allowed
        try c.requireZero(6)
        let medium = try requireMedium()
        buffer.waitUntilEmpty()
        endTrackAtOnce(medium)
        var sessionClosed = finishSessionAtOnce(medium)
        if medium.state.usesWriteParameters, medium.state.media.family == .dvd,
           currentWriteParameters.writeType == .sessionAtOnce {
            sessionClosed = finishDiscAtOnce(medium) || sessionClosed
        }
        if sessionClosed { endSimulation() }
        try persistForCompletion()
        // busy-after-immed: an IMMED sync keeps running (Pioneer; growisofs sends a second sync without IMMED)
        if behaviours.busyAfterImmediate, c.bit(1, 1) { startOperation(.close, immediate: true) }
        return []
    }

    /// CD TAO: SYNCHRONIZE CACHE ends the track being written (the drive writes its run-out), so a TAO burn
    /// needs no CLOSE TRACK — cdrecord never sends one, libburn dropped it in 0.7.4 (write.c, ts A91003/A91202;
    /// LG GH22LS30 refuses it). The next WRITE starts a new track after the track gap; CLOSE SESSION fixates.
    private func endTrackAtOnce(_ medium: MediumStorage) {
        guard medium.state.media.family == .cd, medium.state.usesWriteParameters,
              currentWriteParameters.writeType == .trackAtOnce,
              let i = medium.state.tracks.indices.last, medium.state.tracks[i].isGrowing,
              medium.state.tracks[i].writtenBlocks > 0, !medium.state.tracks[i].isRuined else { return }
        medium.state.tracks[i].isClosed = true
    }

    /// DAO ends when every reservation of the session is written up to its last ECC block: the drive pads a
    /// partial last ECC block itself (so a reservation rounded up to 16 blocks is complete with the exact image).
    private func finishDiscAtOnce(_ medium: MediumStorage) -> Bool {
        let session = medium.state.openSessionNumber
        let unit = medium.state.media.blockingFactor
        let inSession = medium.state.tracks.indices.filter { medium.state.tracks[$0].session == session }
        guard !inSession.isEmpty, inSession.allSatisfy({ i in
            let t = medium.state.tracks[i]
            return !t.isRuined && (t.isClosed || (t.reservedBlocks.map { $0 - t.writtenBlocks < unit } ?? false))
        }) else { return false }
        for i in inSession {
            medium.state.tracks[i].writtenBlocks = medium.state.tracks[i].reservedBlocks ?? medium.state.tracks[i].writtenBlocks
            medium.state.tracks[i].isClosed = true
        }
        medium.state.closedSessions = session
        medium.state.isFinalized = true
        return true
    }
}
