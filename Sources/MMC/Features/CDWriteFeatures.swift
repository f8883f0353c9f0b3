import SCSI

/// CD Track at Once feature, 002Dh (MMC-6 §5.3). Byte 4: bit 6 BUF (buffer underrun free recording,
/// BURN-Free), bit 4 R-W Raw, bit 3 R-W Pack, bit 2 Test Write, bit 1 CD-RW (can overwrite a TAO track), bit 0
/// R-W Sub-code; bytes 6-7 data block types supported. Bytes 4-7 are mandatory.
public struct CDTrackAtOnce: FeatureDecodable, Hashable {
    public static let code = FeatureCode.cdTrackAtOnce
    public var version: UInt8
    public var current: Bool
    public var bufferUnderrunFree: Bool
    public var rwRaw: Bool
    public var rwPack: Bool
    public var testWrite: Bool
    public var cdRW: Bool
    public var rwSubcode: Bool
    public var dataTypesSupported: DataBlockTypes

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "CD Track at Once", minimumDataBytes: 4)
        self = try descriptor.decode("CD Track at Once") { try Self(descriptor, r) }
    }

    private init(_ d: FeatureDescriptor, _ r: ByteReader) throws {
        version = d.version
        current = d.current
        bufferUnderrunFree = try r.bit(at: 4, 6)
        rwRaw = try r.bit(at: 4, 4)
        rwPack = try r.bit(at: 4, 3)
        testWrite = try r.bit(at: 4, 2)
        cdRW = try r.bit(at: 4, 1)
        rwSubcode = try r.bit(at: 4, 0)
        dataTypesSupported = DataBlockTypes(rawValue: try r.uint16(at: 6))
    }
}

/// CD Mastering feature, 002Eh (MMC-6 §5.3): Session at Once and raw writing. Byte 4: bit 6 BUF, bit 5 SAO,
/// bit 4 Raw MS (multi-session raw), bit 3 Raw, bit 2 Test Write, bit 1 CD-RW, bit 0 R-W; bytes 5-7 maximum cue
/// sheet length in bytes. Bytes 4-7 are mandatory.
public struct CDMastering: FeatureDecodable, Hashable {
    public static let code = FeatureCode.cdMastering
    public var version: UInt8
    public var current: Bool
    public var bufferUnderrunFree: Bool
    public var sessionAtOnce: Bool
    public var rawMultiSession: Bool
    public var raw: Bool
    public var testWrite: Bool
    public var cdRW: Bool
    public var rw: Bool
    public var maximumCueSheetLengthBytes: UInt32

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "CD Mastering", minimumDataBytes: 4)
        self = try descriptor.decode("CD Mastering") { try Self(descriptor, r) }
    }

    private init(_ d: FeatureDescriptor, _ r: ByteReader) throws {
        version = d.version
        current = d.current
        bufferUnderrunFree = try r.bit(at: 4, 6)
        sessionAtOnce = try r.bit(at: 4, 5)
        rawMultiSession = try r.bit(at: 4, 4)
        raw = try r.bit(at: 4, 3)
        testWrite = try r.bit(at: 4, 2)
        cdRW = try r.bit(at: 4, 1)
        rw = try r.bit(at: 4, 0)
        maximumCueSheetLengthBytes = try r.uint24(at: 5)
    }
}
