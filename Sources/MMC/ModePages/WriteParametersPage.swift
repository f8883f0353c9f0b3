import SCSI

/// Write Type field of the Write Parameters page (byte 2 bits 3-0). MMC-6 §7.5. An open set.
public struct WriteType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) {
        precondition(rawValue <= 0x0F, "write type is 4 bits")
        self.rawValue = rawValue
    }

    public static let packetIncremental = WriteType(rawValue: 0)
    public static let trackAtOnce = WriteType(rawValue: 1)
    public static let sessionAtOnce = WriteType(rawValue: 2)
    public static let raw = WriteType(rawValue: 3)
    public static let layerJump = WriteType(rawValue: 4)

    public var description: String {
        switch self {
        case .packetIncremental: return "packet/incremental"
        case .trackAtOnce: return "TAO"
        case .sessionAtOnce: return "SAO/DAO"
        case .raw: return "raw"
        case .layerJump: return "layer jump"
        default: return "write type \(rawValue)"
        }
    }
}

/// Multi-session field of the Write Parameters page (byte 3 bits 7-6). MMC-6 §7.5 (Multi-session field table).
public struct MultiSession: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) {
        precondition(rawValue <= 3, "multi-session is 2 bits")
        self.rawValue = rawValue
    }

    /// 00b: no B0 pointer; the disc is closed, no next session allowed.
    public static let noNextSession = MultiSession(rawValue: 0)
    /// 01b: B0 pointer = FF:FF:FF (CD); no next session allowed.
    public static let noNextSessionB0PointerFFFFFF = MultiSession(rawValue: 1)
    /// 10b: reserved.
    public static let reserved = MultiSession(rawValue: 2)
    /// 11b: next session allowed; B0 pointer = next possible program area.
    public static let allowNextSession = MultiSession(rawValue: 3)
}

/// Data Block Type of the Write Parameters page (byte 4 bits 3-0). MMC-6 §7.5 (Data Block Type codes). An open set.
public struct DataBlockType: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) {
        precondition(rawValue <= 0x0F, "data block type is 4 bits")
        self.rawValue = rawValue
    }

    /// 0: raw data, 2352 bytes.
    public static let raw2352 = DataBlockType(rawValue: 0)
    /// 1: raw data with P and Q sub-channel, 2368 bytes.
    public static let raw2368WithPQ = DataBlockType(rawValue: 1)
    /// 2: raw data with P-W sub-channel packed, 2448 bytes.
    public static let raw2448WithPWPacked = DataBlockType(rawValue: 2)
    /// 3: raw data with raw P-W sub-channel appended, 2448 bytes.
    public static let raw2448WithPWRaw = DataBlockType(rawValue: 3)
    /// 8: Mode 1 (ISO/IEC 10149), 2048 bytes.
    public static let mode1 = DataBlockType(rawValue: 8)
    /// 9: Mode 2 (ISO/IEC 10149), 2336 bytes.
    public static let mode2 = DataBlockType(rawValue: 9)
    /// 10: Mode 2 Form 1 (CD-ROM XA), 2048 bytes.
    public static let mode2Form1 = DataBlockType(rawValue: 10)
    /// 11: Mode 2 Form 1 with the 8-byte sub-header, 2056 bytes.
    public static let mode2Form1WithSubheader = DataBlockType(rawValue: 11)
    /// 12: Mode 2 Form 2, 2324 bytes.
    public static let mode2Form2 = DataBlockType(rawValue: 12)
    /// 13: Mode 2 Form 1/Form 2 mixed with sub-header, 2332 bytes.
    public static let mode2Mixed = DataBlockType(rawValue: 13)

    /// Bytes per block the host sends for this type; nil for reserved and vendor-specific codes.
    public var blockLengthBytes: Int? {
        switch rawValue {
        case 0: return 2352
        case 1: return 2368
        case 2, 3: return 2448
        case 8, 10: return 2048
        case 9: return 2336
        case 11: return 2056
        case 12: return 2324
        case 13: return 2332
        default: return nil
        }
    }
}

