import SCSI

/// READ(10) (28h) and READ(12) (A8h), MMC-6 §6.15/§6.16: 2048-byte user-data blocks.
extension DriveCore {
    /// A transfer reaching past the medium's capacity (last possible lead-out, or a pressed disc's size) → 5/21/00
    /// LBA OUT OF RANGE. A block inside the capacity that holds no data (blank disc, past the last recorded
    /// address, a gap between tracks or sessions, an unwritten reservation) → 8/00/00 BLANK CHECK. The
    /// INFORMATION field holds the first offending LBA. Formatted overwritable media read zeros where never written.
    /// Injected faults (`VirtualFault.unreadable`, `.slowReads`, spec options `unreadable=`, `slow=`) apply to
    /// recorded blocks: a slow zone delays first, then an unreadable block fails the READ with 3/11/00.
    func read(_ c: CommandContext) throws -> [UInt8] {
        let twelve = c.opcode == DriveCommand.read12.rawValue
        try c.requireZero(1, mask: 0xE7)  // RDPROTECT, reserved, obsolete RelAdr; DPO and FUA allowed
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
        let state = medium.state
        guard lba + blocks <= state.capacityBlocks else {
            throw CheckCondition.lbaOutOfRange(max(lba, state.capacityBlocks))
        }
        if let blank = state.firstUnrecordedLBA(in: lba..<lba + blocks) { throw CheckCondition.blankCheck(blank) }
        // An audio track has no 2048-byte blocks: 5/64/00 ILLEGAL MODE FOR THIS TRACK (MMC-6 §6.15), read it with READ CD
        if state.media.family == .cd, let audio = state.tocTracks.first(where: {
            $0.isAudio && $0.recordedStartLBA < lba + blocks && lba < $0.startLBA + $0.recordedBlocks }) {
            throw CheckCondition(.illegalRequest, 0x64, 0x00, information: max(lba, audio.recordedStartLBA))
        }
        let slow = slowReadDelay(in: lba..<lba + blocks)
        if slow > .zero { clock.sleep(slow) }
        if let bad = unreadableLBA(in: lba..<lba + blocks) { throw CheckCondition.unrecoveredRead(bad) }
        // Only what fits the host's buffer is ever transferred; the rest would overrun it.
        let fitting = min(blocks, (c.dataInLimit + blockBytes - 1) / blockBytes)
        return try medium.sectors.read(lba: lba, blocks: fitting)
    }
}
