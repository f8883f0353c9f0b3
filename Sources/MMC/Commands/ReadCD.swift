import SCSI

/// READ CD, opcode BEh, returning the user data of each sector only (MMC-6 §6.20).
///
/// CDB (12 bytes): byte 1 bits 4-2 = expected sector type (DAP bit 1 clear); bytes 2-5 = starting LBA; bytes 6-8 =
/// transfer length in blocks (24 bits); byte 9 = main channel selection: SYNC (bit 7), header codes (6-5), user
/// data (bit 4), EDC/ECC (3), C2 error codes (2-1) — here only user data (10h); byte 10 bits 2-0 = sub-channel
/// selection (none). A sector of another type than expected ends the command with an error.
///
/// The response is the bytes that arrived, at most `expectedBytes` (see `Read10` for short answers).
public struct ReadCD: MMCCommand, Hashable {
    public static let name = "READ CD"

    /// EXPECTED SECTOR TYPE (3 bits). An open set.
    public struct ExpectedSectorType: RawRepresentable, Sendable, Hashable {
        public let rawValue: UInt8
        /// - Precondition: fits 3 bits (programmer error).
        public init(rawValue: UInt8) {
            precondition(rawValue <= 0b111, "expected sector type is a 3-bit field")
            self.rawValue = rawValue
        }
        /// 000b: any type (user data size then depends on each sector; not usable with `ReadCD` sizing).
        public static let any = ExpectedSectorType(rawValue: 0)
        /// 001b: CD-DA, 2352 bytes of audio.
        public static let cdda = ExpectedSectorType(rawValue: 1)
        /// 010b: mode 1, 2048 user bytes.
        public static let mode1 = ExpectedSectorType(rawValue: 2)
        /// 011b: mode 2 formless, 2336 user bytes.
        public static let mode2Formless = ExpectedSectorType(rawValue: 3)
        /// 100b: mode 2 form 1, 2048 user bytes.
        public static let mode2Form1 = ExpectedSectorType(rawValue: 4)
        /// 101b: mode 2 form 2, 2324 user bytes.
        public static let mode2Form2 = ExpectedSectorType(rawValue: 5)

        /// User data bytes per sector of this type, nil when not fixed.
        public var userDataBytes: Int? {
            switch self {
            case .cdda: return 2352
            case .mode1, .mode2Form1: return 2048
            case .mode2Formless: return 2336
            case .mode2Form2: return 2324
            default: return nil
            }
        }
    }

    public let lba: UInt32
    /// Number of sectors, 1...FFFFFFh.
    public let blocks: UInt32
    public let expectedSectorType: ExpectedSectorType
    /// MAIN CHANNEL SELECTION F8h instead of 10h: the whole 2352-byte sector (sync, header, sub-header, user
    /// data, EDC/ECC; an audio sector is its 2352 bytes either way). MMC-6 §6.20.2, Table 455.
    public let wholeSectors: Bool

    /// - Precondition: `blocks` in 1...FFFFFFh; `expectedSectorType` has a fixed user data size (programmer
    ///   errors).
    public init(lba: UInt32, blocks: UInt32, expectedSectorType: ExpectedSectorType = .mode1) {
        precondition(blocks > 0 && blocks <= 0xFF_FFFF, "READ CD transfer length is 1...FFFFFFh blocks")
        precondition(expectedSectorType.userDataBytes != nil, "expected sector type must have a fixed size")
        self.lba = lba
        self.blocks = blocks
        self.expectedSectorType = expectedSectorType
        wholeSectors = false
    }

    /// READ CD of whole 2352-byte sectors of any type (or of `expectedSectorType`).
    /// - Precondition: `blocks` in 1...FFFFFFh (programmer error).
    public init(wholeSectorsAt lba: UInt32, blocks: UInt32, expectedSectorType: ExpectedSectorType = .any) {
        precondition(blocks > 0 && blocks <= 0xFF_FFFF, "READ CD transfer length is 1...FFFFFFh blocks")
        self.lba = lba
        self.blocks = blocks
        self.expectedSectorType = expectedSectorType
        wholeSectors = true
    }

    /// Bytes of a whole CD sector.
    public static let wholeSectorBytes = 2352

    /// Bytes a complete answer carries: `blocks ×` the type's user data size.
    public var expectedBytes: Int {
        Int(blocks) * (wholeSectors ? Self.wholeSectorBytes : (expectedSectorType.userDataBytes ?? 0))
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 12)
        w.set(0, 0xBE)
        w.set(1, (expectedSectorType.rawValue & 0x07) << 2)   // expected sector type, DAP = 0
        w.setUInt32(2, lba)                                 // starting LBA
        w.setUInt24(6, blocks)                              // transfer length (blocks)
        w.set(9, wholeSectors ? 0xF8 : 0x10)                // main channel: whole sector, or user data only
        w.set(10, 0x00)                                     // sub-channel: none
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: expectedBytes) }

    public var timeout: Duration { .seconds(60) }

    /// The bytes received, cut to `expectedBytes`; may be shorter.
    public func parse(_ data: [UInt8]) throws(MMCParseError) -> [UInt8] {
        data.count > expectedBytes ? Array(data.prefix(expectedBytes)) : data
    }
}
