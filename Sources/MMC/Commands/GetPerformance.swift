import SCSI

/// Rotation control of a write speed (WRC in GET PERFORMANCE type 03h, MMC-6 §6.8; rotation control in the
/// legacy capabilities page, MMC-3 §5.5.10). An open set of 2-bit codes.
public struct RotationControl: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// 00b: CLV (or the medium's default, for WRC).
    public static let constantLinearVelocity = RotationControl(rawValue: 0)
    /// 01b: CAV.
    public static let constantAngularVelocity = RotationControl(rawValue: 1)
}

/// GET PERFORMANCE, opcode ACh. MMC-6 §6.8.
///
/// CDB (12 bytes): byte 1 bits 4-0 = Data Type (type 00h: Tolerance 4-3, Write 2, Except 1-0); bytes 2-5 =
/// Starting LBA; bytes 8-9 = Maximum Number of Descriptors; byte 10 = Type; byte 11 = control.
/// Response: 8-byte header (bytes 0-3 = performance data length, the bytes that follow the field; byte 4 bit 1 =
/// Write, bit 0 = Except) then 16-byte descriptors. A trailing partial descriptor is ignored.
public enum GetPerformance {
    public static let name = "GET PERFORMANCE"

    /// Type 03h: the write speeds the drive offers for the loaded medium.
    public static func writeSpeeds(maximumDescriptors: UInt16 = 32) -> WriteSpeeds {
        WriteSpeeds(maximumDescriptors: maximumDescriptors)
    }

    /// Type 00h with Except = 00b: nominal read (or write) performance, tolerance 10b (10 %).
    public static func performance(write: Bool, maximumDescriptors: UInt16 = 8, startingLBA: UInt32 = 0)
        -> Performance {
        Performance(write: write, maximumDescriptors: maximumDescriptors, startingLBA: startingLBA)
    }

    /// GET PERFORMANCE type 03h (Write Speed descriptors). MMC-6 §6.8.
    public struct WriteSpeeds: MMCCommand {
        public static let name = "GET PERFORMANCE (write speed)"
        public let maximumDescriptors: UInt16

        public init(maximumDescriptors: UInt16 = 32) { self.maximumDescriptors = maximumDescriptors }

        public var cdb: CDB {
            getPerformanceCDB(dataType: 0, startingLBA: 0, maximumDescriptors: maximumDescriptors, type: 0x03)
        }
        public var transfer: DataTransfer { .fromDevice(allocationLength: 8 + 16 * Int(maximumDescriptors)) }

        /// Write Speed descriptor: byte 0 = WRC (4-3), RDD (2), Exact (1), MRW (0); bytes 4-7 End LBA;
        /// 8-11 Read Speed (kB/s); 12-15 Write Speed (kB/s).
        public func parse(_ data: [UInt8]) throws(MMCParseError) -> [WriteSpeedDescriptor] {
            try MMCParseError.wrap(Self.name) {
                try performanceDescriptors(data, command: Self.name).map { r in
                    WriteSpeedDescriptor(
                        writeRotationControl: RotationControl(rawValue: try r.bits(at: 0, lowBit: 3, width: 2)),
                        restoreDefaults: try r.bit(at: 0, 2), exact: try r.bit(at: 0, 1), mrw: try r.bit(at: 0, 0),
                        endLBA: try r.uint32(at: 4), readSpeedKilobytesPerSecond: try r.uint32(at: 8),
                        writeSpeedKilobytesPerSecond: try r.uint32(at: 12))
                }
            }
        }
    }

    /// GET PERFORMANCE type 00h (performance), Except = 00b (nominal). MMC-6 §6.8.
    public struct Performance: MMCCommand {
        public static let name = "GET PERFORMANCE (performance)"
        public let write: Bool
        public let maximumDescriptors: UInt16
        public let startingLBA: UInt32

        public init(write: Bool, maximumDescriptors: UInt16 = 8, startingLBA: UInt32 = 0) {
            self.write = write
            self.maximumDescriptors = maximumDescriptors
            self.startingLBA = startingLBA
        }

        /// Data Type = Tolerance 10b (bits 4-3) | Write (bit 2) | Except 00b.
        public var cdb: CDB {
            getPerformanceCDB(dataType: 0x10 | (write ? 0x04 : 0), startingLBA: startingLBA,
                              maximumDescriptors: maximumDescriptors, type: 0x00)
        }
        public var transfer: DataTransfer { .fromDevice(allocationLength: 8 + 16 * Int(maximumDescriptors)) }

