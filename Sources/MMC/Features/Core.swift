import SCSI

/// Physical interface standard of the Core feature (MMC-6 §5.3.2, Table "Physical Interface Standard"). An open
/// set.
public struct PhysicalInterfaceStandard: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let unspecified = PhysicalInterfaceStandard(rawValue: 0)
    public static let scsi = PhysicalInterfaceStandard(rawValue: 1)
    public static let atapi = PhysicalInterfaceStandard(rawValue: 2)
    public static let ieee1394_1995 = PhysicalInterfaceStandard(rawValue: 3)
    public static let ieee1394A = PhysicalInterfaceStandard(rawValue: 4)
    public static let fibreChannel = PhysicalInterfaceStandard(rawValue: 5)
    public static let ieee1394B = PhysicalInterfaceStandard(rawValue: 6)
    public static let serialATAPI = PhysicalInterfaceStandard(rawValue: 7)
    public static let usb = PhysicalInterfaceStandard(rawValue: 8)
    public static let vendorUnique = PhysicalInterfaceStandard(rawValue: 0xFFFF)

    public var description: String {
        switch self {
        case .unspecified: return "unspecified"
        case .scsi: return "SCSI"
        case .atapi: return "ATAPI"
        case .ieee1394_1995: return "IEEE 1394-1995"
        case .ieee1394A: return "IEEE 1394A"
        case .fibreChannel: return "Fibre Channel"
        case .ieee1394B: return "IEEE 1394B"
        case .serialATAPI: return "Serial ATAPI"
        case .usb: return "USB"
        case .vendorUnique: return "vendor unique"
        default: return "interface \(rawValue)"
        }
    }
}

/// Core feature, 0001h (MMC-6 §5.3.2). Bytes 4-7 physical interface standard (mandatory); byte 8 bit 1 INQ2
/// (INQUIRY with EVPD, page code and 16-bit allocation length), bit 0 DBE (device busy events) — version 1+,
/// false when absent.
public struct Core: FeatureDecodable, Hashable {
    public static let code = FeatureCode.core
    public var version: UInt8
    public var current: Bool
    public var physicalInterfaceStandard: PhysicalInterfaceStandard
    public var inq2: Bool
    public var deviceBusyEvents: Bool

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "Core", minimumDataBytes: 4)
        self = try descriptor.decode("Core") { try Self(descriptor, r) }
    }

    private init(_ d: FeatureDescriptor, _ r: ByteReader) throws {
        version = d.version
        current = d.current
        physicalInterfaceStandard = PhysicalInterfaceStandard(rawValue: try r.uint32(at: 4))
        inq2 = r.featureFlag(at: 8, 1)
        deviceBusyEvents = r.featureFlag(at: 8, 0)
    }
}
