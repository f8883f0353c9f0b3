import SCSI

/// Format type of a formattable capacity descriptor and of FORMAT UNIT (MMC-6, FORMAT UNIT format types table). A 6-bit
/// open set.
public struct FormatType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    /// Keeps the low 6 bits, the width of the field.
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x3F }

    public static let fullFormat = FormatType(rawValue: 0x00)
    public static let spareAreaExpansion = FormatType(rawValue: 0x01)
    public static let zoneReformat = FormatType(rawValue: 0x04)
    public static let zoneFormat = FormatType(rawValue: 0x05)
    public static let cdrwDVDRWFullFormat = FormatType(rawValue: 0x10)
    public static let cdrwDVDRWGrowSession = FormatType(rawValue: 0x11)
    public static let cdrwDVDRWAddSession = FormatType(rawValue: 0x12)
    public static let dvdRWQuickGrowLastSession = FormatType(rawValue: 0x13)
    public static let dvdRWQuickAddSession = FormatType(rawValue: 0x14)
    public static let dvdRWQuickFormat = FormatType(rawValue: 0x15)
    public static let mrwFull = FormatType(rawValue: 0x24)
    public static let dvdPlusRWBasic = FormatType(rawValue: 0x26)
    public static let bdREWithSpares = FormatType(rawValue: 0x30)
    public static let bdREWithoutSpares = FormatType(rawValue: 0x31)
    public static let bdRWithSpares = FormatType(rawValue: 0x32)

    public var description: String { "format type " + [rawValue].hexString.uppercased() + "h" }
}

/// Descriptor type of the current/maximum capacity descriptor (byte 8 bits 1-0).
public enum CapacityDescriptorType: UInt8, Sendable, Hashable {
    /// 00b: reserved.
    case reserved = 0
    /// 01b: unformatted or blank medium; the capacity is the maximum that could be formatted.
    case unformatted = 1
    /// 10b: formatted medium; the capacity is the current one.
    case formatted = 2
    /// 11b: no medium; the capacity is the most the drive could format.
    case noMedia = 3

    init(bits: UInt8) {
        switch bits & 0x03 {
        case 1: self = .unformatted
        case 2: self = .formatted
        case 3: self = .noMedia
        default: self = .reserved
        }
    }
}

/// The current/maximum capacity descriptor (MMC-6 §6.24), bytes 4-11 of the answer.
public struct CurrentCapacityDescriptor: Sendable, Hashable {
    /// Bytes 0-3.
    public var blocks: UInt32
    /// Byte 4 bits 1-0.
    public var descriptorType: CapacityDescriptorType
    /// Bytes 5-7.
    public var blockLengthBytes: UInt32

    public init(blocks: UInt32, descriptorType: CapacityDescriptorType, blockLengthBytes: UInt32) {
        self.blocks = blocks
        self.descriptorType = descriptorType
        self.blockLengthBytes = blockLengthBytes
    }
}

/// One formattable capacity descriptor (MMC-6 §6.24): a format FORMAT UNIT would accept.
public struct FormattableCapacityDescriptor: Sendable, Hashable {
    /// Bytes 0-3.
    public var blocks: UInt32
    /// Byte 4 bits 7-2.
    public var formatType: FormatType
    /// Bytes 5-7: meaning depends on the format type (block length, packet size, ...).
    public var typeDependentParameter: UInt32

    public init(blocks: UInt32, formatType: FormatType, typeDependentParameter: UInt32) {
        self.blocks = blocks
        self.formatType = formatType
        self.typeDependentParameter = typeDependentParameter
    }
}

/// READ FORMAT CAPACITIES answer (MMC-6 §6.24).
public struct FormatCapacities: Sendable, Hashable {
    /// Header byte 3 as announced: bytes of capacity descriptors that follow.
    public var capacityListLength: UInt8
    public var current: CurrentCapacityDescriptor
    /// The formattable capacity descriptors received, in the drive's order.
    public var formattable: [FormattableCapacityDescriptor]

    public init(capacityListLength: UInt8, current: CurrentCapacityDescriptor,
                formattable: [FormattableCapacityDescriptor]) {
        self.capacityListLength = capacityListLength
        self.current = current
        self.formattable = formattable
    }

    /// The first descriptor offering `type`, if any.
    public func descriptor(for type: FormatType) -> FormattableCapacityDescriptor? {
        formattable.first { $0.formatType == type }
    }
}

/// READ FORMAT CAPACITIES (MMC-6 §6.24): opcode 23h, allocation length in bytes 7-8.
///
/// Parsing: the capacity list is clamped to min(capacity list length + 4, received) and cut to whole 8-byte
/// descriptors (a list length that is not a multiple of 8, or a descriptor cut short in transfer, loses only the
/// partial descriptor). The current/maximum descriptor is mandatory: fewer than 12 usable bytes throws
/// `MMCParseError`.
public struct ReadFormatCapacities: MMCCommand {
    public typealias Response = FormatCapacities
    public static let name = "READ FORMAT CAPACITIES"

    public var allocationLength: UInt16

    /// `allocationLength` must cover the header and the current capacity descriptor (12 bytes).
    public init(allocationLength: UInt16 = 252) {
        precondition(allocationLength >= 12, "READ FORMAT CAPACITIES allocation length must cover 12 bytes")
        self.allocationLength = allocationLength
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 10)
        w.set(0, 0x23)
        w.setUInt16(7, allocationLength)
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    public func parse(_ data: [UInt8]) throws(MMCParseError) -> FormatCapacities {
        try MMCParseError.wrap(Self.name) {
            let whole = ByteReader(data)
            guard whole.count >= 4 else {
                throw MMCParseError(Self.name, "\(whole.count) byte(s), the capacity list header needs 4")
            }
            let listLength = try whole.uint8(at: 3)
            let list = whole.clamped(at: 4, length: Int(listLength))
            let descriptors = list.count / 8
            guard descriptors >= 1 else {
                throw MMCParseError(Self.name, "no whole current capacity descriptor (list length \(listLength), "
                                    + "received \(whole.count) byte(s))")
            }
            let current = CurrentCapacityDescriptor(
                blocks: try list.uint32(at: 0),
                descriptorType: CapacityDescriptorType(bits: try list.bits(at: 4, lowBit: 0, width: 2)),
                blockLengthBytes: try list.uint24(at: 5))
            let formattable = try (1..<descriptors).map { i in
                FormattableCapacityDescriptor(blocks: try list.uint32(at: 8 * i),
                                              formatType: FormatType(rawValue: try list.bits(at: 8 * i + 4,
                                                                                             lowBit: 2, width: 6)),
                                              typeDependentParameter: try list.uint24(at: 8 * i + 5))
            }
            return FormatCapacities(capacityListLength: listLength, current: current, formattable: formattable)
        }
    }
}
