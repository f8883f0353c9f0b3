import SCSI

/// DVD-R/-RW Write feature, 002Fh (MMC-6 §5.3). Byte 4: bit 6 BUF (buffer underrun free), bit 3 RDL (DVD-R
/// DL writing), bit 2 Test Write, bit 1 DVD-RW SL (can write DVD-RW single layer). Byte 4 is mandatory.
public struct DVDRWrite: FeatureDecodable, Hashable {
    public static let code = FeatureCode.dvdRWrite
    public var version: UInt8
    public var current: Bool
    public var bufferUnderrunFree: Bool
    public var dvdRDualLayer: Bool
    public var testWrite: Bool
    public var dvdRWSingleLayer: Bool

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "DVD-R/-RW Write", minimumDataBytes: 1)
        self = try descriptor.decode("DVD-R/-RW Write") { try Self(descriptor, r) }
    }

    private init(_ d: FeatureDescriptor, _ r: ByteReader) throws {
        version = d.version
        current = d.current
        bufferUnderrunFree = try r.bit(at: 4, 6)
        dvdRDualLayer = try r.bit(at: 4, 3)
        testWrite = try r.bit(at: 4, 2)
        dvdRWSingleLayer = try r.bit(at: 4, 1)
    }
}

/// Layer Jump Recording feature, 0033h (MMC-6 §5.3): DVD-R DL layer jump recording. Byte 7 number of link
/// sizes, then one link size (blocks) per byte from byte 8. Bytes 4-7 are mandatory; a count that runs past the
/// data throws.
public struct LayerJumpRecording: FeatureDecodable, Hashable {
    public static let code = FeatureCode.layerJumpRecording
    public var version: UInt8
    public var current: Bool
    public var linkSizesBlocks: [UInt8]

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "Layer Jump Recording", minimumDataBytes: 4)
        self = try descriptor.decode("Layer Jump Recording") { try Self(descriptor, r) }
    }

    private init(_ d: FeatureDescriptor, _ r: ByteReader) throws {
        version = d.version
        current = d.current
        linkSizesBlocks = try r.slice(at: 8, length: Int(try r.uint8(at: 7)))
    }
}
