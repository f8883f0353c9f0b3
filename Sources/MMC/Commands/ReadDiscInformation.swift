import SCSI

/// A CD address in minutes, seconds and frames (75 frames a second), as READ DISC INFORMATION, READ TOC and ATIP
/// report CD lead-in and lead-out addresses (MMC-6, LBA to MSF translation).
public struct MSF: Sendable, Hashable, CustomStringConvertible {
    public var minute: UInt8
    public var second: UInt8
    public var frame: UInt8

    /// A programmer-built address: seconds must be under 60 and frames under 75.
    public init(minute: UInt8, second: UInt8, frame: UInt8) {
        precondition(second < 60 && frame < 75, "MSF seconds are 0-59 and frames 0-74")
        self.minute = minute
        self.second = second
        self.frame = frame
    }

    /// The 4-byte form drives send (byte 0 reserved, then M, S, F), taken as it came: out-of-range seconds or
    /// frames are kept, never trapped on.
    public init(packed: UInt32) {
        minute = UInt8(truncatingIfNeeded: packed >> 16)
        second = UInt8(truncatingIfNeeded: packed >> 8)
        frame = UInt8(truncatingIfNeeded: packed)
    }

    /// The logical block address: (M×60+S)×75+F−150; addresses from 90:00:00 on are the lead-in, read as
    /// negative LBAs ((M×60+S)×75+F−450150), as MMC's translation table gives them.
    public var lba: Int {
        let frames = (Int(minute) * 60 + Int(second)) * 75 + Int(frame)
        return minute >= 90 ? frames - 450_150 : frames - 150
    }

    public var description: String {
        func two(_ v: UInt8) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(two(minute)):\(two(second)):\(two(frame))"
    }
}

/// State of the last session (READ DISC INFORMATION byte 2 bits 3-2).
public enum SessionState: UInt8, Sendable, Hashable {
    case empty = 0
    case incomplete = 1
    case reservedOrDamaged = 2
    case complete = 3

    init(bits: UInt8) {
        switch bits & 0x03 {
        case 0: self = .empty
        case 1: self = .incomplete
        case 2: self = .reservedOrDamaged
        default: self = .complete
        }
    }
}

/// Disc status (READ DISC INFORMATION byte 2 bits 1-0). A formatted DVD+RW answers `complete` and DVD-RAM
/// `other`: decide writability of overwritable media by profile, not by this.
public enum DiscStatus: UInt8, Sendable, Hashable {
    case empty = 0
    case appendable = 1
    case complete = 2
    /// Random-access media and others the status does not describe.
    case other = 3

    init(bits: UInt8) {
        switch bits & 0x03 {
        case 0: self = .empty
        case 1: self = .appendable
        case 2: self = .complete
        default: self = .other
        }
    }

    /// Name in DiscBurn's JSON output: "blank", "appendable", "complete" or "other".
    public var jsonName: String {
        switch self {
        case .empty: return "blank"
        case .appendable: return "appendable"
        case .complete: return "complete"
        case .other: return "other"
        }
    }
}

/// Background format status (READ DISC INFORMATION byte 7 bits 1-0), for CD-RW (MRW) and DVD+RW.
public enum BackgroundFormatStatus: UInt8, Sendable, Hashable {
    /// 00b: not background formatted (or not a medium that is).
    case notBackgroundFormatted = 0
    /// 01b: a background format was started, is not complete and is not running.
    case suspended = 1
    /// 10b: a background format is running.
    case inProgress = 2
    /// 11b: the background format has completed.
    case completed = 3

    init(bits: UInt8) {
        switch bits & 0x03 {
        case 0: self = .notBackgroundFormatted
        case 1: self = .suspended
        case 2: self = .inProgress
        default: self = .completed
        }
    }
}

/// One OPC table entry (READ DISC INFORMATION bytes 34 on, 8 bytes each): a recording speed and its power
/// calibration values.
public struct OPCTableEntry: Sendable, Hashable {
    public var speedKilobytesPerSecond: UInt16
    /// The 6 OPC value bytes, as the drive sent them.
    public var values: [UInt8]

