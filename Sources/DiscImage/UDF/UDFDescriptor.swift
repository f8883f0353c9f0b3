/// UDF building blocks read from untrusted bytes: descriptor tags, allocation descriptors, d-strings and
/// timestamps (ECMA-167 3rd edition, as profiled by OSTA UDF 1.02–2.60). Every read goes through `ByteView`.
enum UDFTag {
    static let primaryVolume: UInt16 = 1
    static let anchor: UInt16 = 2
    static let volumePointer: UInt16 = 3
    static let partition: UInt16 = 5
    static let logicalVolume: UInt16 = 6
    static let terminating: UInt16 = 8
    static let fileSet: UInt16 = 256
    static let fileIdentifier: UInt16 = 257
    static let allocationExtent: UInt16 = 258
    static let indirectEntry: UInt16 = 259
    static let fileEntry: UInt16 = 261
    static let extendedFileEntry: UInt16 = 266

    /// The tag identifier when the 16-byte tag (ECMA-167 3/7.2) is sound: checksum over bytes 0-3 and 5-15,
    /// and, when `checkCRC`, the CRC-CCITT of the `crcLength` bytes after the tag (3/7.2.6) — the Linux
    /// kernel's udf driver refuses a descriptor that fails either. Nil otherwise.
    static func identifier(_ view: ByteView, at offset: Int = 0, checkCRC: Bool = true) -> UInt16? {
        guard let tag = view.array(offset, 16), let identifier = view.u16le(offset) else { return nil }
        var sum: UInt8 = 0
        for (index, byte) in tag.enumerated() where index != 4 { sum &+= byte }
        guard sum == tag[4] else { return nil }
        guard checkCRC, let crc = view.u16le(offset + 8), let length = view.u16le(offset + 10) else {
            return identifier
        }
        guard let body = view.slice(offset + 16, Int(length)) else { return nil }
        return crcCCITT(body) == crc ? identifier : nil
    }

    /// The tag location field (3/7.2.8): the logical sector (or partition block) the descriptor claims to be at.
    static func location(_ view: ByteView, at offset: Int = 0) -> UInt32? { view.u32le(offset + 12) }

    /// CRC-CCITT, polynomial x^16 + x^12 + x^5 + 1, initial value 0 (ECMA-167 1/7.2.6).
    static func crcCCITT(_ view: ByteView) -> UInt16 {
        var crc: UInt16 = 0
        for index in 0..<view.count {
            crc ^= UInt16(view.u8(index) ?? 0) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        return crc
    }
}

/// A logical block address inside a partition reference (lb_addr, ECMA-167 4/7.1).
struct UDFBlockAddress: Sendable, Hashable {
    var block: UInt32
    var partitionReference: UInt16
}

/// One allocation descriptor (ECMA-167 4/14.14): the top two bits of the length give the extent type.
struct UDFExtent: Sendable, Equatable {
    enum Kind: UInt8, Sendable {
        case recorded = 0
        case allocatedNotRecorded = 1
        case notAllocated = 2
        /// The next extent of allocation descriptors (an Allocation Extent Descriptor, 4/14.5).
        case continuation = 3
    }

    var kind: Kind
    var lengthBytes: UInt32
    var address: UDFBlockAddress

    /// Short (8 bytes, 4/14.14.1: same partition as the ICB), long (16, 4/14.14.2) or extended (20, 4/14.14.3).
    static func read(_ view: ByteView, at offset: Int, form: UDFAllocationForm,
                     icbPartition: UInt16) -> UDFExtent? {
        guard let raw = view.u32le(offset) else { return nil }
        let kind = Kind(rawValue: UInt8(raw >> 30)) ?? .recorded
        let length = raw & 0x3FFF_FFFF
        switch form {
        case .short:
            guard let block = view.u32le(offset + 4) else { return nil }
            return UDFExtent(kind: kind, lengthBytes: length,
                             address: .init(block: block, partitionReference: icbPartition))
        case .long:
            guard let block = view.u32le(offset + 4), let reference = view.u16le(offset + 8) else { return nil }
            return UDFExtent(kind: kind, lengthBytes: length, address: .init(block: block, partitionReference: reference))
        case .extended:
            // Extent length, recorded length, information length, lb_addr at 12.
            guard let block = view.u32le(offset + 12), let reference = view.u16le(offset + 16) else { return nil }
            return UDFExtent(kind: kind, lengthBytes: length, address: .init(block: block, partitionReference: reference))
        case .embedded:
            return nil
        }
    }

    /// A long_ad read on its own (file set descriptor root, FID ICB, logical volume contents use).
    static func long(_ view: ByteView, at offset: Int) -> UDFExtent? {
        read(view, at: offset, form: .long, icbPartition: 0)
    }
}

/// ICB tag flags bits 0-2 (ECMA-167 4/14.6.8): how a file entry records its data.
enum UDFAllocationForm: UInt8, Sendable {
    case short = 0
    case long = 1
    case extended = 2
    /// The data itself sits where the allocation descriptors would.
    case embedded = 3

    var descriptorBytes: Int {
        switch self {
        case .short: return 8
        case .long: return 16
        case .extended: return 20
        case .embedded: return 0
        }
    }
}

enum UDFText {
    /// OSTA CS0 compressed Unicode (UDF 2.1.1): compression id 8 (one byte per character, Latin-1) or 16
    /// (UCS-2 big-endian; UTF-16 in UDF 2.50+). 254/255 (UDF 2.60, same encodings) are read alike. Nil for
    /// any other id: the caller names the damage.
    static func decode(_ view: ByteView) -> String? {
        guard let compression = view.u8(0) else { return "" }
        switch compression {
        case 8, 254:
            var scalars = String.UnicodeScalarView()
            for index in 1..<max(1, view.count) { scalars.append(Unicode.Scalar(view.u8(index) ?? 0)) }
            return String(scalars)
        case 16, 255:
            var units: [UInt16] = []
            var index = 1
            while let unit = view.u16be(index) {
                units.append(unit)
                index += 2
            }
            return String(decoding: units, as: UTF16.self)
        default:
            return nil
        }
    }

    /// A d-string field of `fieldBytes` (UDF 2.1.3): its last byte is the length used.
    static func dstring(_ view: ByteView, at offset: Int, fieldBytes: Int) -> String? {
        guard let length = view.u8(offset + fieldBytes - 1), length > 0,
              let used = view.slice(offset, min(Int(length), fieldBytes - 1)) else { return nil }
        return decode(used)
    }
}

extension ISODate {
    /// ECMA-167 1/7.3 timestamp: type and time zone (12-bit signed minutes, -2047 = none), year, month, day,
    /// hour, minute, second. Nil when a field is out of range.
    init?(udfTimestamp view: ByteView, at base: Int) {
        guard let typeAndZone = view.u16le(base), let year = view.u16le(base + 2), let month = view.u8(base + 4),
              let day = view.u8(base + 5), let hour = view.u8(base + 6), let minute = view.u8(base + 7),
              let second = view.u8(base + 8), year > 0 else { return nil }
        var minutes = Int(typeAndZone & 0x0FFF)
        if minutes >= 0x800 { minutes -= 0x1000 }
        let quarterHours = typeAndZone >> 12 == 1 && minutes != -2047 && abs(minutes) <= 1440 ? minutes / 15 : 0
        self.init(year: Int(year), month: Int(month), day: Int(day), hour: Int(hour), minute: Int(minute),
                  second: Int(second), offset: max(-48, min(52, quarterHours)))
    }
}
