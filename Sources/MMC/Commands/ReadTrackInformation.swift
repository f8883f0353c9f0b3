import SCSI

/// Layer jump recording status of a track (READ TRACK INFORMATION byte 5 bits 7-6), DVD-R DL only.
public enum LayerJumpRecordingStatus: UInt8, Sendable, Hashable {
    case noLayerJump = 0
    case unspecified = 1
    case manualLayerJump = 2
    case regularIntervalLayerJump = 3

    init(bits: UInt8) {
        switch bits & 0x03 {
        case 0: self = .noLayerJump
        case 1: self = .unspecified
        case 2: self = .manualLayerJump
        default: self = .regularIntervalLayerJump
        }
    }
}

/// Track information (MMC-6 §6.27). Bytes 0-27 are always present; the rest only when announced and received.
public struct TrackInformation: Sendable, Hashable {
    /// Bytes 0-1 as announced: bytes that follow the length field.
    public var dataLength: UInt16
    /// Bytes 32 (MSB, when received) and 2 (LSB).
    public var trackNumber: UInt16
    /// Bytes 33 (MSB, when received) and 3 (LSB).
    public var sessionNumber: UInt16
    /// Byte 5 bits 7-6.
    public var layerJumpRecordingStatus: LayerJumpRecordingStatus
    /// Byte 5 bit 5: the track is damaged (with `nwaValid` false: not writable).
    public var damage: Bool
    /// Byte 5 bit 4: the track is a copy (CD copy bit).
    public var copy: Bool
    /// Byte 5 bits 3-0: the CD track mode (Q sub-channel control nibble); 4 or 6 for data tracks, 7 on DVD/BD.
    public var trackMode: UInt8
    /// Byte 6 bit 7: reserved track.
    public var rt: Bool
    /// Byte 6 bit 6: the track is blank.
    public var blank: Bool
    /// Byte 6 bit 5: packet (CD) or incremental (DVD) recording.
    public var packetIncremental: Bool
    /// Byte 6 bit 4: fixed packets.
    public var fixedPacket: Bool
    /// Byte 6 bits 3-0: 1 = mode 1, 2 = mode 2, 0Fh = no data mode yet.
    public var dataMode: UInt8
    /// Byte 7 bit 1 (LRA_V, called LRP_V in older drafts): `lastRecordedAddress` is valid.
    public var lrpValid: Bool
    /// Byte 7 bit 0 (NWA_V): `nextWritableAddress` is valid.
    public var nwaValid: Bool
    /// Bytes 8-11.
    public var trackStartAddress: UInt32
    /// Bytes 12-15 when NWA_V is set, else nil.
    public var nextWritableAddress: UInt32?
    /// Bytes 16-19: blocks that can still be written in this track.
    public var freeBlocks: UInt32
    /// Bytes 20-23: fixed packet size (CD) or blocking factor (DVD/BD), in blocks.
    public var fixedPacketSizeOrBlockingFactor: UInt32
    /// Bytes 24-27, in blocks.
    public var trackSize: UInt32
    /// Bytes 28-31 when received and LRA_V is set, else nil.
    public var lastRecordedAddress: UInt32?
    /// Bytes 36-39 when received (DVD-R/-RW read compatibility LBA), else nil.
    public var readCompatibilityLBA: UInt32?
    /// Bytes 40-43 when received (DVD-R DL layer jump), else nil.
    public var nextLayerJumpAddress: UInt32?
    /// Bytes 44-47 when received (DVD-R DL layer jump), else nil.
    public var lastLayerJumpAddress: UInt32?
}

/// READ TRACK INFORMATION (MMC-6 §6.27): opcode 52h; byte 1 bit 2 Open, bits 1-0 address/number type; bytes 2-5
/// the LBA, track or session number; allocation length in bytes 7-8.
///
/// `ReadTrackInformation(target: .invisibleTrack)` gives the next writable address and free blocks a burn plan
/// starts from. Parsing: the answer is clamped to min(data length + 2, received); fewer than 28 bytes throws
/// `MMCParseError`; fields after byte 27 are read only when they are within the clamped length.
public struct ReadTrackInformation: MMCCommand {
    public typealias Response = TrackInformation
    public static let name = "READ TRACK INFORMATION"
    /// Bytes every answer must hold (through Track Size).
    public static let minimumLength = 28

