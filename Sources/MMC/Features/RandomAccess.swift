import SCSI

/// Random Readable feature, 0010h (MMC-6 §5.3). Bytes 4-7 logical block size, 8-9 blocking (blocks per
/// readable unit), byte 10 bit 0 PP (Read/Write Error Recovery mode page present). All mandatory.
public struct RandomReadable: FeatureDecodable, Hashable {
    public static let code = FeatureCode.randomReadable
    public var version: UInt8
    public var current: Bool
    public var logicalBlockSizeBytes: UInt32
    public var blockingBlocks: UInt16
    public var errorRecoveryPagePresent: Bool

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "Random Readable", minimumDataBytes: 7)
        self = try descriptor.decode("Random Readable") { try Self(descriptor, r) }
    }

    private init(_ d: FeatureDescriptor, _ r: ByteReader) throws {
        version = d.version
        current = d.current
        logicalBlockSizeBytes = try r.uint32(at: 4)
        blockingBlocks = try r.uint16(at: 8)
        errorRecoveryPagePresent = try r.bit(at: 10, 0)
    }
}

/// Random Writable feature, 0020h (MMC-6 §5.3). Bytes 4-7 last LBA, 8-11 logical block size, 12-13 blocking
/// (mandatory); byte 14 bit 0 PP (false when absent).
public struct RandomWritable: FeatureDecodable, Hashable {
    public static let code = FeatureCode.randomWritable
    public var version: UInt8
    public var current: Bool
    public var lastLogicalBlockAddress: UInt32
    public var logicalBlockSizeBytes: UInt32
    public var blockingBlocks: UInt16
    public var errorRecoveryPagePresent: Bool

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "Random Writable", minimumDataBytes: 10)
        self = try descriptor.decode("Random Writable") { try Self(descriptor, r) }
    }

    private init(_ d: FeatureDescriptor, _ r: ByteReader) throws {
        version = d.version
        current = d.current
        lastLogicalBlockAddress = try r.uint32(at: 4)
        logicalBlockSizeBytes = try r.uint32(at: 8)
        blockingBlocks = try r.uint16(at: 12)
        errorRecoveryPagePresent = r.featureFlag(at: 14, 0)
    }
}
