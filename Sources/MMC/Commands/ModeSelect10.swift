import SCSI

/// MODE SELECT (10), opcode 55h: sends a mode parameter list to the drive. SPC-4 §6.11; MMC-6 §7.
///
/// CDB (10 bytes): byte 1 bit 4 = PF (page format), bit 0 = SP (save pages); bytes 7-8 = parameter list length;
/// byte 9 = control. The parameter list (SPC-4 §7.5.4) is an 8-byte header — mode data length reserved (zero)
/// in MODE SELECT — then block descriptors (none for MM drives), then pages with PS cleared.
public struct ModeSelect10: MMCCommand {
    public typealias Response = Void
    public static let name = "MODE SELECT(10)"

    public let parameterList: [UInt8]
    public let pageFormat: Bool
    public let savePages: Bool

    public init(parameterList: [UInt8], pageFormat: Bool = true, savePages: Bool = false) {
        precondition(parameterList.count <= 0xFFFF, "MODE SELECT(10) parameter list is at most 65535 bytes")
        self.parameterList = parameterList
        self.pageFormat = pageFormat
        self.savePages = savePages
    }

    /// Builds the 8-byte header (mode data length 0, medium type 0, block descriptor length 0) followed by the
    /// pages, each with PS cleared. Sending a page cut short by MODE SENSE is a programmer error and traps.
    public init(pages: [ModePage], savePages: Bool = false) {
        var list = [UInt8](repeating: 0, count: 8)
        for page in pages {
            precondition(!page.isTruncated, "\(page.code) is truncated; re-read it whole before MODE SELECT")
            list.append(contentsOf: page.forModeSelect.data)
        }
        self.init(parameterList: list, pageFormat: true, savePages: savePages)
    }

    public var cdb: CDB {
        var w = ByteWriter(CDB(opcode: 0x55, length: 10).bytes)
        w.setBits(1, mask: 0x10, pageFormat)
        w.setBits(1, mask: 0x01, savePages)
        w.setUInt16(7, UInt16(parameterList.count))
        return w.cdb
    }

    public var transfer: DataTransfer { .toDevice(parameterList) }
}
