import SCSI

/// Loading mechanism type of the Removable Medium feature (MMC-6 §5.3, byte 4 bits 7-5). An open set.
public struct LoadingMechanism: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    /// Keeps the low 3 bits, the width of the field.
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x07 }

    public static let caddyOrSlot = LoadingMechanism(rawValue: 0)
    public static let tray = LoadingMechanism(rawValue: 1)
    public static let popUp = LoadingMechanism(rawValue: 2)
    public static let changerIndividualDiscs = LoadingMechanism(rawValue: 4)
    public static let changerMagazine = LoadingMechanism(rawValue: 5)

    public var description: String {
        switch self {
        case .caddyOrSlot: return "caddy/slot"
        case .tray: return "tray"
        case .popUp: return "pop-up"
        case .changerIndividualDiscs: return "changer (individual discs)"
        case .changerMagazine: return "changer (magazine)"
        default: return "loading mechanism \(rawValue)"
        }
    }
}

/// Removable Medium feature, 0003h (MMC-6 §5.3). Byte 4: bits 7-5 loading mechanism, bit 4 Load (the drive
/// can load the medium), bit 3 Eject, bit 2 Pvnt Jmpr (prevent jumper present), bit 1 DBML, bit 0 Lock (the
/// medium can be locked in with PREVENT ALLOW MEDIUM REMOVAL). Byte 4 is mandatory.
public struct RemovableMedium: FeatureDecodable, Hashable {
    public static let code = FeatureCode.removableMedium
    public var version: UInt8
    public var current: Bool
    public var loadingMechanism: LoadingMechanism
    public var canLoad: Bool
    public var canEject: Bool
    public var preventJumper: Bool
    /// DBML: device busy events are reported while loading/unloading.
    public var reportsLoadingBusyEvents: Bool
    /// Lock: PREVENT ALLOW MEDIUM REMOVAL can lock the medium in.
    public var canLock: Bool

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "Removable Medium", minimumDataBytes: 1)
        self = try descriptor.decode("Removable Medium") { try Self(descriptor, r) }
    }

    private init(_ d: FeatureDescriptor, _ r: ByteReader) throws {
        version = d.version
        current = d.current
        loadingMechanism = LoadingMechanism(rawValue: try r.bits(at: 4, lowBit: 5, width: 3))
        canLoad = try r.bit(at: 4, 4)
        canEject = try r.bit(at: 4, 3)
        preventJumper = try r.bit(at: 4, 2)
        reportsLoadingBusyEvents = try r.bit(at: 4, 1)
        canLock = try r.bit(at: 4, 0)
    }
}
