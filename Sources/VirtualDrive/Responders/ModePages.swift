import SCSI

/// MODE SENSE(10) (5Ah) and MODE SELECT(10) (55h), SPC-4 §6.14/§6.12, with the MMC pages 05h (Write
/// Parameters, MMC-6 §7.5) and 2Ah (MM Capabilities and Mechanical Status, MMC-3 §5.5.10).
extension DriveCore {
    static let capabilitiesPageCode: UInt8 = 0x2A

    /// Page control 00b current, 01b changeable, 10b default; 11b (saved) → 5/39/00. Page 3Fh returns every
    /// page (05h, then 2Ah). Subpages other than 00h → 5/24/00. No block descriptors are returned (DBD ignored).
    func modeSense(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xE7)  // LLBAA (bit 4) and DBD (bit 3) allowed
        try c.requireZero(bytes: 4...6)
        let pageControl = c.bits(2, lowBit: 6, width: 2)
        let page = c.byte(2) & 0x3F
        if c.byte(3) != 0 { throw CheckCondition.invalidField(byte: 3) }
        if pageControl == 3 { throw CheckCondition.savingNotSupported }
        let allocation = c.uint16(7)
        let pages: [[UInt8]]
        switch page {
        case WriteParametersPage.pageCode: pages = [writeParametersPage(control: pageControl)]
        case Self.capabilitiesPageCode: pages = [capabilitiesPage(control: pageControl)]
        case 0x3F: pages = [writeParametersPage(control: pageControl), capabilitiesPage(control: pageControl)]
        default: throw CheckCondition.invalidField(byte: 2, bit: 5)
        }
        let body = pages.flatMap { $0 }
        var header = ByteWriter(count: 8)  // mode data length, medium type 0, device-specific 0, no descriptors
        header.setUInt16(0, UInt16(6 + body.count))
        return allocate(header.bytes + body, allocation)
    }

    private func writeParametersPage(control: Int) -> [UInt8] {
        switch control {
        case 1: return WriteParametersPage.changeableMask
        case 2: return WriteParametersPage.defaultBytes(for: media)
        default: return currentWriteParameters.bytes
        }
    }

    var currentWriteParameters: WriteParametersPage {
        loaded.flatMap { WriteParametersPage(bytes: $0.state.writeParameters) } ?? driveWriteParameters
    }

    /// Page 2Ah: read/write capabilities of a CD/DVD writer, tray loader, lock state, buffer size (KiB), the
    /// selected write speed and the write speed descriptors of the loaded medium. Nothing is changeable.
    private func capabilitiesPage(control: Int) -> [UInt8] {
        let kind = media
        let speeds = kind.writeSpeedMultipliers.map { SpeedTable.kilobytesPerSecond($0, kind.family) }
        var w = ByteWriter(count: 32 + 4 * speeds.count)
        w.set(0, Self.capabilitiesPageCode)
        w.set(1, UInt8(30 + 4 * speeds.count))
        guard control != 1 else { return w.bytes }
        w.set(2, 0x3F)  // DVD-RAM, DVD-R, DVD-ROM, Method 2, CD-RW, CD-R read
        w.set(3, 0x37)  // DVD-RAM, DVD-R write, Test Write, CD-RW, CD-R write
        w.set(4, 0xF0)  // BUF, Multi Session, Mode 2 Form 2, Mode 2 Form 1
        w.set(5, 0x13)  // C2 Pointers, CD-DA Stream Accurate, CD-DA Commands
        w.set(6, 0x20 | 0x08 | (preventRemoval || persistentPrevent ? 0x02 : 0) | 0x01)  // tray, Eject, Lock
        let readMaximum = SpeedTable.kilobytesPerSecond(kind.isPresent ? kind.maximumReadMultiplier : 48,
                                                        kind.isPresent ? kind.family : .cd)
        w.setUInt16(8, UInt16(clamping: readMaximum))
        w.setUInt16(12, UInt16(clamping: buffer.capacityBytes / 1024))
        w.setUInt16(14, UInt16(clamping: readMaximum))
        w.setUInt16(18, UInt16(clamping: speeds.first ?? 0))
        w.setUInt16(20, UInt16(clamping: selectedWriteSpeed ?? 0))
        w.setUInt16(22, 1)  // copy management revision
        w.setUInt16(28, UInt16(clamping: selectedWriteSpeed ?? 0))
        w.setUInt16(30, UInt16(speeds.count))
        for (i, speed) in speeds.enumerated() { w.setUInt16(32 + 4 * i + 2, UInt16(clamping: speed)) }
        return w.bytes
    }

    /// The write speed in use, kB/s: the selected one, else the highest for the medium.
    var selectedWriteSpeed: Int? {
        let kind = media
        guard let top = kind.writeSpeedMultipliers.first else { return nil }
        return SpeedTable.kilobytesPerSecond(min(top, selectedWriteMultiplier ?? top), kind.family)
    }

    /// MODE SELECT(10): PF must be 1 and SP 0; an 8-byte header without block descriptors, then pages. Page
    /// 05h is validated against the medium (write type, test write, data block type, multi-session); page
    /// 2Ah is accepted only unchanged; other pages → 5/26/00.
    func modeSelect(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xEE)
        guard c.bit(1, 4) else { throw CheckCondition.invalidField(byte: 1, bit: 4) }
        guard !c.bit(1, 0) else { throw CheckCondition.invalidField(byte: 1, bit: 0) }  // SP: no saved pages
        try c.requireZero(bytes: 2...6)
        let length = c.uint16(7)
        guard length > 0 else { return [] }
        guard c.dataOut.count >= length else { throw TransferMismatch(expected: length, received: c.dataOut.count) }
        let data = Array(c.dataOut.prefix(length))
        guard data.count >= 8 else { throw CheckCondition.parameterListLength }
        guard data[6] == 0, data[7] == 0 else { throw CheckCondition.invalidParameter(byte: 6) }
        var at = 8
        var newPage: WriteParametersPage?
        while at < data.count {
            guard at + 2 <= data.count, at + 2 + Int(data[at + 1]) <= data.count else {
                throw CheckCondition.parameterListLength
            }
            let page = Array(data[at..<at + 2 + Int(data[at + 1])])
            switch page[0] & 0x7F {
            case WriteParametersPage.pageCode: newPage = try validatedWriteParameters(page, at: at)
            case Self.capabilitiesPageCode:
                guard page.dropFirst(2) == capabilitiesPage(control: 0).dropFirst(2) else {
                    throw CheckCondition.invalidParameter(byte: at)
                }
            default: throw CheckCondition.invalidParameter(byte: at)
            }
            at += page.count
        }
        if let newPage { storeWriteParameters(newPage) }
        return []
    }

    /// Stores the page with the disc (and its test-write simulation); clearing Test Write ends a simulation.
    private func storeWriteParameters(_ page: WriteParametersPage) {
        driveWriteParameters = page
        if !page.testWrite { endSimulation() }
        simulation?.state.writeParameters = page.bytes
        guard let m = medium, !trayOpen else { return }
        m.state.writeParameters = page.bytes
        stateChanged(immediately: true)
    }
}

/// The data-out buffer is shorter than the CDB announces: a caller bug surfaced as a transport error.
struct TransferMismatch: Error, CustomStringConvertible {
    let expected: Int
    let received: Int
    var description: String {
        "the CDB transfers \(expected) bytes to the device but the data-out buffer holds \(received)"
    }
}
