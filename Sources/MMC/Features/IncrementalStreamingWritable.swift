import SCSI

/// A set of CD data block types (MMC-6, Data Block Type field of the Write Parameters mode page 05h): bit n set
/// = data block type n supported. Used by the Incremental Streaming Writable and CD Track at Once features.
public struct DataBlockTypes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Type 0: raw 2352 bytes.
    public static let raw2352 = DataBlockTypes(rawValue: 1 << 0)
    /// Type 1: raw 2352 + P/Q sub-channel (2368).
    public static let raw2352PQ = DataBlockTypes(rawValue: 1 << 1)
    /// Type 2: raw 2352 + P-W sub-channel packed (2448).
    public static let raw2352PWPacked = DataBlockTypes(rawValue: 1 << 2)
    /// Type 3: raw 2352 + P-W sub-channel raw (2448).
    public static let raw2352PWRaw = DataBlockTypes(rawValue: 1 << 3)
    /// Type 8: Mode 1, 2048 bytes of user data.
    public static let mode1 = DataBlockTypes(rawValue: 1 << 8)
    /// Type 9: Mode 2, 2336 bytes.
    public static let mode2 = DataBlockTypes(rawValue: 1 << 9)
    /// Type 10: Mode 2 Form 1, 2048 bytes.
    public static let mode2Form1 = DataBlockTypes(rawValue: 1 << 10)
    /// Type 11: Mode 2 Form 1 with subheader, 2056 bytes.
    public static let mode2Form1Subheader = DataBlockTypes(rawValue: 1 << 11)
    /// Type 12: Mode 2 Form 2, 2324 bytes.
    public static let mode2Form2 = DataBlockTypes(rawValue: 1 << 12)
    /// Type 13: Mode 2 mixed forms with subheader, 2332 bytes.
    public static let mode2Mixed = DataBlockTypes(rawValue: 1 << 13)

    /// True when data block type `type` (0...15) is in the set; false for any other number.
    public func supports(dataBlockType type: UInt8) -> Bool {
        type < 16 && rawValue & (1 << UInt16(type)) != 0
    }
}

/// Incremental Streaming Writable feature, 0021h (MMC-6 §5.3). Bytes 4-5 data block types supported, byte 6
/// bit 2 TRIO (track resources information), bit 1 ARSV (address reservation), bit 0 BUF (buffer underrun
/// free), byte 7 number of link sizes, then one link size (blocks) per byte from byte 8. Bytes 4-7 are mandatory;
/// a link-size count that runs past the data throws.
public struct IncrementalStreamingWritable: FeatureDecodable, Hashable {
    public static let code = FeatureCode.incrementalStreamingWritable
    public var version: UInt8
    public var current: Bool
    public var dataBlockTypesSupported: DataBlockTypes
    public var trackResourcesInformation: Bool
    public var addressReservation: Bool
    public var bufferUnderrunFree: Bool
    public var linkSizesBlocks: [UInt8]

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let name = "Incremental Streaming Writable"
        let r = try descriptor.layoutReader(expecting: Self.code, name: name, minimumDataBytes: 4)
        self = try descriptor.decode(name) { try Self(descriptor, r) }
    }

    private init(_ d: FeatureDescriptor, _ r: ByteReader) throws {
        version = d.version
        current = d.current
        dataBlockTypesSupported = DataBlockTypes(rawValue: try r.uint16(at: 4))
        trackResourcesInformation = try r.bit(at: 6, 2)
        addressReservation = try r.bit(at: 6, 1)
        bufferUnderrunFree = try r.bit(at: 6, 0)
        linkSizesBlocks = try r.slice(at: 8, length: Int(try r.uint8(at: 7)))
    }
}
