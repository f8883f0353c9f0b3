import SCSI

/// FORMAT UNIT, opcode 04h, with one format descriptor (MMC-6 §6.5).
///
/// CDB (6 bytes): byte 1 = FmtData (bit 4) set, CmpList (bit 3) clear, Format Code (bits 2-0) = 001b.
/// Parameter list (12 bytes, to the device):
/// - format list header (4 bytes): byte 0 reserved; byte 1 = FOV (bit 7), DPRY (6), DCRT (5), STPF (4), IP (3),
///   Try Out (2), IMMED (bit 1), VS (0); bytes 2-3 = format descriptor length (8).
///   Only IMMED is set here; FOV stays 0 so the drive uses its defaults for the other bits, as growisofs does
///   (libburn additionally sets FOV; both work on the drives they report).
/// - format descriptor (8 bytes): bytes 0-3 = number of blocks; byte 4 = format type (bits 7-2) | format
///   sub-type (bits 1-0); bytes 5-7 = type dependent parameter.
///
/// Copy blocks, type and parameter from a READ FORMAT CAPACITIES descriptor. Known uses: DVD+RW format type 26h
/// (any block count, even FFFFFFFFh; parameter bit 0 = restart a stopped background format); BD-RE 30h (with
/// spares; sub-type 10b full / 11b quick certification) and 31h (no spares); BD-R 32h; DVD-RW 00h/10h/15h.
public struct FormatUnit: MMCCommand, Hashable {
    public typealias Response = Void
    public static let name = "FORMAT UNIT"

    /// The FORMAT TYPE code from READ FORMAT CAPACITIES (6 bits, e.g. 26h DVD+RW, 30h BD-RE with spares).
    public let formatType: UInt8
    /// FORMAT SUB-TYPE (2 bits); for BD-RE/BD-R formats it selects certification / SRM-POW options.
    public let subtype: UInt8
    public let blocks: UInt32
    /// TYPE DEPENDENT PARAMETER (24 bits).
    public let typeDependentParameter: UInt32
    public let immediate: Bool

    /// - Precondition: `formatType` ≤ 3Fh, `subtype` ≤ 3, `typeDependentParameter` ≤ FFFFFFh (programmer errors).
    public init(formatType: UInt8, subtype: UInt8 = 0, blocks: UInt32, typeDependentParameter: UInt32 = 0,
                immediate: Bool = true) {
        precondition(formatType <= 0x3F, "FORMAT TYPE is a 6-bit field")
        precondition(subtype <= 0b11, "FORMAT SUB-TYPE is a 2-bit field")
        precondition(typeDependentParameter <= 0xFF_FFFF, "TYPE DEPENDENT PARAMETER is a 24-bit field")
        self.formatType = formatType
        self.subtype = subtype
        self.blocks = blocks
        self.typeDependentParameter = typeDependentParameter
        self.immediate = immediate
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 6)
        w.set(0, 0x04)
        w.set(1, 0x10 | 0x01)                       // FmtData, format code 001b
        return w.cdb
    }

    /// Format list header followed by the format descriptor.
    public var parameterList: [UInt8] {
        var w = ByteWriter(count: 12)
        w.setBits(1, mask: 0x02, immediate)         // header: IMMED
        w.setUInt16(2, 8)                           // header: format descriptor length
        w.setUInt32(4, blocks)                      // descriptor: number of blocks
        w.set(8, formatType << 2 | subtype)         // descriptor: format type | sub-type
        w.setUInt24(9, typeDependentParameter)      // descriptor: type dependent parameter
        return w.bytes
    }

    public var transfer: DataTransfer { .toDevice(parameterList) }

    /// IMMED: a minute; without: four hours (a BD-RE full certification runs for hours).
    public var timeout: Duration { immediate ? .seconds(200) : .seconds(4 * 60 * 60) }
}
