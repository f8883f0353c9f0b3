import SCSI

/// Version bitmaps of a BD media type, one per class (MMC-6 §5.3): element n is class n; bit v of
/// it set = version v of that class is supported.
public struct BDClassVersions: Sendable, Hashable {
    /// Four 16-bit bitmaps, classes 0 to 3.
    public var classBitmaps: [UInt16]

    public init(classBitmaps: [UInt16]) { self.classBitmaps = classBitmaps }

    /// True when version `version` of class `classNumber` is supported; false for numbers out of range.
    public func supports(classNumber: Int, version: Int) -> Bool {
        guard classBitmaps.indices.contains(classNumber), (0..<16).contains(version) else { return false }
        return classBitmaps[classNumber] & (1 << UInt16(version)) != 0
    }

    /// Any version of any class.
    public var supportsAny: Bool { classBitmaps.contains { $0 != 0 } }

    /// Four big-endian bitmaps from byte `at`.
    static func read(_ r: ByteReader, at: Int) throws -> BDClassVersions {
        BDClassVersions(classBitmaps: try (0..<4).map { try r.uint16(at: at + 2 * $0) })
    }
}

/// BD Read feature, 0040h (MMC-6 §5.3). Byte 4 bit 0 BCA (can read the burst cutting area); bytes 8-15
/// BD-RE class 0-3 version bitmaps, 16-23 BD-R, 24-31 BD-ROM. Bytes 4-31 are mandatory.
public struct BDRead: FeatureDecodable, Hashable {
    public static let code = FeatureCode.bdRead
    public var version: UInt8
    public var current: Bool
    public var readsBCA: Bool
    public var bdRE: BDClassVersions
    public var bdR: BDClassVersions
    public var bdROM: BDClassVersions

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "BD Read", minimumDataBytes: 28)
        self = try descriptor.decode("BD Read") { try Self(descriptor, r) }
    }

    private init(_ d: FeatureDescriptor, _ r: ByteReader) throws {
        version = d.version
        current = d.current
        readsBCA = try r.bit(at: 4, 0)
        bdRE = try BDClassVersions.read(r, at: 8)
        bdR = try BDClassVersions.read(r, at: 16)
        bdROM = try BDClassVersions.read(r, at: 24)
    }
}

/// BD Write feature, 0041h (MMC-6 §5.3). Byte 4 bit 0 SVNR (verify-not-required writes supported); bytes 8-15
/// BD-RE class 0-3 version bitmaps, 16-23 BD-R. Bytes 4-23 are mandatory.
public struct BDWrite: FeatureDecodable, Hashable {
    public static let code = FeatureCode.bdWrite
    public var version: UInt8
    public var current: Bool
    public var supportsVerifyNotRequired: Bool
    public var bdRE: BDClassVersions
    public var bdR: BDClassVersions

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "BD Write", minimumDataBytes: 20)
        self = try descriptor.decode("BD Write") { try Self(descriptor, r) }
    }

    private init(_ d: FeatureDescriptor, _ r: ByteReader) throws {
        version = d.version
        current = d.current
        supportsVerifyNotRequired = try r.bit(at: 4, 0)
        bdRE = try BDClassVersions.read(r, at: 8)
        bdR = try BDClassVersions.read(r, at: 16)
    }
}
