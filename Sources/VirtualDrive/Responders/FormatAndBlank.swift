import SCSI

/// FORMAT UNIT (04h), BLANK (A1h) and SEND DISC STRUCTURE (BFh).
extension DriveCore {
    /// FORMAT UNIT, MMC-6 §6.5: FmtData = 1, format code 001b; a 4-byte header (IMMED in byte 1 bit 1) and one
    /// 8-byte format descriptor (number of blocks, format type in byte 4 bits 7-2). The format types are those
    /// READ FORMAT CAPACITIES offers; the number of blocks may not exceed the offer. Formatting erases the disc;
    /// a DVD-RW (10h, 15h) enters restricted overwrite.
    /// Media that cannot be formatted → 5/30/06; a format type not offered → 5/26/00.
    func formatUnit(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xE0)
        guard c.bit(1, 4), c.bits(1, lowBit: 0, width: 3) == 1 else { throw CheckCondition.invalidField(byte: 1) }
        try c.requireZero(bytes: 2...4)
        let medium = try requireMedium()
        let p = CommandContext(cdb: c.dataOut, dataOut: [])
        guard c.dataOut.count >= 12 else { throw TransferMismatch(expected: 12, received: c.dataOut.count) }
        guard p.byte(0) == 0 else { throw CheckCondition.invalidParameter(byte: 0) }
        guard p.uint16(2) == 8 else { throw CheckCondition.invalidParameter(byte: 2) }
        let immediate = p.bit(1, 1)
        let type = UInt8(p.bits(8, lowBit: 2, width: 6))
        let offers = formattableDescriptors(medium.state)
        guard !offers.isEmpty else { throw CheckCondition.cannotFormatIncompatible }
        guard let offer = offers.first(where: { $0.format == type }) else { throw CheckCondition.invalidParameter(byte: 8) }
        let blocks = p.uint32(4)
        guard blocks <= offer.blocks || blocks == 0xFFFF_FFFF else { throw CheckCondition.invalidParameter(byte: 4) }
        if medium.state.media == .bdR && !medium.state.isBlank { throw CheckCondition.commandSequence }
        let subType = p.bits(8, lowBit: 0, width: 2)
        if medium.state.media == .bdR, subType > 1 { throw CheckCondition.invalidParameter(byte: 8) }  // RRM: no
        if type == 0x26, p.bit(11, 0), medium.state.isBackgroundFormatSuspended {
            // DVD+RW Restart (libburn mmc.c sets it for BG status 01b): resume without erasing
            medium.state.backgroundFormatSuspended = nil
            stateChanged(immediately: true)
            startOperation(.format, immediate: immediate)
            return []
        }
        endWriteSession()
        try medium.sectors.erase()
        try medium.rawSectors.erase()
        if medium.state.media == .dvdRW { enterRestrictedOverwrite(medium) }
        medium.state.isFormatted = medium.state.writesAnywhere
        medium.state.capacityBlocks = offer.blocks
        medium.state.recordedEndLBA = 0
        medium.state.backgroundFormatSuspended = nil
        // BD-R 32h: sub-type 00b = spares with Pseudo-OverWrite, 01b = spares without (MMC-6 §6.5.4.2.15)
        if medium.state.media == .bdR { medium.state.isPseudoOverwrite = subType == 0 ? true : nil }
        // intermediate=1: a quick format (15h) leaves the DVD-RW intermediate until CLOSE SESSION (cookbook)
        if medium.state.isInRestrictedOverwrite, type == 0x15, mediumOptions.intermediate {
            medium.state.isIntermediate = true
        }
        stateChanged(immediately: true)
        startOperation(.format, immediate: immediate)
        return []
    }

    /// A DVD-RW formatted with 10h or 15h becomes a fresh restricted overwrite disc (`RestrictedOverwrite.swift`):
    /// its tracks and sessions are gone; page 05h is kept as BLANK keeps it.
    private func enterRestrictedOverwrite(_ medium: MediumStorage) {
        let keep = medium.state.writeParameters
        medium.state = MediumState(blank: .dvdRW)
        medium.state.writeParameters = keep
        medium.state.isRestrictedOverwrite = true
    }

    /// BLANK, MMC-6 §6.2: CD-RW and DVD-RW (sequential); types 000b (full) and 001b (minimal) return the disc to
    /// blank; a restricted overwrite DVD-RW returns to blank sequential recording (0014h). Other types → 5/24/00;
    /// other media → 5/30/05.
    func blank(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xE8)
        try c.requireZero(bytes: 6...10)
        let immediate = c.bit(1, 4)
        let type = c.bits(1, lowBit: 0, width: 3)
        let medium = try requireMedium()
        guard medium.state.media.isBlankable else { throw CheckCondition.cannotWriteIncompatible }
        guard type <= 1 else { throw CheckCondition.invalidField(byte: 1) }
        if currentWriteParameters.testWrite { throw CheckCondition.commandSequence }
        endWriteSession()
        try medium.sectors.erase()
        try medium.rawSectors.erase()
        let keep = medium.state.writeParameters
        medium.state = MediumState(blank: medium.state.media)
        medium.state.writeParameters = keep
        // fast-blanked=1: after a minimal blank feature 0021h is not current, DAO only (MMC-NOTES)
        if type == 1, medium.state.media == .dvdRW, mediumOptions.fastBlanked { medium.state.incrementalNotCurrent = true }
        stateChanged(immediately: true)
        startOperation(.blank, immediate: immediate)
        return []
    }

    /// SEND DISC STRUCTURE, MMC-6 §6.35: DVD format 20h sets the layer 0 data zone capacity of a blank DVD+R DL
    /// (bytes 8-11 of a 12-byte list; a multiple of 16, at most the default 2,086,912); the user capacity
    /// becomes twice that. After the first write → 5/2C/00. Other formats or media → 5/24/00.
    func sendDiscStructure(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xF0)
        try c.requireZero(bytes: 2...6)
        try c.requireZero(10, mask: 0x3F)
        let length = c.uint16(8)
        let medium = try requireMedium()
        guard c.bits(1, lowBit: 0, width: 4) == 0, c.byte(7) == 0x20, medium.state.media == .dvdPlusRDL else {
            throw CheckCondition.invalidField(byte: 7)
        }
        guard c.dataOut.count >= length else { throw TransferMismatch(expected: length, received: c.dataOut.count) }
        guard length >= 12 else { throw CheckCondition.parameterListLength }
        guard medium.state.tracks.isEmpty else { throw CheckCondition.commandSequence }
        let p = CommandContext(cdb: Array(c.dataOut.prefix(12)), dataOut: [])
        let l0 = p.uint32(8)
        guard l0 > 0, l0 % 16 == 0, l0 <= VirtualMediaKind.dvdPlusRDL.defaultLayerZeroBlocks ?? 0 else {
            throw CheckCondition.invalidParameter(byte: 8)
        }
        medium.state.layerZeroBlocks = l0
        medium.state.capacityBlocks = 2 * l0
        stateChanged(immediately: true)
        return []
    }
}