        /// Nominal performance descriptor: Start LBA, Start Performance, End LBA, End Performance (kB/s).
        /// A header with Except set (an exception list we did not ask for) throws.
        public func parse(_ data: [UInt8]) throws(MMCParseError) -> [PerformanceDescriptor] {
            try MMCParseError.wrap(Self.name) {
                let except = data.count >= 8 ? try ByteReader(data).bit(at: 4, 0) : false
                guard !except else {
                    throw MMCParseError(Self.name, "exception list (Except set) where nominal performance was asked")
                }
                return try performanceDescriptors(data, command: Self.name).map { r in
                    PerformanceDescriptor(
                        startLBA: try r.uint32(at: 0), startPerformanceKilobytesPerSecond: try r.uint32(at: 4),
                        endLBA: try r.uint32(at: 8), endPerformanceKilobytesPerSecond: try r.uint32(at: 12))
                }
            }
        }
    }
}

/// A write speed the drive offers (GET PERFORMANCE type 03h). MMC-6 §6.8.
public struct WriteSpeedDescriptor: Sendable, Hashable {
    /// WRC (byte 0 bits 4-3).
    public let writeRotationControl: RotationControl
    /// RDD (byte 0 bit 2): the drive returns to its defaults on a reset / media change.
    public let restoreDefaults: Bool
    /// Exact (byte 0 bit 1): the speed holds for the whole medium.
    public let exact: Bool
    /// MRW (byte 0 bit 0): suitable for mixed read/write.
    public let mrw: Bool
    public let endLBA: UInt32
    public let readSpeedKilobytesPerSecond: UInt32
    public let writeSpeedKilobytesPerSecond: UInt32

    public init(writeRotationControl: RotationControl, restoreDefaults: Bool, exact: Bool, mrw: Bool, endLBA: UInt32,
                readSpeedKilobytesPerSecond: UInt32, writeSpeedKilobytesPerSecond: UInt32) {
        self.writeRotationControl = writeRotationControl
        self.restoreDefaults = restoreDefaults
        self.exact = exact
        self.mrw = mrw
        self.endLBA = endLBA
        self.readSpeedKilobytesPerSecond = readSpeedKilobytesPerSecond
        self.writeSpeedKilobytesPerSecond = writeSpeedKilobytesPerSecond
    }
}

/// A nominal performance range (GET PERFORMANCE type 00h, Except 00b). MMC-6 §6.8.
public struct PerformanceDescriptor: Sendable, Hashable {
    public let startLBA: UInt32
    public let startPerformanceKilobytesPerSecond: UInt32
    public let endLBA: UInt32
    public let endPerformanceKilobytesPerSecond: UInt32

    public init(startLBA: UInt32, startPerformanceKilobytesPerSecond: UInt32, endLBA: UInt32,
                endPerformanceKilobytesPerSecond: UInt32) {
        self.startLBA = startLBA
        self.startPerformanceKilobytesPerSecond = startPerformanceKilobytesPerSecond
        self.endLBA = endLBA
        self.endPerformanceKilobytesPerSecond = endPerformanceKilobytesPerSecond
    }
}

private func getPerformanceCDB(dataType: UInt8, startingLBA: UInt32, maximumDescriptors: UInt16, type: UInt8) -> CDB {
    precondition(dataType <= 0x1F, "data type is 5 bits")
    var w = ByteWriter(CDB(opcode: 0xAC, length: 12).bytes)
    w.set(1, dataType)
    w.setUInt32(2, startingLBA)
    w.setUInt16(8, maximumDescriptors)
    w.set(10, type)
    return w.cdb
}

/// Validates the 8-byte header and returns one reader per complete 16-byte descriptor within
/// min(performance data length + 4, received). A header that is not whole, or a length below 4, throws.
private func performanceDescriptors(_ data: [UInt8], command: String) throws -> [ByteReader] {
    let r = ByteReader(data)
    guard data.count >= 8 else { throw MMCParseError(command, "header needs 8 bytes, got \(data.count)") }
    let dataLength = try r.uint32(at: 0)
    guard dataLength >= 4 else { throw MMCParseError(command, "performance data length \(dataLength) < 4") }
    let end = min(Int(dataLength) + 4, data.count)
    return stride(from: 8, through: end - 16, by: 16).map { r.clamped(at: $0, length: 16) }
}
