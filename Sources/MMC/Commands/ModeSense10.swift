import SCSI

/// MODE SENSE (10), opcode 5Ah. SPC-4 §6.14; MMC-6 §7 for the pages an MM drive returns.
///
/// CDB (10 bytes): byte 1 bit 4 = LLBAA, bit 3 = DBD; byte 2 bits 7-6 = PC, bits 5-0 = page code;
/// byte 3 = subpage code; bytes 7-8 = allocation length; byte 9 = control.
public struct ModeSense10: MMCCommand {
    public static let name = "MODE SENSE(10)"

    public let page: ModePageCode
    public let subpage: UInt8
    public let control: PageControl
    public let allocationLength: UInt16
    /// DBD: ask the drive to leave out block descriptors (MM drives normally have none).
    public let disableBlockDescriptors: Bool

    public init(page: ModePageCode, subpage: UInt8 = 0, control: PageControl = .current,
                allocationLength: UInt16 = 256, disableBlockDescriptors: Bool = true) {
        self.page = page
        self.subpage = subpage
        self.control = control
        self.allocationLength = allocationLength
        self.disableBlockDescriptors = disableBlockDescriptors
    }

    public var cdb: CDB {
        var w = ByteWriter(CDB(opcode: 0x5A, length: 10).bytes)
        w.setBits(1, mask: 0x08, disableBlockDescriptors)
        w.set(2, control.rawValue << 6 | page.rawValue)
        w.set(3, subpage)
        w.setUInt16(7, allocationLength)
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    /// Parses the 8-byte mode parameter header (SPC-4 §7.5.5), skips block descriptors, then splits the pages.
    ///
    /// Reads only min(mode data length + 2, received) bytes. A header that is not whole, or a mode data length
    /// below 6 (shorter than the rest of the header), throws. A final page cut short is kept with its bytes
    /// clipped (`ModePage.isTruncated`), and `truncated` is set, so callers can re-ask with `modeDataLength + 2`.
    public func parse(_ data: [UInt8]) throws(MMCParseError) -> ModeParameterList {
        try MMCParseError.wrap(Self.name) {
            let r = ByteReader(data)
            guard data.count >= 8 else {
                throw MMCParseError(Self.name, "mode parameter header needs 8 bytes, got \(data.count)")
            }
            let modeDataLength = try r.uint16(at: 0)
            guard modeDataLength >= 6 else {
                throw MMCParseError(Self.name, "mode data length \(modeDataLength) is shorter than the header")
            }
            let announced = Int(modeDataLength) + 2
            let end = min(announced, data.count)
            let blockDescriptorLength = try r.uint16(at: 6)
            let pagesStart = 8 + Int(blockDescriptorLength)
            let descriptors = r.clamped(at: 8, length: min(Int(blockDescriptorLength), end - 8)).bytes
            let split = ModeParameterList.splitPages(r, from: pagesStart, to: end)
            return ModeParameterList(
                modeDataLength: modeDataLength, mediumType: try r.uint8(at: 2),
                deviceSpecificParameter: try r.uint8(at: 3), longLBA: try r.bit(at: 4, 0),
                blockDescriptorLength: blockDescriptorLength, blockDescriptors: descriptors,
                pages: split.pages, truncated: announced > data.count || split.truncated)
        }
    }
}

/// What MODE SENSE(10) returns: the mode parameter header, block descriptors and pages. SPC-4 §7.5.4-§7.5.5.
public struct ModeParameterList: Sendable, Hashable {
    /// Bytes 0-1: the bytes that follow this field, as announced.
    public let modeDataLength: UInt16
    public let mediumType: UInt8
    public let deviceSpecificParameter: UInt8
    /// LONGLBA, byte 4 bit 0.
    public let longLBA: Bool
    public let blockDescriptorLength: UInt16
    /// Raw block descriptor bytes (those received; MM drives normally send none).
    public let blockDescriptors: [UInt8]
    /// The pages in the order received; the last one may be cut short (see `ModePage.isTruncated`).
    public let pages: [ModePage]
    /// Fewer bytes came than announced, or the page list ended inside a page.
    public let truncated: Bool

    public init(modeDataLength: UInt16, mediumType: UInt8, deviceSpecificParameter: UInt8, longLBA: Bool,
                blockDescriptorLength: UInt16, blockDescriptors: [UInt8], pages: [ModePage], truncated: Bool) {
        self.modeDataLength = modeDataLength
        self.mediumType = mediumType
        self.deviceSpecificParameter = deviceSpecificParameter
        self.longLBA = longLBA
        self.blockDescriptorLength = blockDescriptorLength
        self.blockDescriptors = blockDescriptors
        self.pages = pages
        self.truncated = truncated
    }

    /// Short alias of `deviceSpecificParameter` (byte 3; bit 7 is WP for some device types).
    public var deviceSpecific: UInt8 { deviceSpecificParameter }

    /// The first page with this code (and subpage code), if present.
    public func page(_ code: ModePageCode, subpage: UInt8 = 0) -> ModePage? {
        pages.first { $0.code == code && $0.subpageCode == subpage }
    }

    /// Splits `[start, end)` into pages. Total: every step advances by at least the 2-byte header.
    static func splitPages(_ r: ByteReader, from start: Int, to end: Int) -> (pages: [ModePage], truncated: Bool) {
        guard start <= end else { return ([], true) }
        var pages: [ModePage] = []
        var offset = start
        while offset < end {
            let first = r.bytes[offset]
            let subpageFormat = first & 0x40 != 0
            let headerLength = subpageFormat ? 4 : 2
            guard offset + headerLength <= end else { return (pages, true) }
            let pageLength = subpageFormat
                ? Int(r.bytes[offset + 2]) << 8 | Int(r.bytes[offset + 3]) : Int(r.bytes[offset + 1])
            let pageEnd = offset + headerLength + pageLength
            let bytes = Array(r.bytes[offset..<min(pageEnd, end)])
            pages.append(ModePage(code: ModePageCode(rawValue: first & 0x3F),
                                  subpageCode: subpageFormat ? r.bytes[offset + 1] : 0,
                                  parametersSavable: first & 0x80 != 0, data: bytes))
            guard pageEnd <= end else { return (pages, true) }
            offset = pageEnd
        }
        return (pages, false)
    }
}
