import SCSI

/// Peripheral device type (SPC-4 §6.6, standard INQUIRY data byte 0 bits 4-0). An open set: any 5-bit value is
/// kept as it came.
public struct PeripheralDeviceType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    /// Keeps the low 5 bits, the width of the field.
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x1F }

    public static let directAccess = PeripheralDeviceType(rawValue: 0x00)
    public static let sequentialAccess = PeripheralDeviceType(rawValue: 0x01)
    /// CD/DVD/BD device (MMC).
    public static let mmc = PeripheralDeviceType(rawValue: 0x05)
    public static let opticalMemory = PeripheralDeviceType(rawValue: 0x07)
    public static let enclosure = PeripheralDeviceType(rawValue: 0x0D)
    /// Unknown or no device type.
    public static let unknown = PeripheralDeviceType(rawValue: 0x1F)

    public var description: String {
        switch self {
        case .directAccess: return "direct access"
        case .sequentialAccess: return "sequential access"
        case .mmc: return "CD/DVD"
        case .opticalMemory: return "optical memory"
        case .enclosure: return "enclosure services"
        case .unknown: return "unknown"
        default: return "device type 0x" + [rawValue].hexString
        }
    }
}

/// Standard INQUIRY data (SPC-4 §6.6, Table 140): who the device says it is.
public struct InquiryData: Sendable, Hashable {
    /// Byte 0 bits 7-5: 0 = a device is connected to this logical unit.
    public var peripheralQualifier: UInt8
    /// Byte 0 bits 4-0.
    public var peripheralDeviceType: PeripheralDeviceType
    /// Byte 1 bit 7 (RMB): the medium is removable.
    public var removable: Bool
    /// Byte 2: the SPC version the device claims (0 = none claimed, 5 = SPC-3, 6 = SPC-4).
    public var version: UInt8
    /// Byte 3 bits 3-0; 2 for any current device.
    public var responseDataFormat: UInt8
    /// Byte 4: bytes that follow byte 4, as announced.
    public var additionalLength: UInt8
    /// Bytes 8-15 (T10 vendor identification), spaces and NULs trimmed; empty when not received.
    public var vendor: String
    /// Bytes 16-31 (product identification), trimmed; empty when not received.
    public var product: String
    /// Bytes 32-35 (product revision level), trimmed; empty when not received.
    public var revision: String

    public init(peripheralQualifier: UInt8 = 0, peripheralDeviceType: PeripheralDeviceType, removable: Bool,
                version: UInt8, responseDataFormat: UInt8 = 2, additionalLength: UInt8 = 31, vendor: String,
                product: String, revision: String) {
        self.peripheralQualifier = peripheralQualifier
        self.peripheralDeviceType = peripheralDeviceType
        self.removable = removable
        self.version = version
        self.responseDataFormat = responseDataFormat
        self.additionalLength = additionalLength
        self.vendor = vendor
        self.product = product
        self.revision = revision
    }
}

/// INQUIRY, standard data (SPC-4 §6.6): opcode 12h, EVPD 0, page code 0, allocation length in bytes 3-4.
///
/// Parsing: at least the 5-byte header must arrive (else `MMCParseError`). The data is clamped to
/// min(additional length + 5, received); vendor, product and revision are read only as far as they were received
/// (a field cut short yields the part that arrived, a missing one the empty string).
public struct Inquiry: MMCCommand {
    public typealias Response = InquiryData
    public static let name = "INQUIRY"

    public var allocationLength: UInt16

    /// `allocationLength` must be at least 5 (the header); 96 is what SPC asks hosts to allow for.
    public init(allocationLength: UInt16 = 96) {
        precondition(allocationLength >= 5, "INQUIRY allocation length must cover the 5-byte header")
        self.allocationLength = allocationLength
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 6)
        w.set(0, 0x12)
        w.setUInt16(3, allocationLength)
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    public func parse(_ data: [UInt8]) throws(MMCParseError) -> InquiryData {
        try MMCParseError.wrap(Self.name) {
            let whole = ByteReader(data)
            guard whole.count >= 5 else {
                throw MMCParseError(Self.name, "\(whole.count) byte(s), the standard header needs 5")
            }
            let additional = try whole.uint8(at: 4)
            let r = whole.clamped(at: 0, length: Int(additional) + 5)
            return InquiryData(
                peripheralQualifier: try r.bits(at: 0, lowBit: 5, width: 3),
                peripheralDeviceType: PeripheralDeviceType(rawValue: try r.bits(at: 0, lowBit: 0, width: 5)),
                removable: try r.bit(at: 1, 7),
                version: try r.uint8(at: 2),
                responseDataFormat: try r.bits(at: 3, lowBit: 0, width: 4),
                additionalLength: additional,
                vendor: Self.text(r, from: 8, through: 15),
                product: Self.text(r, from: 16, through: 31),
                revision: Self.text(r, from: 32, through: 35))
        }
    }

    /// The ASCII field at bytes `from...through`, cut to what was received; "" when none of it was.
    private static func text(_ r: ByteReader, from: Int, through: Int) -> String {
        let available = min(through + 1, r.count) - from
        guard available > 0 else { return "" }
        return (try? r.ascii(at: from, length: available)) ?? ""
    }
}
