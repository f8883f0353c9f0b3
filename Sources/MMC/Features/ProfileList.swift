import SCSI

/// One entry of the Profile List feature: a profile the drive supports and whether it is the current one.
public struct ProfileDescriptor: Sendable, Hashable {
    public var profile: Profile
    /// CurrentP bit: this profile matches the loaded medium.
    public var isCurrent: Bool

    public init(profile: Profile, isCurrent: Bool) {
        self.profile = profile
        self.isCurrent = isCurrent
    }
}

/// Profile List feature, 0000h (MMC-6 §5.3.1): every profile the drive supports, 4 bytes each (profile number in
/// bytes 0-1, CurrentP in byte 2 bit 0). Strict: data that is not a whole number of entries throws.
public struct ProfileList: FeatureDecodable, Hashable {
    public static let code = FeatureCode.profileList
    public var version: UInt8
    public var current: Bool
    public var profiles: [ProfileDescriptor]

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        _ = try descriptor.layoutReader(expecting: Self.code, name: "Profile List", minimumDataBytes: 0)
        guard descriptor.data.count % 4 == 0 else {
            throw MMCParseError(GetConfiguration.name,
                                "Profile List has \(descriptor.data.count) data bytes, not a multiple of 4")
        }
        version = descriptor.version
        current = descriptor.current
        profiles = Self.entries(in: descriptor.data)
    }

    /// Whole 4-byte entries of `data`; a trailing partial entry is ignored.
    static func entries(in data: [UInt8]) -> [ProfileDescriptor] {
        stride(from: 0, through: data.count - 4, by: 4).map { at in
            ProfileDescriptor(profile: Profile(rawValue: UInt16(data[at]) << 8 | UInt16(data[at + 1])),
                              isCurrent: data[at + 2] & 0x01 != 0)
        }
    }
}