    public init(speedKilobytesPerSecond: UInt16, values: [UInt8]) {
        self.speedKilobytesPerSecond = speedKilobytesPerSecond
        self.values = values
    }
}

/// Standard disc information, data type 000b (MMC-6 §6.22).
public struct DiscInformation: Sendable, Hashable {
    /// Bytes 0-1 as announced: bytes that follow the length field.
    public var discInformationLength: UInt16
    /// Byte 2 bit 4: the medium can be erased (CD-RW, DVD-RW, ...).
    public var erasable: Bool
    /// Byte 2 bits 3-2.
    public var lastSessionState: SessionState
    /// Byte 2 bits 1-0.
    public var discStatus: DiscStatus
    /// Byte 3: number of the first track on the disc.
    public var firstTrackNumber: UInt8
    /// Bytes 9 (MSB) and 4 (LSB).
    public var numberOfSessions: UInt16
    /// Bytes 10 (MSB) and 5 (LSB).
    public var firstTrackInLastSession: UInt16
    /// Bytes 11 (MSB) and 6 (LSB).
    public var lastTrackInLastSession: UInt16
    /// Byte 7 bit 7 (DID_V).
    public var discIdentificationValid: Bool
    /// Byte 7 bit 6 (DBC_V).
    public var discBarCodeValid: Bool
    /// Byte 7 bit 5 (URU): the disc is for unrestricted use.
    public var unrestrictedUse: Bool
    /// Byte 7 bit 4 (DAC_V).
    public var discApplicationCodeValid: Bool
    /// Byte 7 bit 2 (Dbit): the MRW/DVD+RW dirty bit.
    public var dirtyBit: Bool
    /// Byte 7 bits 1-0.
    public var backgroundFormatStatus: BackgroundFormatStatus
    /// Byte 8: CD disc type, 00h CD-DA or CD-ROM, 10h CD-I, 20h CD-ROM XA, FFh undefined; 0 for other media.
    public var discType: UInt8
    /// Bytes 12-15, when DID_V is set.
    public var discIdentification: UInt32?
    /// Bytes 16-19, raw. On CD an MSF address (`lastSessionLeadInStartMSF`), FFFFFFFFh when the disc is complete;
    /// on other media an LBA.
    public var lastSessionLeadInStart: UInt32
    /// Bytes 20-23, raw. On CD the MSF address of the last possible lead-out start (`lastPossibleLeadOutStartMSF`),
    /// FFFFFFFFh when the disc is complete; on DVD/BD the LBA past which nothing can be written.
    public var lastPossibleLeadOutStart: UInt32
    /// Bytes 24-31, when DBC_V is set.
    public var discBarCode: UInt64?
    /// Byte 32, when DAC_V is set.
    public var discApplicationCode: UInt8?
    /// Byte 33, as announced.
    public var numberOfOPCTables: UInt8
    /// The OPC table entries actually received (whole 8-byte entries within the clamped length, at most
    /// `numberOfOPCTables`).
    public var opcTables: [OPCTableEntry]

    /// Same as `discBarCodeValid` (the spec's DBC_V).
    public var dbcValid: Bool { discBarCodeValid }
    /// `lastSessionLeadInStart` read as a CD MSF address.
    public var lastSessionLeadInStartMSF: MSF { MSF(packed: lastSessionLeadInStart) }
    /// `lastPossibleLeadOutStart` read as a CD MSF address.
    public var lastPossibleLeadOutStartMSF: MSF { MSF(packed: lastPossibleLeadOutStart) }
}

/// READ DISC INFORMATION (MMC-6 §6.22): opcode 51h; data type in byte 1 bits 2-0 (000b, standard disc
/// information, the only one asked for here); allocation length in bytes 7-8.
///
/// Parsing: the answer is clamped to min(disc information length + 2, received) and must hold the 34 bytes of
/// standard disc information with data type 000b, else `MMCParseError`. OPC table entries are read only as far
/// as whole entries arrived.
public struct ReadDiscInformation: MMCCommand {
    public typealias Response = DiscInformation
    public static let name = "READ DISC INFORMATION"
    /// Length of standard disc information without OPC tables.
    public static let standardLength = 34

