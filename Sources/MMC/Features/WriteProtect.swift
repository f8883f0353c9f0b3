import SCSI

/// Write Protect feature, 0004h (MMC-6 §5.3). Byte 4: bit 3 DWP (disc write protect PAC on BD), bit 2 WDCB
/// (write inhibit DCB on DVD+RW), bit 1 SPWP (persistent write protect), bit 0 SSWPP (software write protect
/// until power-down). Byte 4 is mandatory.
public struct WriteProtect: FeatureDecodable, Hashable {
    public static let code = FeatureCode.writeProtect
    public var version: UInt8
    public var current: Bool
    public var discWriteProtectPAC: Bool
    public var writeInhibitDCB: Bool
    public var persistentWriteProtect: Bool
    public var softwareWriteProtectUntilPowerDown: Bool

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "Write Protect", minimumDataBytes: 1)
        self = try descriptor.decode("Write Protect") { try Self(descriptor, r) }
    }

    private init(_ d: FeatureDescriptor, _ r: ByteReader) throws {
        version = d.version
        current = d.current
        discWriteProtectPAC = try r.bit(at: 4, 3)
        writeInhibitDCB = try r.bit(at: 4, 2)
        persistentWriteProtect = try r.bit(at: 4, 1)
        softwareWriteProtectUntilPowerDown = try r.bit(at: 4, 0)
    }
}
