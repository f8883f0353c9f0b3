import SCSI

/// SEND CUE SHEET (5Dh), MMC-6 §6.33, and the CD session-at-once writes it announces.
extension DriveCore {
    /// Bytes 6-8: cue sheet size (a non-zero multiple of 8, else 5/24/00). Accepted on CD-R/RW with page 05h
    /// write type SAO, on a disc whose open session is still empty (blank, or appendable after a closed
    /// session); otherwise → 5/2C/00 COMMAND SEQUENCE ERROR (this drive's choice for other media too: SAO with a
    /// cue sheet is a CD recording mode). The first track must be the disc's next track number. With an index 0,
    /// its pre-gap starts 2 seconds before the invisible track (absolute 00:00:00, LBA −150 on a blank disc) and
    /// its index 1 lies at or after the invisible track's start (libburn doc/cookbook.txt: "a pause encoding or
    /// pre-gap of at least 2 seconds … Optional further sectors may occupy addresses larger than 0"); without
    /// one, index 1 is the invisible track's start. The lead-out must lie within the capacity. A new cue sheet
    /// replaces one not yet written to.
    func sendCueSheet(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(bytes: 1...5)
        let length = c.uint24(6)
        let kind = try requireMedium().state.media
        guard length > 0, length % 8 == 0 else { throw CheckCondition.invalidField(byte: 6) }
        guard c.dataOut.count >= length else { throw TransferMismatch(expected: length, received: c.dataOut.count) }
        guard kind.family == .cd, kind.usesWriteParameters,
              currentWriteParameters.writeType == .sessionAtOnce else { throw CheckCondition.commandSequence }
        beginSimulationIfTesting()
        let medium = try requireMedium()
        let state = medium.state
        guard !state.isRuined, let invisible = state.invisibleTrack, invisible.isBlank, !invisible.isReserved,
              cueSheet.map({ $0.nextWriteLBA == $0.firstWriteLBA }) ?? true,
              !state.tracks.contains(where: { $0.session == state.openSessionNumber }) else {
            throw CheckCondition.commandSequence
        }
        let layout = try CueSheetLayout.parse(Array(c.dataOut.prefix(length)))
        guard layout.tracks[0].number == invisible.number else {
            throw CheckCondition.invalidParameter(byte: layout.firstTrackEntryOffset + 1)
        }
        let first = layout.tracks[0]
        let placed = first.preGapLBA < first.startLBA
            ? first.preGapLBA == invisible.startLBA - CueSheetLayout.firstPreGapBlocks && first.startLBA >= invisible.startLBA
            : first.startLBA == invisible.startLBA
        guard placed else { throw CheckCondition.invalidParameter(byte: layout.firstTrackEntryOffset + 5) }
        guard layout.leadOutLBA <= state.capacityBlocks else {
            throw CheckCondition.invalidParameter(byte: layout.leadOutEntryOffset + 5)
        }
        cueSheet = layout
        return []
    }

    /// A WRITE in SAO: without a cue sheet → 5/2C/00; only at the cue sheet's next block (5/21/02) and not past
    /// its lead-out (5/21/02). Each block is as long as its time point's data form says (10h: 2048 bytes, 00h:
    /// 2352). The 2 seconds before the session's start (LBA −150…−1 on a blank disc) — the first track's pre-gap
    /// — pass through the buffer but are not stored; a longer first pre-gap is recorded from the session's start
    /// on as that track's (`TrackRecord.preGapBlocks`: READ CD reads a hidden first track there).
    /// Recorded blocks go to the user-data store (2048 bytes: form 10h's data, a raw data sector's user data, zeros
    /// for audio) and, whole, to the raw store (form 10h sectors get sync, header and EDC/ECC from
    /// `CDSectorEncoder`). Tracks are recorded as their blocks arrive; a track is closed once the next one starts.
    func writeSessionAtOnce(_ medium: MediumStorage, lba: Int, data: [UInt8], lossless: Bool) throws {
        guard var sheet = cueSheet else { throw CheckCondition.commandSequence }
        guard lba == sheet.nextWriteLBA else { throw CheckCondition.invalidWriteAddress(lba) }
        let (user, raw) = split(sheet, lba: lba, data: data)
        let blocks = raw.count / RawSectorStore.sectorBytes
        guard lba + blocks <= sheet.leadOutLBA else { throw CheckCondition.invalidWriteAddress(sheet.leadOutLBA) }
        let preGap = min(blocks, max(0, sheet.recordStartLBA - lba))
        if preGap > 0 { buffer.accept(preGap * blockBytes) }
        var outcome = RecordOutcome(recorded: 0, failure: nil)
        if preGap < blocks {
            outcome = try record(medium, lba: lba + preGap, data: Array(user.dropFirst(preGap * blockBytes)),
                                 lossless: lossless)
            if outcome.recorded > 0 {
                let from = preGap * RawSectorStore.sectorBytes
                try medium.rawSectors.write(lba: lba + preGap, sectors: Array(
                    raw[from..<(from + outcome.recorded * RawSectorStore.sectorBytes)]))
            }
        }
        sheet.nextWriteLBA = lba + preGap + outcome.recorded
        cueSheet = sheet
        if outcome.recorded > 0 { recordTracks(medium, sheet, upTo: sheet.nextWriteLBA) }
        if outcome.ruinsMedium { ruin(medium) }
        if let failure = outcome.failure { throw failure }
    }

