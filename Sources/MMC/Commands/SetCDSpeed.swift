import SCSI

/// SET CD SPEED, opcode BBh: request read and write speeds in kB/s (1 kB = 1000 bytes) (MMC-6 §6.37).
///
/// CDB (12 bytes): byte 1 bits 1-0 = rotational control; bytes 2-3 = drive read speed; bytes 4-5 = drive write
/// speed. FFFFh means "as fast as possible". The drive rounds down to a speed it supports; 1× CD = 176.4 kB/s,
/// so the established burners add a few kB/s to land on the intended step. For DVD and BD, SET STREAMING is the
/// command the spec intends (many drives accept this one too).
public struct SetCDSpeed: MMCCommand, Hashable {
    public typealias Response = Void
    public static let name = "SET CD SPEED"

    /// The 2-bit rotational control field. An open set.
    public struct RotationControl: RawRepresentable, Sendable, Hashable {
        public let rawValue: UInt8
        /// - Precondition: fits 2 bits (programmer error).
        public init(rawValue: UInt8) {
            precondition(rawValue <= 0b11, "rotational control is a 2-bit field")
            self.rawValue = rawValue
        }
        /// 00b: constant linear velocity (the default).
        public static let constantLinearVelocity = RotationControl(rawValue: 0)
        /// 01b: pure constant angular velocity.
        public static let constantAngularVelocity = RotationControl(rawValue: 1)
    }

    /// Use this for "maximum speed".
    public static let maximumKilobytesPerSecond: UInt16 = 0xFFFF

    public let readKilobytesPerSecond: UInt16
    public let writeKilobytesPerSecond: UInt16
    public let rotationControl: RotationControl

    public init(readKilobytesPerSecond: UInt16 = SetCDSpeed.maximumKilobytesPerSecond,
                writeKilobytesPerSecond: UInt16 = SetCDSpeed.maximumKilobytesPerSecond,
                rotationControl: RotationControl = .constantLinearVelocity) {
        self.readKilobytesPerSecond = readKilobytesPerSecond
        self.writeKilobytesPerSecond = writeKilobytesPerSecond
        self.rotationControl = rotationControl
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 12)
        w.set(0, 0xBB)
        w.set(1, rotationControl.rawValue & 0x03)   // rotational control
        w.setUInt16(2, readKilobytesPerSecond)      // drive read speed (kB/s)
        w.setUInt16(4, writeKilobytesPerSecond)     // drive write speed (kB/s)
        return w.cdb
    }
}
