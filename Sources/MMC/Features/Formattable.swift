import SCSI

/// Formattable feature, 0023h (MMC-6 §5.3). Byte 4: bit 7 FRF (DVD-RW full format/restricted overwrite
/// format), bit 3 RENoSA (BD-RE format without spares), bit 2 Expand (BD-RE spare area expansion), bit 1 QCert
/// (quick certification), bit 0 Cert (full certification); byte 8 bit 0 RRM (BD-R random recording mode).
/// Version 0 descriptors carry no data: every flag then reads false, so nothing here is mandatory.
public struct Formattable: FeatureDecodable, Hashable {
    public static let code = FeatureCode.formattable
    public var version: UInt8
    public var current: Bool
    public var fullRestrictedOverwriteFormat: Bool
    public var bdREFormatWithoutSpares: Bool
    public var spareAreaExpansion: Bool
    public var quickCertification: Bool
    public var fullCertification: Bool
    public var bdRRandomRecordingMode: Bool

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "Formattable", minimumDataBytes: 0)
        version = descriptor.version
        current = descriptor.current
        fullRestrictedOverwriteFormat = r.featureFlag(at: 4, 7)
        bdREFormatWithoutSpares = r.featureFlag(at: 4, 3)
        spareAreaExpansion = r.featureFlag(at: 4, 2)
        quickCertification = r.featureFlag(at: 4, 1)
        fullCertification = r.featureFlag(at: 4, 0)
        bdRRandomRecordingMode = r.featureFlag(at: 8, 0)
    }
}

/// Hardware Defect Management feature, 0024h (MMC-6 §5.3): the drive provides defect-free space. Byte 4 bit 7
/// SSA (Secondary Spare Area supported, version 1+; false when absent).
public struct HardwareDefectManagement: FeatureDecodable, Hashable {
    public static let code = FeatureCode.hardwareDefectManagement
    public var version: UInt8
    public var current: Bool
    public var secondarySpareArea: Bool

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "Hardware Defect Management",
                                            minimumDataBytes: 0)
        version = descriptor.version
        current = descriptor.current
        secondarySpareArea = r.featureFlag(at: 4, 7)
    }
}

/// Restricted Overwrite feature, 0026h (MMC-6 §5.3): writes must start at blocking boundaries (DVD-RW
/// restricted overwrite). No data.
public struct RestrictedOverwrite: FeatureDecodable, Hashable {
    public static let code = FeatureCode.restrictedOverwrite
    public var version: UInt8
    public var current: Bool

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        _ = try descriptor.layoutReader(expecting: Self.code, name: "Restricted Overwrite", minimumDataBytes: 0)
        version = descriptor.version
        current = descriptor.current
    }
}