    /// What to report on: the address/number type (byte 1 bits 1-0) and the number in bytes 2-5.
    public enum Target: Sendable, Hashable {
        /// 00b: the track containing this logical block address.
        case lba(UInt32)
        /// 01b: the track with this number; FFh is the invisible/incomplete track (CD), 0 the lead-in (CD).
        case track(UInt32)
        /// 10b: the first track of this session.
        case session(UInt32)

        /// Track FFh: the invisible or incomplete track, where the next write goes.
        public static let invisibleTrack = Target.track(0xFF)

        var addressNumberType: UInt8 {
            switch self {
            case .lba: return 0
            case .track: return 1
            case .session: return 2
            }
        }

        var number: UInt32 {
            switch self {
            case .lba(let v), .track(let v), .session(let v): return v
            }
        }
    }

    public var target: Target
    /// Report the first open track with a number at or above the given one; only with `.track`.
    public var open: Bool
    public var allocationLength: UInt16

    /// `open` is valid only with a `.track` target, and `allocationLength` must cover 28 bytes: otherwise a
    /// programmer error that traps.
    public init(target: Target, open: Bool = false, allocationLength: UInt16 = 48) {
        if open, case .track = target {} else {
            precondition(!open, "READ TRACK INFORMATION: Open is only valid with a track number")
        }
        precondition(Int(allocationLength) >= Self.minimumLength,
                     "READ TRACK INFORMATION allocation length must cover 28 bytes")
        self.target = target
        self.open = open
        self.allocationLength = allocationLength
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 10)
        w.set(0, 0x52)
        w.set(1, target.addressNumberType | (open ? 0x04 : 0))
        w.setUInt32(2, target.number)
        w.setUInt16(7, allocationLength)
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    public func parse(_ data: [UInt8]) throws(MMCParseError) -> TrackInformation {
        try MMCParseError.wrap(Self.name) {
            let whole = ByteReader(data)
            guard whole.count >= 2 else {
                throw MMCParseError(Self.name, "\(whole.count) byte(s), no data length")
            }
            let announced = try whole.uint16(at: 0)
            let r = whole.clamped(at: 0, length: Int(announced) + 2)
            guard r.count >= Self.minimumLength else {
                throw MMCParseError(Self.name, "\(r.count) usable byte(s) (announced \(Int(announced) + 2), "
                                    + "received \(whole.count)); track information needs 28")
            }
            return try Self.decode(r, announced: announced)
        }
    }

    private static func decode(_ r: ByteReader, announced: UInt16) throws -> TrackInformation {
        /// A 32-bit field at `at`, when the whole of it is within the clamped answer.
        func optional32(_ at: Int) throws -> UInt32? { r.count >= at + 4 ? try r.uint32(at: at) : nil }
        let msbTrack: UInt8 = r.count > 32 ? try r.uint8(at: 32) : 0
        let msbSession: UInt8 = r.count > 33 ? try r.uint8(at: 33) : 0
        let nwaValid = try r.bit(at: 7, 0)
        let lraValid = try r.bit(at: 7, 1)
        return TrackInformation(
            dataLength: announced,
            trackNumber: UInt16(msbTrack) << 8 | UInt16(try r.uint8(at: 2)),
            sessionNumber: UInt16(msbSession) << 8 | UInt16(try r.uint8(at: 3)),
            layerJumpRecordingStatus: LayerJumpRecordingStatus(bits: try r.bits(at: 5, lowBit: 6, width: 2)),
            damage: try r.bit(at: 5, 5),
            copy: try r.bit(at: 5, 4),
            trackMode: try r.bits(at: 5, lowBit: 0, width: 4),
            rt: try r.bit(at: 6, 7),
            blank: try r.bit(at: 6, 6),
            packetIncremental: try r.bit(at: 6, 5),
            fixedPacket: try r.bit(at: 6, 4),
            dataMode: try r.bits(at: 6, lowBit: 0, width: 4),
            lrpValid: lraValid,
            nwaValid: nwaValid,
            trackStartAddress: try r.uint32(at: 8),
            nextWritableAddress: nwaValid ? try r.uint32(at: 12) : nil,
            freeBlocks: try r.uint32(at: 16),
            fixedPacketSizeOrBlockingFactor: try r.uint32(at: 20),
            trackSize: try r.uint32(at: 24),
            lastRecordedAddress: lraValid ? try optional32(28) : nil,
            readCompatibilityLBA: try optional32(36),
            nextLayerJumpAddress: try optional32(40),
            lastLayerJumpAddress: try optional32(44))
    }
}
