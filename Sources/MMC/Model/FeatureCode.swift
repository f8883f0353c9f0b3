/// GET CONFIGURATION feature code (MMC-6 §5.3, Table 89). An open set.
public struct FeatureCode: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let profileList = FeatureCode(rawValue: 0x0000)
    public static let core = FeatureCode(rawValue: 0x0001)
    public static let morphing = FeatureCode(rawValue: 0x0002)
    public static let removableMedium = FeatureCode(rawValue: 0x0003)
    public static let writeProtect = FeatureCode(rawValue: 0x0004)
    public static let randomReadable = FeatureCode(rawValue: 0x0010)
    public static let multiRead = FeatureCode(rawValue: 0x001D)
    public static let cdRead = FeatureCode(rawValue: 0x001E)
    public static let dvdRead = FeatureCode(rawValue: 0x001F)
    public static let randomWritable = FeatureCode(rawValue: 0x0020)
    public static let incrementalStreamingWritable = FeatureCode(rawValue: 0x0021)
    public static let formattable = FeatureCode(rawValue: 0x0023)
    public static let hardwareDefectManagement = FeatureCode(rawValue: 0x0024)
    public static let writeOnce = FeatureCode(rawValue: 0x0025)
    public static let restrictedOverwrite = FeatureCode(rawValue: 0x0026)
    public static let cdRWCAVWrite = FeatureCode(rawValue: 0x0027)
    public static let mrw = FeatureCode(rawValue: 0x0028)
    public static let enhancedDefectReporting = FeatureCode(rawValue: 0x0029)
    public static let dvdPlusRW = FeatureCode(rawValue: 0x002A)
    public static let dvdPlusR = FeatureCode(rawValue: 0x002B)
    public static let rigidRestrictedOverwrite = FeatureCode(rawValue: 0x002C)
    public static let cdTrackAtOnce = FeatureCode(rawValue: 0x002D)
    public static let cdMastering = FeatureCode(rawValue: 0x002E)
    public static let dvdRWrite = FeatureCode(rawValue: 0x002F)
    public static let layerJumpRecording = FeatureCode(rawValue: 0x0033)
    public static let cdRWMediaWriteSupport = FeatureCode(rawValue: 0x0037)
    public static let bdRPseudoOverwrite = FeatureCode(rawValue: 0x0038)
    public static let dvdPlusRWDL = FeatureCode(rawValue: 0x003A)
    public static let dvdPlusRDL = FeatureCode(rawValue: 0x003B)
    public static let bdRead = FeatureCode(rawValue: 0x0040)
    public static let bdWrite = FeatureCode(rawValue: 0x0041)
    public static let powerManagement = FeatureCode(rawValue: 0x0100)
    public static let smart = FeatureCode(rawValue: 0x0101)
    public static let embeddedChanger = FeatureCode(rawValue: 0x0102)
    public static let microcodeUpgrade = FeatureCode(rawValue: 0x0104)
    public static let timeout = FeatureCode(rawValue: 0x0105)
    public static let dvdCSS = FeatureCode(rawValue: 0x0106)
    public static let realTimeStreaming = FeatureCode(rawValue: 0x0107)
    public static let driveSerialNumber = FeatureCode(rawValue: 0x0108)
    public static let firmwareInformation = FeatureCode(rawValue: 0x010C)

    public var description: String { "feature " + hex4(rawValue) }

    public static func < (a: FeatureCode, b: FeatureCode) -> Bool { a.rawValue < b.rawValue }
}

/// 4 upper-case hex digits with an h suffix, as the spec writes codes ("002Dh").
public func hex4(_ value: UInt16) -> String {
    let s = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s + "h"
}
