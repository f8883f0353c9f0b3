import SCSI

/// SET STREAMING, opcode B6h, with a performance descriptor (type 00h) (MMC-6 §6.39).
///
/// CDB (12 bytes): byte 8 = type (00h performance descriptor); bytes 9-10 = parameter list length (28).
/// The descriptor asks for a data rate over an LBA range as size / time: a size in kilobytes (1000 bytes) per a
/// time in milliseconds, so 1000 ms makes the size a kB/s figure. Drives round to a speed they support; the
/// established burners copy a write speed from GET PERFORMANCE type 03h. Settings may persist across media changes.
public struct SetStreaming: MMCCommand, Hashable {
    public typealias Response = Void
    public static let name = "SET STREAMING"

    /// The 28-byte performance descriptor.
    ///
    /// Byte 0: WRC (bits 4-3), RDD (bit 2), Exact (bit 1), RA (bit 0); bytes 1-3 reserved; then big-endian 32-bit
    /// fields: start LBA (4-7), end LBA (8-11), read size kB (12-15), read time ms (16-19), write size kB (20-23),
    /// write time ms (24-27).
    public struct PerformanceDescriptor: Sendable, Hashable {
        /// Write rotation control (WRC, 2 bits). An open set.
        public struct WriteRotationControl: RawRepresentable, Sendable, Hashable {
            public let rawValue: UInt8
            /// - Precondition: fits 2 bits (programmer error).
            public init(rawValue: UInt8) {
                precondition(rawValue <= 0b11, "WRC is a 2-bit field")
                self.rawValue = rawValue
            }
            /// 00b: the drive's default rotation control for the medium.
            public static let driveDefault = WriteRotationControl(rawValue: 0)
            /// 01b: constant angular velocity.
            public static let constantAngularVelocity = WriteRotationControl(rawValue: 1)
        }

        public var startLBA: UInt32
        public var endLBA: UInt32
        public var readSizeKilobytes: UInt32
        public var readTimeMilliseconds: UInt32
        public var writeSizeKilobytes: UInt32
        public var writeTimeMilliseconds: UInt32
        /// RDD: return to the drive's default performance; the other fields are then ignored.
        public var restoreDefaults: Bool
        /// Exact: the drive must honour the request exactly or fail it, rather than pick a nearby speed.
        public var exact: Bool
        /// RA: the access pattern is random rather than sequential.
        public var randomAccess: Bool
        public var writeRotationControl: WriteRotationControl

        public init(startLBA: UInt32 = 0, endLBA: UInt32, readSizeKilobytes: UInt32, readTimeMilliseconds: UInt32,
                    writeSizeKilobytes: UInt32, writeTimeMilliseconds: UInt32, restoreDefaults: Bool = false,
                    exact: Bool = false, randomAccess: Bool = false,
                    writeRotationControl: WriteRotationControl = .driveDefault) {
            self.startLBA = startLBA
            self.endLBA = endLBA
            self.readSizeKilobytes = readSizeKilobytes
            self.readTimeMilliseconds = readTimeMilliseconds
            self.writeSizeKilobytes = writeSizeKilobytes
            self.writeTimeMilliseconds = writeTimeMilliseconds
            self.restoreDefaults = restoreDefaults
            self.exact = exact
            self.randomAccess = randomAccess
            self.writeRotationControl = writeRotationControl
        }

        public static let byteCount = 28

        public var bytes: [UInt8] {
            var w = ByteWriter(count: Self.byteCount)
            w.set(0, (writeRotationControl.rawValue & 0x03) << 3)   // WRC
            w.setBits(0, mask: 0x04, restoreDefaults)               // RDD
            w.setBits(0, mask: 0x02, exact)                         // Exact
            w.setBits(0, mask: 0x01, randomAccess)                  // RA
            w.setUInt32(4, startLBA)
            w.setUInt32(8, endLBA)
            w.setUInt32(12, readSizeKilobytes)
            w.setUInt32(16, readTimeMilliseconds)
            w.setUInt32(20, writeSizeKilobytes)
            w.setUInt32(24, writeTimeMilliseconds)
            return w.bytes
        }
    }

    public let performance: PerformanceDescriptor

    public init(performance: PerformanceDescriptor) {
        self.performance = performance
    }

    /// Read and write at `kilobytesPerSecond` (1 kB = 1000 bytes) from LBA 0 to `endLBA` (usually the last LBA
    /// of the medium or of the planned write): sizes = the rate, times = 1000 ms.
    public static func speed(kilobytesPerSecond: UInt32, endLBA: UInt32) -> SetStreaming {
        SetStreaming(performance: PerformanceDescriptor(
            startLBA: 0, endLBA: endLBA,
            readSizeKilobytes: kilobytesPerSecond, readTimeMilliseconds: 1000,
            writeSizeKilobytes: kilobytesPerSecond, writeTimeMilliseconds: 1000))
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 12)
        w.set(0, 0xB6)
        w.set(8, 0x00)                                              // type: performance descriptor
        w.setUInt16(9, UInt16(PerformanceDescriptor.byteCount))     // parameter list length
        return w.cdb
    }

    public var transfer: DataTransfer { .toDevice(performance.bytes) }
}