/// Write Parameters mode page, page code 05h. MMC-6 §7.5.
///
/// Layout (page length 32h, 52 bytes with the header): byte 2 = BUFE (bit 6), LS_V (bit 5), Test Write (bit 4),
/// Write Type (bits 3-0); byte 3 = Multi-session (7-6), FP (5), Copy (4), Track Mode (3-0); byte 4 = Data Block
/// Type (3-0); byte 5 = Link Size; byte 7 = Initiator Application Code (5-0); byte 8 = Session Format;
/// bytes 10-13 = Packet Size; 14-15 = Audio Pause Length; 16-31 = Media Catalog Number; 32-47 = ISRC;
/// 48-51 = Sub-header; bytes past 51 (some drives announce 36h) are vendor specific and kept as they came.
public struct WriteParametersPage: Sendable, Hashable {
    /// Session Format (byte 8). MMC-6 §7.5. An open set.
    public struct SessionFormat: RawRepresentable, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// 00h: CD-DA or CD-ROM.
        public static let cdDAOrCDROM = SessionFormat(rawValue: 0x00)
        /// 10h: CD-I.
        public static let cdI = SessionFormat(rawValue: 0x10)
        /// 20h: CD-ROM XA.
        public static let cdROMXA = SessionFormat(rawValue: 0x20)
    }

    /// The page length this encoder writes (MMC-6 §7.5): 50 bytes after the 2-byte header.
    public static let standardPageLength = 0x32

    public var parametersSavable: Bool
    /// BUFE: buffer under-run free recording (BURN-Free / lossless linking) enabled.
    public var bufferUnderrunFreeEnabled: Bool
    /// LS_V: `linkSize` is valid.
    public var linkSizeValid: Bool
    public var testWrite: Bool
    public var writeType: WriteType
    public var multiSession: MultiSession
    /// FP: fixed packets (packet writing).
    public var fixedPacket: Bool
    public var copy: Bool
    /// Track Mode: the Q sub-channel control nibble of the track to write (4 = data, recorded uninterrupted).
    public var trackMode: QSubchannelControl
    public var dataBlockType: DataBlockType
    public var linkSize: UInt8
    /// 6 bits.
    public var initiatorApplicationCode: UInt8
    public var sessionFormat: SessionFormat
    /// Packet size in user-data blocks (fixed packets).
    public var packetSize: UInt32
    /// Audio pause length in blocks (150 = 2 seconds, the default).
    public var audioPauseLength: UInt16
    /// Bytes 16-31, raw (MCVAL bit 7 of byte 16, N1..N13, zero, AFRAME).
    public var mediaCatalogNumber: [UInt8]
    /// Bytes 32-47, raw (TCVAL bit 7 of byte 32, I1..I12, zero, AFRAME).
    public var isrc: [UInt8]
    /// Bytes 48-51: the Mode 2 sub-header bytes 0-3.
    public var subHeader: [UInt8]
    /// Bytes after 51 (vendor specific), as received.
    public var vendorSpecific: [UInt8]

    public init(parametersSavable: Bool = false, bufferUnderrunFreeEnabled: Bool = false, linkSizeValid: Bool = false,
                testWrite: Bool = false, writeType: WriteType = .trackAtOnce,
                multiSession: MultiSession = .noNextSession, fixedPacket: Bool = false, copy: Bool = false,
                trackMode: QSubchannelControl = .dataTrack, dataBlockType: DataBlockType = .mode1,
                linkSize: UInt8 = 0, initiatorApplicationCode: UInt8 = 0,
                sessionFormat: SessionFormat = .cdDAOrCDROM, packetSize: UInt32 = 0,
                audioPauseLength: UInt16 = 150, mediaCatalogNumber: [UInt8] = Array(repeating: 0, count: 16),
                isrc: [UInt8] = Array(repeating: 0, count: 16), subHeader: [UInt8] = [0, 0, 0, 0],
                vendorSpecific: [UInt8] = []) {
        self.parametersSavable = parametersSavable
        self.bufferUnderrunFreeEnabled = bufferUnderrunFreeEnabled
        self.linkSizeValid = linkSizeValid
        self.testWrite = testWrite
        self.writeType = writeType
        self.multiSession = multiSession
        self.fixedPacket = fixedPacket
        self.copy = copy
        self.trackMode = trackMode
        self.dataBlockType = dataBlockType
        self.linkSize = linkSize
        self.initiatorApplicationCode = initiatorApplicationCode
        self.sessionFormat = sessionFormat
        self.packetSize = packetSize
        self.audioPauseLength = audioPauseLength
        self.mediaCatalogNumber = mediaCatalogNumber
        self.isrc = isrc
        self.subHeader = subHeader
        self.vendorSpecific = vendorSpecific
    }

    /// Decodes page 05h. Total over drive data: fields past the bytes present (a drive's shorter page, or a
    /// page cut by the allocation length) keep their zero defaults; only a different page code throws.
    public init(_ page: ModePage) throws(MMCParseError) {
        guard page.code == .writeParameters, !page.isSubpageFormat else {
            throw MMCParseError("WRITE PARAMETERS PAGE", "expected page 05h, got \(page.code)")
        }
        let end = min(page.data.count, page.headerLength + page.declaredPageLength)
        let d = Array(page.data.prefix(end))
        func byte(_ i: Int) -> UInt8 { i < d.count ? d[i] : 0 }
        func bytes(_ i: Int, _ n: Int) -> [UInt8] { (i..<(i + n)).map(byte) }
        func big(_ i: Int, _ n: Int) -> UInt32 { bytes(i, n).reduce(0) { $0 << 8 | UInt32($1) } }
        self.init(
            parametersSavable: page.parametersSavable, bufferUnderrunFreeEnabled: byte(2) & 0x40 != 0,
            linkSizeValid: byte(2) & 0x20 != 0, testWrite: byte(2) & 0x10 != 0,
            writeType: WriteType(rawValue: byte(2) & 0x0F), multiSession: MultiSession(rawValue: byte(3) >> 6),
            fixedPacket: byte(3) & 0x20 != 0, copy: byte(3) & 0x10 != 0,
            trackMode: QSubchannelControl(rawValue: byte(3) & 0x0F),
            dataBlockType: DataBlockType(rawValue: byte(4) & 0x0F), linkSize: byte(5),
            initiatorApplicationCode: byte(7) & 0x3F, sessionFormat: SessionFormat(rawValue: byte(8)),
            packetSize: big(10, 4), audioPauseLength: UInt16(truncatingIfNeeded: big(14, 2)),
            mediaCatalogNumber: bytes(16, 16), isrc: bytes(32, 16), subHeader: bytes(48, 4),
            vendorSpecific: d.count > 52 ? Array(d[52...]) : [])
    }

    /// Encodes the page (page length 32h plus any vendor-specific bytes), ready for `ModeSelect10(pages:)`.
    /// Out-of-range fields are programmer errors and trap.
    public func encode() -> ModePage {
        precondition(trackMode.rawValue <= 0x0F, "track mode is 4 bits")
        precondition(initiatorApplicationCode <= 0x3F, "initiator application code is 6 bits")
        precondition(mediaCatalogNumber.count == 16, "media catalog number is 16 bytes")
        precondition(isrc.count == 16, "ISRC is 16 bytes")
        precondition(subHeader.count == 4, "sub-header is 4 bytes")
        precondition(vendorSpecific.count <= 0xFF - Self.standardPageLength, "page too long")
        var w = ByteWriter(count: 2 + Self.standardPageLength)
        w.set(0, ModePageCode.writeParameters.rawValue | (parametersSavable ? 0x80 : 0))
        w.set(1, UInt8(Self.standardPageLength + vendorSpecific.count))
        w.set(2, (bufferUnderrunFreeEnabled ? 0x40 : 0) | (linkSizeValid ? 0x20 : 0) | (testWrite ? 0x10 : 0)
              | writeType.rawValue)
        w.set(3, multiSession.rawValue << 6 | (fixedPacket ? 0x20 : 0) | (copy ? 0x10 : 0) | trackMode.rawValue)
        w.set(4, dataBlockType.rawValue)
        w.set(5, linkSize)
        w.set(7, initiatorApplicationCode)
        w.set(8, sessionFormat.rawValue)
        w.setUInt32(10, packetSize)
        w.setUInt16(14, audioPauseLength)
        for (i, b) in mediaCatalogNumber.enumerated() { w.set(16 + i, b) }
        for (i, b) in isrc.enumerated() { w.set(32 + i, b) }
        for (i, b) in subHeader.enumerated() { w.set(48 + i, b) }
        w.append(vendorSpecific)
        return ModePage(code: .writeParameters, subpageCode: 0, parametersSavable: parametersSavable, data: w.bytes)
    }
}
