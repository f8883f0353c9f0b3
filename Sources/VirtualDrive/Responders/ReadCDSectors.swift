import SCSI

/// READ CD (BEh), MMC-6 §6.20: CD sectors by LBA, whole or their user data.
extension DriveCore {
    /// Byte 1 bits 4-2 expected sector type (0 any, 1 CD-DA, 2 mode 1, 3 mode 2 formless, 4 mode 2 form 1, 5 mode 2
    /// form 2; 6-7 → 5/24/00); a sector of another type → 5/64/00 ILLEGAL MODE FOR THIS TRACK with its LBA. Bytes
    /// 2-5 LBA, 6-8 transfer length. Byte 9 main channel selection: 10h (user data) or F8h (sync, headers, user
    /// data, EDC/ECC; this drive offers no other combination and no C2 error bits: 5/24/00); 00h transfers nothing.
    /// Byte 10 sub-channel selection must be 0: this drive keeps no sub-channel data (5/24/00).
    /// Not on DVD/BD (5/64/00 as MMC-6 §6.20 asks for non-CD media). Sectors come from the raw store for tracks
    /// recorded along a cue sheet, else are built from the 2048-byte blocks as mode 1 sectors; blank check,
    /// capacity and injected faults as READ(10).
    func readCD(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xE1)
        let expected = c.bits(1, lowBit: 2, width: 3)
        guard expected <= 5 else { throw CheckCondition.invalidField(byte: 1) }
        let lba = Int(Int32(bitPattern: UInt32(truncatingIfNeeded: c.uint32(2))))
        let blocks = c.uint24(6)
        let main = c.byte(9)
        guard [0x00, 0x10, 0xF8].contains(main) else { throw CheckCondition.invalidField(byte: 9) }
        guard c.byte(10) & 0x07 == 0 else { throw CheckCondition.invalidField(byte: 10) }
        let medium = try requireMedium()
        let state = medium.state
        guard state.media.family == .cd else { throw CheckCondition.illegalModeForTrack }
        guard blocks > 0, main != 0 else { return [] }
        guard lba >= 0, lba + blocks <= state.capacityBlocks else {
            throw CheckCondition.lbaOutOfRange(max(lba, min(state.capacityBlocks, lba < 0 ? lba : state.capacityBlocks)))
        }
        if let blank = state.firstUnrecordedLBA(in: lba..<lba + blocks) { throw CheckCondition.blankCheck(blank) }
        let slow = slowReadDelay(in: lba..<lba + blocks)
        if slow > .zero { clock.sleep(slow) }
        if let bad = unreadableLBA(in: lba..<lba + blocks) { throw CheckCondition.unrecoveredRead(bad) }
        var out: [UInt8] = []
        for at in lba..<(lba + blocks) {
            let sector = try wholeSector(medium, lba: at)
            let type = sectorType(sector.bytes, audio: sector.audio)
            guard expected == 0 || expected == type || (expected == 3 && type >= 3) else {
                throw CheckCondition(.illegalRequest, 0x64, 0x00, information: at)
            }
            out += main == 0xF8 || sector.audio ? sector.bytes : userData(sector.bytes, type: type)
            if out.count >= c.dataInLimit { break }  // only what fits the host's buffer is transferred
        }
        return out
    }

    /// The 2352 bytes of the sector at `lba` and whether it lies in an audio track.
    private func wholeSector(_ medium: MediumStorage, lba: Int) throws -> (bytes: [UInt8], audio: Bool) {
        let track = medium.state.trackViews.last { $0.recordedStartLBA <= lba }
        if let track, track.control != nil {
            return (try medium.rawSectors.read(lba: lba, count: 1), track.isAudio)
        }
        let user = try medium.sectors.read(lba: lba, blocks: 1)
        return (CDSectorEncoder.mode1Sector(lba: lba, userData: user[...]), false)
    }

    /// 1 CD-DA, 2 mode 1, 3 mode 0, 4 mode 2 form 1, 5 mode 2 form 2 (sub-header submode bit 5, CD-ROM XA; every
    /// mode 2 sector here is XA, and expected type 3 accepts any mode 2 sector).
    private func sectorType(_ sector: [UInt8], audio: Bool) -> Int {
        if audio { return 1 }
        switch sector[15] {
        case 1: return 2
        case 2: return sector[18] & 0x20 != 0 ? 5 : 4
        default: return 3
        }
    }

    /// User data of a data sector: 2048 bytes (mode 1, form 1), 2324 (form 2), 2336 (mode 2 formless, mode 0).
    private func userData(_ sector: [UInt8], type: Int) -> [UInt8] {
        switch type {
        case 2: return Array(sector[16..<2064])
        case 4: return Array(sector[24..<2072])
        case 5: return Array(sector[24..<2348])
        default: return Array(sector[16..<2352])
        }
    }
}
