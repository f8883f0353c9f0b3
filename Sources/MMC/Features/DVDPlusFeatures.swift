import SCSI

/// DVD+RW feature, 002Ah (MMC-6 §5.3). Byte 4 bit 0 Write (the drive can write DVD+RW); byte 5 bit 1 Quick
/// Start (formatting can stop early), bit 0 Close Only (background format stops only with CLOSE, not with
/// quick-stop). Bytes 4-5 are mandatory.
public struct DVDPlusRW: FeatureDecodable, Hashable {
    public static let code = FeatureCode.dvdPlusRW
    public var version: UInt8
    public var current: Bool
    public var write: Bool
    public var quickStart: Bool
    public var closeOnly: Bool

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "DVD+RW", minimumDataBytes: 2)
        self = try descriptor.decode("DVD+RW") { try Self(descriptor, r) }
    }

    private init(_ d: FeatureDescriptor, _ r: ByteReader) throws {
        version = d.version
        current = d.current
        write = try r.bit(at: 4, 0)
        quickStart = try r.bit(at: 5, 1)
        closeOnly = try r.bit(at: 5, 0)
    }
}

/// DVD+R feature, 002Bh (MMC-6 §5.3). Byte 4 bit 0 Write (the drive can write DVD+R); mandatory.
public struct DVDPlusR: FeatureDecodable, Hashable {
    public static let code = FeatureCode.dvdPlusR
    public var version: UInt8
    public var current: Bool
    public var write: Bool

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "DVD+R", minimumDataBytes: 1)
        version = descriptor.version
        current = descriptor.current
        write = r.featureFlag(at: 4, 0)
    }
}

/// DVD+R Dual Layer feature, 003Bh (MMC-6 §5.3). Byte 4 bit 0 Write (the drive can write DVD+R DL);
/// mandatory.
public struct DVDPlusRDL: FeatureDecodable, Hashable {
    public static let code = FeatureCode.dvdPlusRDL
    public var version: UInt8
    public var current: Bool
    public var write: Bool

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "DVD+R DL", minimumDataBytes: 1)
        version = descriptor.version
        current = descriptor.current
        write = r.featureFlag(at: 4, 0)
    }
}
