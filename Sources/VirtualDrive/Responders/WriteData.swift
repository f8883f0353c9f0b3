import SCSI

/// WRITE(10) (2Ah), WRITE(12) (AAh) and SYNCHRONIZE CACHE (35h), MMC-6 §6.44/§6.45/§6.42.
extension DriveCore {
    /// Sequential media accept a write only at the next writable address of an open track (the invisible
    /// track, an incomplete one or a reservation) → else 5/21/02; a finalized disc has none, so every write
    /// gets 5/21/02. Nothing is written past the user area (5/21/00) or a reservation's end (5/21/02).
    /// Formatted overwritable media accept any LBA below the capacity; unformatted ones answer 5/30/10.
    /// Pressed media answer 7/27/00 WRITE PROTECTED. With page 05h Test Write on CD/DVD-R/-RW the address
    /// is checked and advanced, but nothing reaches the medium.
    func write(_ c: CommandContext) throws -> [UInt8] {
        let twelve = c.opcode == DriveCommand.write12.rawValue
        try c.requireZero(1, mask: 0xE7)  // WRPROTECT, reserved, obsolete; DPO and FUA allowed
        let lba = c.uint32(2)
        let blocks: Int
        if twelve {
            blocks = c.uint32(6)
            try c.requireZero(10, mask: 0x7F)  // Streaming (bit 7) allowed
        } else {
            blocks = c.uint16(7)
            try c.requireZero(6)
        }
        let medium = try requireMedium()
        guard blocks > 0 else { return [] }
        guard c.dataOut.count == blocks * blockBytes else {
            throw TransferMismatch(expected: blocks * blockBytes, received: c.dataOut.count)
        }
        let kind = medium.state.media
        if kind.isPressed { throw CheckCondition.writeProtected }
        if kind.isOverwritable {
            try writeOverwritable(medium, lba: lba, data: c.dataOut)
        } else {
            try writeSequential(medium, lba: lba, data: c.dataOut)
        }
        return []
    }

    private func writeOverwritable(_ medium: MediumStorage, lba: Int, data: [UInt8]) throws {
        guard medium.state.isFormatted else { throw CheckCondition.mediumNotFormatted }
        let blocks = data.count / blockBytes
        guard lba + blocks <= medium.state.capacityBlocks else {
            throw CheckCondition.lbaOutOfRange(max(lba, medium.state.capacityBlocks))
        }
        let (recorded, failure) = try record(medium, lba: lba, data: data, lossless: true)
        medium.state.recordedEndLBA = max(medium.state.recordedEndLBA, lba + recorded)
        stateChanged(immediately: false)
        if let failure { throw failure }
    }

    private func writeSequential(_ medium: MediumStorage, lba: Int, data: [UInt8]) throws {
        let state = medium.state
        let blocks = data.count / blockBytes
        let page = currentWriteParameters
        let testing = page.testWrite && state.media.supportsTestWrite
        let open = state.trackViews.filter { !$0.isClosed }
        guard let track = open.first(where: { (testing ? testWriteCursors[$0.number] : nil) ?? $0.nextWritableLBA == lba })
        else { throw CheckCondition.invalidWriteAddress(lba) }
        let limit = track.isReserved ? track.endLBA : state.capacityBlocks
        guard lba + blocks <= limit else {
            throw track.isReserved ? CheckCondition.invalidWriteAddress(lba + blocks) : CheckCondition.lbaOutOfRange(limit)
        }
        if testing {
            buffer.accept(data.count)
            testWriteCursors[track.number] = lba + blocks
            return
        }
        let lossless = page.bufferUnderrunFree || !state.media.usesWriteParameters
        let (recorded, failure) = try record(medium, lba: lba, data: data, lossless: lossless)
        if recorded > 0 { advance(medium, track: track, by: recorded) }
        if let failure { throw failure }
    }

    /// Records blocks into the store through the buffer, honouring injected write faults: returns how many
    /// blocks were recorded and the sense to end the command with, if a fault hit it.
    private func record(_ medium: MediumStorage, lba: Int, data: [UInt8],
                        lossless: Bool) throws -> (recorded: Int, failure: CheckCondition?) {
        let blocks = data.count / blockBytes
        var fault = takeWriteFault(in: lba..<lba + blocks)
        if case .underrun = fault, lossless { fault = nil }
        switch fault {
        case .writeError(let at)?:
            return (0, CheckCondition(.mediumError, 0x0C, 0x00, information: at))
        case .underrun(let at)?:
            let before = at - lba
            if before > 0 { try medium.sectors.write(lba: lba, data: Array(data.prefix(before * blockBytes))) }
            return (before, CheckCondition.lossOfStreaming(at))
        default:
            buffer.accept(data.count)
            try medium.sectors.write(lba: lba, data: data)
            return (blocks, nil)
        }
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

    /// SYNCHRONIZE CACHE: waits for the buffer to drain and persists the disc. On DVD-R/-RW in DAO (write
    /// type 2) a fully written reservation then closes the track and finalizes the disc, as DAO recording does.
    func synchronizeCache(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xF9)  // IMMED (bit 1) and SYNC_NV (bit 2) allowed
        try c.requireZero(6)
        let medium = try requireMedium()
        buffer.waitUntilEmpty()
        if [.dvdR, .dvdRW].contains(medium.state.media), currentWriteParameters.writeType == .sessionAtOnce,
           !currentWriteParameters.testWrite {
            finishDiscAtOnce(medium)
        }
        testWriteCursors = [:]
        stateChanged(immediately: true)
        return []
    }

    private func finishDiscAtOnce(_ medium: MediumStorage) {
        let session = medium.state.openSessionNumber
        let inSession = medium.state.tracks.indices.filter { medium.state.tracks[$0].session == session }
        guard !inSession.isEmpty, inSession.allSatisfy({ i in
            let t = medium.state.tracks[i]
            return t.isClosed || (t.reservedBlocks.map { $0 == t.writtenBlocks } ?? false)
        }) else { return }
        for i in inSession { medium.state.tracks[i].isClosed = true }
        medium.state.closedSessions = session
        medium.state.isFinalized = true
    }
}