    /// Bytes a WRITE of `blocks` from `lba` must carry while a cue sheet is in force (nil otherwise).
    func sessionAtOnceWriteBytes(lba: Int, blocks: Int) -> Int? {
        guard let sheet = cueSheet, let kind = loaded?.state.media, kind.family == .cd,
              currentWriteParameters.writeType == .sessionAtOnce, blocks <= 0xFFFF else { return nil }
        return sheet.writeBytes(lba: lba, blocks: blocks)
    }

    /// The host's blocks as 2048-byte user data and as whole 2352-byte sectors.
    private func split(_ sheet: CueSheetLayout, lba: Int, data: [UInt8]) -> (user: [UInt8], raw: [UInt8]) {
        var user: [UInt8] = [], raw: [UInt8] = []
        var offset = 0, at = lba
        while offset < data.count {
            let form = sheet.form(at: at)
            let size = CueSheetLayout.hostBytes(form)
            guard offset + size <= data.count else { break }
            let block = data[offset..<(offset + size)]
            if form == CueSheetLayout.mode1 {
                user += block
                raw += CDSectorEncoder.mode1Sector(lba: at, userData: block)
            } else {
                raw += block
                let data = (sheet.track(at: at)?.control ?? 0) & 0x4 != 0
                let b = block.startIndex
                switch (data, block[b + 15]) {
                case (true, 1): user += block[(b + 16)..<(b + 2064)]
                case (true, 2): user += block[(b + 24)..<(b + 2072)]
                default: user += [UInt8](repeating: 0, count: blockBytes)
                }
            }
            offset += size
            at += 1
        }
        return (user, raw)
    }

    /// Stores or extends the records of the cue sheet's tracks written up to `end`.
    private func recordTracks(_ medium: MediumStorage, _ sheet: CueSheetLayout, upTo end: Int) {
        let session = medium.state.openSessionNumber
        for (n, t) in sheet.tracks.enumerated() where end > t.startLBA {
            let written = min(end, t.endLBA) - t.startLBA
            // The first track's pre-gap past the session start is its own (recorded before its index 1 was).
            let preGap = n == 0 ? max(0, t.startLBA - sheet.recordStartLBA) : 0
            let closed = n < sheet.tracks.count - 1 && end >= t.endLBA
            if let i = medium.state.tracks.firstIndex(where: { $0.number == t.number }) {
                medium.state.tracks[i].writtenBlocks = written
                medium.state.tracks[i].isClosed = closed
                medium.state.tracks[i].preGapBlocks = preGap > 0 ? preGap : nil
            } else {
                medium.state.tracks.append(TrackRecord(number: t.number, session: session, startLBA: t.startLBA,
                                                       reservedBlocks: nil, writtenBlocks: written,
                                                       isClosed: closed, control: Int(t.control),
                                                       preGapBlocks: preGap > 0 ? preGap : nil))
            }
        }
        stateChanged(immediately: false)
    }

    /// At SYNCHRONIZE CACHE: once every block up to the lead-out has arrived, the drive writes lead-in and
    /// lead-out and the session is closed — the disc finalized unless page 05h's Multi-session field allows a
    /// next session. Returns whether it closed a session.
    func finishSessionAtOnce(_ medium: MediumStorage) -> Bool {
        guard let sheet = cueSheet, sheet.isComplete else { return false }
        let session = medium.state.openSessionNumber
        for i in medium.state.tracks.indices where medium.state.tracks[i].session == session {
            medium.state.tracks[i].isClosed = true
        }
        medium.state.closedSessions = session
        let roomLeft = medium.state.capacityBlocks - medium.state.nextTrackStartLBA
        medium.state.isFinalized = !currentWriteParameters.allowsNextSession || roomLeft <= 0
        cueSheet = nil
        return true
    }
}

extension CueSheetLayout {
    var firstWriteLBA: Int { tracks.first?.preGapLBA ?? leadOutLBA }

    /// The mandatory pre-gap before the session's first track: 2 seconds (libburn doc/cookbook.txt).
    static let firstPreGapBlocks = 150

    /// The session's first recorded block (the invisible track's start): 2 seconds after the first pre-gap's
    /// start, or the first track's index 1 when it has no index 0.
    var recordStartLBA: Int {
        guard let first = tracks.first else { return leadOutLBA }
        return first.preGapLBA < first.startLBA ? first.preGapLBA + Self.firstPreGapBlocks : first.startLBA
    }
}
