import SCSI

/// READ CAPACITY (25h) and READ FORMAT CAPACITIES (23h).
extension DriveCore {
    /// READ CAPACITY, MMC-6 §6.19: the last recorded LBA (last block of the last complete session; 0 on a disc
    /// without one; capacity - 1 on formatted overwritable media) and block length 2048. The LBA field must be
    /// 0 unless PMI is set (SBC-3 rule; MMC-6 treats both as obsolete).
    func readCapacity(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1)
        try c.requireZero(bytes: 6...7)
        try c.requireZero(8, mask: 0xFE)
        if !c.bit(8, 0), c.uint32(2) != 0 { throw CheckCondition.invalidField(byte: 2) }
        let state = try requireMedium().state
        var w = ByteWriter(count: 8)
        w.setUInt32(0, int: state.readCapacityLastLBA)
        w.setUInt32(4, 2048)
        return w.bytes
    }

    /// READ FORMAT CAPACITIES, MMC-6 §6.24: capacity list header, the current/maximum capacity descriptor
    /// (descriptor type 01b unformatted or blank, 10b formatted or recorded), then the formattable descriptors
    /// of the medium (format type in byte 4 bits 7-2, type-dependent parameter in bytes 5-7).
    func readFormatCapacities(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(bytes: 1...6)
        let allocation = c.uint16(7)
        let state = try requireMedium().state
        // A DVD-RW in the intermediate state of a quick format: descriptor type 11b (libburn cookbook)
        let type: UInt8 = state.isInIntermediateState ? 0x03 : state.isBlank ? 0x01 : 0x02
        var descriptors = [capacityDescriptor(blocks: state.capacityBlocks, type: type, parameter: 2048)]
        for (format, blocks, parameter) in formattableDescriptors(state) {
            descriptors.append(capacityDescriptor(blocks: blocks, type: format << 2, parameter: parameter))
        }
        let body = descriptors.flatMap { $0 }
        return allocate([0, 0, 0, UInt8(body.count)] + body, allocation)
    }

    private func capacityDescriptor(blocks: Int, type: UInt8, parameter: Int) -> [UInt8] {
        var w = ByteWriter(count: 8)
        w.setUInt32(0, int: blocks)
        w.set(4, type)
        w.setUInt24(5, UInt32(parameter & 0xFF_FFFF))
        return w.bytes
    }

    /// Format types offered (MMC-6 §6.5.4.2): DVD+RW 26h; BD-RE 00h/30h with the default spare areas
    /// (12,288 clusters) and 31h without; BD-R 32h with spare areas; DVD-RAM 00h; DVD-RW in either mode 10h
    /// (full) and 15h (quick), 2,297,888 blocks, parameter 16 (the ECC block, as real drives report). Others: none.
    func formattableDescriptors(_ state: MediumState) -> [(format: UInt8, blocks: Int, parameter: Int)] {
        switch state.media {
        case .dvdPlusRW: return [(0x26, VirtualMediaKind.dvdPlusRW.blankCapacityBlocks, 0)]
        case .bdRE:
            return [(0x00, 11_826_176, 0x3000), (0x30, 11_826_176, 0x3000), (0x31, 12_219_392, 0)]
        case .bdR: return state.isBlank ? [(0x32, 11_826_176, 0x3000)] : []
        case .dvdRAM: return [(0x00, VirtualMediaKind.dvdRAM.blankCapacityBlocks, 0)]
        case .dvdRW: return MediumState.dvdRWFormatTypes.map { ($0, MediumState.dvdRWFormattedBlocks, 16) }
        default: return []
        }
    }
}
