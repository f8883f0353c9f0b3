import SCSI

/// INQUIRY and REQUEST SENSE.
extension DriveCore {
    static let vendor = "DISCBURN"
    static let product = "VIRTUAL WRITER"
    static let revision = "1.0"

    /// INQUIRY (12h), SPC-4 §6.6: standard data (36 bytes) or VPD pages 00h and 80h (EVPD = 1).
    func inquiry(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xFE)  // bit 1 CMDDT (obsolete) and reserved bits
        let evpd = c.bit(1, 0)
        let page = c.byte(2)
        if !evpd && page != 0 { throw CheckCondition.invalidField(byte: 2) }
        let allocation = c.uint16(3)
        guard evpd else { return allocate(standardInquiry(), allocation) }
        switch page {
        case 0x00: return allocate([0x05, 0x00, 0x00, 0x02, 0x00, 0x80], allocation)
        case 0x80:
            var w = ByteWriter(count: 4 + serialNumber.utf8.count)
            w.set(0, 0x05)
            w.set(1, 0x80)
            w.setUInt16(2, UInt16(serialNumber.utf8.count))
            w.setASCII(4, serialNumber, length: serialNumber.utf8.count)
            return allocate(w.bytes, allocation)
        default:
            throw CheckCondition.invalidField(byte: 2)
        }
    }

    /// Standard INQUIRY data: peripheral device type 05h (CD/DVD device), RMB = 1, SPC-4 version 06h,
    /// response data format 2, additional length 31 (SPC-4 §6.6.2).
    private func standardInquiry() -> [UInt8] {
        var w = ByteWriter(count: 36)
        w.set(0, 0x05)
        w.set(1, 0x80)
        w.set(2, 0x06)
        w.set(3, 0x02)
        w.set(4, 31)
        w.setASCII(8, Self.vendor, length: 8)
        w.setASCII(16, Self.product, length: 16)
        w.setASCII(32, Self.revision, length: 4)
        return w.bytes
    }

    /// REQUEST SENSE (03h), SPC-4 §6.29: fixed-format sense (DESC = 1 is refused with 5/24/00). Returns a
    /// pending unit attention (and clears it), the NOT READY condition of a running operation with its
    /// progress, becoming ready, no medium — else NO SENSE. Sense of a failed command is delivered with its
    /// CHECK CONDITION (autosense) and not kept.
    func requestSense(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xFF)  // DESC (bit 0) not supported, others reserved
        try c.requireZero(bytes: 2...3)
        let allocation = Int(c.byte(4))
        let sense: SenseData
        if let ua = pendingUnitAttention {
            pendingUnitAttention = nil
            sense = ua.sense
        } else if let op = operation {
            sense = op.sense.sense
            advanceOperation()
        } else if loaded == nil {
            sense = CheckCondition.mediumNotPresent(trayOpen: trayOpen).sense
        } else if becomingReadyRemaining > 0 {
            becomingReadyRemaining -= 1
            sense = CheckCondition.becomingReady.sense
        } else {
            sense = SenseData(key: .noSense, asc: 0, ascq: 0)
        }
        return allocate(sense.fixedBytes, allocation)
    }
}
