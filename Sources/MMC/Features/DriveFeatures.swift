import SCSI

/// Real Time Streaming feature, 0107h (MMC-6 §5.3). Byte 4: bit 5 SMP (SET STREAMING for multiple
/// performance descriptors), bit 4 RBCB (READ BUFFER CAPACITY block form), bit 3 SCS (SET CD SPEED), bit 2 MP2A
/// (mode page 2Ah write speed descriptors), bit 1 WSPD (GET PERFORMANCE type 03h write speeds), bit 0 SW
/// (stream writing). Early versions carry no data: flags then read false, so nothing here is mandatory.
public struct RealTimeStreaming: FeatureDecodable, Hashable {
    public static let code = FeatureCode.realTimeStreaming
    public var version: UInt8
    public var current: Bool
    public var setStreamingMultiplePerformance: Bool
    public var readBufferCapacityBlock: Bool
    public var setCDSpeed: Bool
    public var modePage2AWriteSpeeds: Bool
    public var writeSpeedPerformanceDescriptors: Bool
    public var streamWriting: Bool

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = try descriptor.layoutReader(expecting: Self.code, name: "Real Time Streaming", minimumDataBytes: 0)
        version = descriptor.version
        current = descriptor.current
        setStreamingMultiplePerformance = r.featureFlag(at: 4, 5)
        readBufferCapacityBlock = r.featureFlag(at: 4, 4)
        setCDSpeed = r.featureFlag(at: 4, 3)
        modePage2AWriteSpeeds = r.featureFlag(at: 4, 2)
        writeSpeedPerformanceDescriptors = r.featureFlag(at: 4, 1)
        streamWriting = r.featureFlag(at: 4, 0)
    }
}

/// Drive Serial Number feature, 0108h (MMC-6 §5.3): the drive's serial number as ASCII in all the data bytes,
/// trimmed of spaces and NULs (non-printable bytes become '.'). Empty data gives an empty serial.
public struct DriveSerialNumber: FeatureDecodable, Hashable {
    public static let code = FeatureCode.driveSerialNumber
    public var version: UInt8
    public var current: Bool
    public var serialNumber: String

    public init(descriptor: FeatureDescriptor) throws(MMCParseError) {
        let r = ByteReader(descriptor.data)
        _ = try descriptor.layoutReader(expecting: Self.code, name: "Drive Serial Number", minimumDataBytes: 0)
        version = descriptor.version
        current = descriptor.current
        serialNumber = r.count == 0 ? "" : ((try? r.ascii(at: 0, length: r.count)) ?? "")
    }
}