    public var allocationLength: UInt16

    /// `allocationLength` must cover the 34 bytes of standard disc information; add 8 per OPC table wanted.
    public init(allocationLength: UInt16 = 34) {
        precondition(Int(allocationLength) >= Self.standardLength,
                     "READ DISC INFORMATION allocation length must cover 34 bytes")
        self.allocationLength = allocationLength
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 10)
        w.set(0, 0x51)
        w.set(1, 0x00)  // data type 000b: standard disc information
        w.setUInt16(7, allocationLength)
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    public func parse(_ data: [UInt8]) throws(MMCParseError) -> DiscInformation {
        try MMCParseError.wrap(Self.name) {
            let whole = ByteReader(data)
            guard whole.count >= 2 else {
                throw MMCParseError(Self.name, "\(whole.count) byte(s), no disc information length")
            }
            let announced = try whole.uint16(at: 0)
            let r = whole.clamped(at: 0, length: Int(announced) + 2)
            guard r.count >= Self.standardLength else {
                throw MMCParseError(Self.name, "\(r.count) usable byte(s) (announced \(Int(announced) + 2), "
                                    + "received \(whole.count)); standard disc information needs 34")
            }
            let dataType = try r.bits(at: 2, lowBit: 5, width: 3)
            guard dataType == 0 else {
                throw MMCParseError(Self.name, "disc information data type \(dataType), asked for 0")
            }
            return try Self.decode(r, announced: announced)
        }
    }

    private static func decode(_ r: ByteReader, announced: UInt16) throws -> DiscInformation {
        let idValid = try r.bit(at: 7, 7)
        let barCodeValid = try r.bit(at: 7, 6)
        let applicationCodeValid = try r.bit(at: 7, 4)
        let tables = try r.uint8(at: 33)
        return DiscInformation(
            discInformationLength: announced,
            erasable: try r.bit(at: 2, 4),
            lastSessionState: SessionState(bits: try r.bits(at: 2, lowBit: 2, width: 2)),
            discStatus: DiscStatus(bits: try r.bits(at: 2, lowBit: 0, width: 2)),
            firstTrackNumber: try r.uint8(at: 3),
            numberOfSessions: UInt16(try r.uint8(at: 9)) << 8 | UInt16(try r.uint8(at: 4)),
            firstTrackInLastSession: UInt16(try r.uint8(at: 10)) << 8 | UInt16(try r.uint8(at: 5)),
            lastTrackInLastSession: UInt16(try r.uint8(at: 11)) << 8 | UInt16(try r.uint8(at: 6)),
            discIdentificationValid: idValid,
            discBarCodeValid: barCodeValid,
            unrestrictedUse: try r.bit(at: 7, 5),
            discApplicationCodeValid: applicationCodeValid,
            dirtyBit: try r.bit(at: 7, 2),
            backgroundFormatStatus: BackgroundFormatStatus(bits: try r.bits(at: 7, lowBit: 0, width: 2)),
            discType: try r.uint8(at: 8),
            discIdentification: idValid ? try r.uint32(at: 12) : nil,
            lastSessionLeadInStart: try r.uint32(at: 16),
            lastPossibleLeadOutStart: try r.uint32(at: 20),
            discBarCode: barCodeValid ? try r.uint64(at: 24) : nil,
            discApplicationCode: applicationCodeValid ? try r.uint8(at: 32) : nil,
            numberOfOPCTables: tables,
            opcTables: try opcEntries(r, announcedCount: Int(tables)))
    }

    private static func opcEntries(_ r: ByteReader, announcedCount: Int) throws -> [OPCTableEntry] {
        let received = (r.count - standardLength) / 8
        return try (0..<min(announcedCount, received)).map { i in
            let at = standardLength + 8 * i
            return OPCTableEntry(speedKilobytesPerSecond: try r.uint16(at: at),
                                 values: try r.slice(at: at + 2, length: 6))
        }
    }
}
