import SCSI

/// GET PERFORMANCE (ACh), READ BUFFER CAPACITY (5Ch), SET CD SPEED (BBh), SET STREAMING (B6h).
extension DriveCore {
    /// GET PERFORMANCE, MMC-6 §6.8. Type 00h (performance): Tolerance must be 10b; Except 00b gives one nominal
    /// descriptor over the whole medium (read, or write with the Write bit), 01b/10b an empty exception list.
    /// Type 03h: write speed descriptors of the loaded medium, fastest first. Other types → 5/24/00.
    func getPerformance(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xE0)
        try c.requireZero(bytes: 6...7)
        let maximum = c.uint16(8)
        let type = c.byte(10)
        let state = try requireMedium().state
        switch type {
        case 0x00: return try nominalPerformance(c, state, maximum: maximum)
        case 0x03: return writeSpeedDescriptors(state, maximum: maximum)
        default: throw CheckCondition.invalidField(byte: 10)
        }
    }

    private func nominalPerformance(_ c: CommandContext, _ state: MediumState, maximum: Int) throws -> [UInt8] {
        guard c.bits(1, lowBit: 3, width: 2) == 2 else { throw CheckCondition.invalidField(byte: 1, bit: 4) }
        let write = c.bit(1, 2)
        let except = c.bits(1, lowBit: 0, width: 2)
        guard except != 3 else { throw CheckCondition.invalidField(byte: 1, bit: 1) }
        var header = ByteWriter(count: 8)
        header.set(4, (write ? 0x02 : 0) | (except != 0 ? 0x01 : 0))
        guard except == 0 else {
            header.setUInt32(0, 4)
            return header.bytes
        }
        let kind = state.media
        let end = max(0, (write ? state.capacityBlocks : state.readCapacityLastLBA + 1) - 1)
        let top: Int
        if write {
            top = selectedWriteSpeed ?? 0
        } else {
            top = SpeedTable.kilobytesPerSecond(kind.maximumReadMultiplier, kind.family)
        }
        var d = ByteWriter(count: 16)
        d.setUInt32(0, 0)
        d.setUInt32(4, int: write ? top : top * 2 / 5)  // reading is CAV: slower at the inner edge
        d.setUInt32(8, int: end)
        d.setUInt32(12, int: top)
        let descriptors = maximum > 0 ? d.bytes : []
        header.setUInt32(0, UInt32(4 + 16))
        return header.bytes + descriptors
    }

    private func writeSpeedDescriptors(_ state: MediumState, maximum: Int) -> [UInt8] {
        let kind = state.media
        let read = SpeedTable.kilobytesPerSecond(kind.maximumReadMultiplier, kind.family)
        let all: [[UInt8]] = kind.writeSpeedMultipliers.map { x in
            var d = ByteWriter(count: 16)
            d.set(0, 0x00)  // WRC 00b default rotation, RDD 0, Exact 0, MRW 0
            d.setUInt32(4, int: state.capacityBlocks)
            d.setUInt32(8, int: read)
            d.setUInt32(12, int: SpeedTable.kilobytesPerSecond(x, kind.family))
            return d.bytes
        }
        var header = ByteWriter(count: 8)
        header.setUInt32(0, UInt32(4 + 16 * all.count))
        return header.bytes + all.prefix(maximum).flatMap { $0 }
    }

    /// READ BUFFER CAPACITY, MMC-6 §6.20: Block = 0 gives buffer length and blank (free) length in bytes;
    /// Block = 1 gives the available length in 2048-byte blocks. Answered without a medium too.
    func readBufferCapacity(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xFE)
        try c.requireZero(bytes: 2...6)
        let allocation = c.uint16(7)
        buffer.drain()
        var w = ByteWriter(count: 12)
        w.setUInt16(0, 10)
        if c.bit(1, 0) {
            w.set(3, 0x01)
            w.setUInt32(8, int: buffer.freeBytes / 2048)
        } else {
            w.setUInt32(4, int: buffer.capacityBytes)
            w.setUInt32(8, int: buffer.freeBytes)
        }
        return allocate(w.bytes, allocation)
    }

    /// SET CD SPEED, MMC-6 §6.37: rotational control 00b/01b; read speed ignored; the write speed (kB/s,
    /// FFFFh = maximum) selects the fastest offered speed not above it (the slowest if all are above).
    func setCDSpeed(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xFE)
        try c.requireZero(bytes: 6...10)
        selectWriteSpeed(kilobytesPerSecond: c.uint16(4))
        return []
    }

    /// SET STREAMING, MMC-6 §6.39: type 00h with a 28-byte performance descriptor; the write rate is
    /// Write Size (kB) / Write Time (ms); RDD (byte 0 bit 2) restores the default. Type 05h (DBI cache zone) is accepted and ignored.
    func setStreaming(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(bytes: 1...7)
        let type = c.byte(8)
        let length = c.uint16(9)
        guard type == 0x00 || type == 0x05 else { throw CheckCondition.invalidField(byte: 8) }
        guard c.dataOut.count >= length else { throw TransferMismatch(expected: length, received: c.dataOut.count) }
        guard type == 0x00 else { return [] }
        guard length >= 28 else { throw CheckCondition.parameterListLength }
        let d = CommandContext(cdb: Array(c.dataOut.prefix(28)), dataOut: [])
        if d.bit(0, 2) {  // RDD: restore the drive's default (highest) speed
            selectWriteSpeed(kilobytesPerSecond: 0xFFFF)
            return []
        }
        let writeSize = d.uint32(20), writeTime = d.uint32(24)
        guard writeTime > 0 else { throw CheckCondition.invalidParameter(byte: 24) }
        selectWriteSpeed(kilobytesPerSecond: writeSize * 1000 / writeTime)
        return []
    }

    private func selectWriteSpeed(kilobytesPerSecond requested: Int) {
        let kind = media
        let offered = kind.writeSpeedMultipliers
        guard !offered.isEmpty, requested != 0xFFFF else {
            selectedWriteMultiplier = nil
            configureBuffer()
            return
        }
        let fitting = offered.first { SpeedTable.kilobytesPerSecond($0, kind.family) <= requested }
        selectedWriteMultiplier = fitting ?? offered.last
        configureBuffer()
    }
}
