import SCSI

/// One feature descriptor of a GET CONFIGURATION answer (MMC-6 §5.2, generic feature descriptor): a 4-byte
/// header (feature code, version/persistent/current, additional length) and `data`, the bytes after the header.
///
/// Typed readings of `data` are the `FeatureDecodable` types in MMC/Features (`configuration.feature(Core.self)`).
public struct FeatureDescriptor: Sendable, Hashable {
    /// Bytes 0-1.
    public var code: FeatureCode
    /// Byte 2 bits 5-2.
    public var version: UInt8
    /// Byte 2 bit 1: the feature is always current.
    public var persistent: Bool
    /// Byte 2 bit 0: the feature is current (usable with the loaded medium).
    public var current: Bool
    /// Bytes 4 ..< 4 + additional length (byte 3).
    public var data: [UInt8]

    public init(code: FeatureCode, version: UInt8 = 0, persistent: Bool = false, current: Bool,
                data: [UInt8] = []) {
        self.code = code
        self.version = version
        self.persistent = persistent
        self.current = current
        self.data = data
    }

    /// The descriptor as a drive lays it out (header + data). Building one with a version over 15 or more than
    /// 255 data bytes is a programmer error and traps.
    public var bytes: [UInt8] {
        precondition(version <= 0x0F, "feature version is 4 bits")
        precondition(data.count <= 0xFF, "feature additional length is 1 byte")
        return headerBytes + data
    }

    /// Header bytes without range checks (fields truncated to their width); used to read `data` with the spec's
    /// byte numbering.
    var headerBytes: [UInt8] {
        [UInt8(truncatingIfNeeded: code.rawValue >> 8), UInt8(truncatingIfNeeded: code.rawValue),
         (version & 0x0F) << 2 | (persistent ? 0x02 : 0) | (current ? 0x01 : 0),
         UInt8(truncatingIfNeeded: data.count)]
    }
}

/// GET CONFIGURATION response (MMC-6 §6.6): the feature header and the feature descriptors received.
public struct Configuration: Sendable, Hashable {
    /// Header bytes 0-3 as announced: bytes that follow the length field (not clamped).
    public var dataLength: UInt32
    /// Header bytes 6-7: the profile of the loaded medium; `.none` (0000h) with no medium.
    public var currentProfile: Profile
    /// The descriptors, in the order the drive sent them.
    public var features: [FeatureDescriptor]

    public init(dataLength: UInt32, currentProfile: Profile, features: [FeatureDescriptor]) {
        self.dataLength = dataLength
        self.currentProfile = currentProfile
        self.features = features
    }

    /// The first descriptor with `code`, if the drive sent one.
    public func descriptor(for code: FeatureCode) -> FeatureDescriptor? {
        features.first { $0.code == code }
    }

    /// True when the drive listed `code` (and, with `currentOnly`, marked it current).
    public func has(_ code: FeatureCode, currentOnly: Bool = false) -> Bool {
        guard let d = descriptor(for: code) else { return false }
        return !currentOnly || d.current
    }

    /// The Profile List feature's entries (MMC-6 §5.3.1), in the drive's order (usually highest first).
    /// Lenient: only whole 4-byte entries are read; an empty list when the feature is absent. Use
    /// `feature(ProfileList.self)` for a strict reading.
    public var profiles: [ProfileDescriptor] {
        guard let data = descriptor(for: .profileList)?.data else { return [] }
        return ProfileList.entries(in: data)
    }
}

/// GET CONFIGURATION (MMC-6 §6.6): opcode 46h; RT in byte 1 bits 1-0, starting feature number in bytes 2-3,
/// allocation length in bytes 7-8.
///
/// Parsing: the 8-byte feature header must arrive. The data is clamped to min(data length + 4, received), then
/// read strictly: a descriptor whose header or additional length runs past the clamped end throws
/// `MMCParseError` (nothing is dropped silently). To read a configuration larger than the allocation length, ask
/// for the header first and again with `dataLength + 4`.
public struct GetConfiguration: MMCCommand {
    public typealias Response = Configuration
    public static let name = "GET CONFIGURATION"

    /// The RT field (MMC-6 §6.6).
    public enum RequestType: UInt8, Sendable, Hashable {
        /// 00b: every feature the drive supports, current or not, from the starting feature on.
        case all = 0
        /// 01b: only current features, from the starting feature on.
        case current = 1
        /// 10b: only the starting feature (the header alone when it is not supported).
        case one = 2
    }

    public var requestType: RequestType
    public var startingFeature: FeatureCode
    public var allocationLength: UInt16

    /// `allocationLength` must cover the 8-byte feature header.
    public init(requestType: RequestType = .all, startingFeature: FeatureCode = .profileList,
                allocationLength: UInt16 = 65530) {
        precondition(allocationLength >= 8, "GET CONFIGURATION allocation length must cover the 8-byte header")
        self.requestType = requestType
        self.startingFeature = startingFeature
        self.allocationLength = allocationLength
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 10)
        w.set(0, 0x46)
        w.set(1, requestType.rawValue)
        w.setUInt16(2, startingFeature.rawValue)
        w.setUInt16(7, allocationLength)
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    public func parse(_ data: [UInt8]) throws(MMCParseError) -> Configuration {
        try MMCParseError.wrap(Self.name) {
            let whole = ByteReader(data)
            guard whole.count >= 8 else {
                throw MMCParseError(Self.name, "\(whole.count) byte(s), the feature header needs 8")
            }
            let dataLength = try whole.uint32(at: 0)
            guard dataLength >= 4 else {
                throw MMCParseError(Self.name, "data length \(dataLength) does not cover the feature header")
            }
            let r = whole.clamped(at: 0, length: Int(dataLength) + 4)
            return Configuration(dataLength: dataLength, currentProfile: Profile(rawValue: try r.uint16(at: 6)),
                                 features: try Self.descriptors(r))
        }
    }

    /// Feature descriptors from byte 8 to the end of `r` (already clamped).
    private static func descriptors(_ r: ByteReader) throws -> [FeatureDescriptor] {
        var features: [FeatureDescriptor] = []
        var at = 8
        while at < r.count {
            guard r.count - at >= 4 else {
                throw MMCParseError(name, "feature descriptor header at byte \(at) cut off after "
                                    + "\(r.count - at) byte(s)")
            }
            let code = FeatureCode(rawValue: try r.uint16(at: at))
            let flags = try r.uint8(at: at + 2)
            let additional = Int(try r.uint8(at: at + 3))
            guard additional <= r.count - at - 4 else {
                throw MMCParseError(name, "\(code) at byte \(at): additional length \(additional) runs past the "
                                    + "\(r.count) byte(s) of data")
            }
            features.append(FeatureDescriptor(code: code, version: (flags >> 2) & 0x0F, persistent: flags & 0x02 != 0,
                                              current: flags & 0x01 != 0,
                                              data: try r.slice(at: at + 4, length: additional)))
            at += 4 + additional
        }
        return features
    }
}
