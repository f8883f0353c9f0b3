/// The Write Parameters mode page 05h as the drive stores it (MMC-6 §7.5): 52 bytes, page code first.
///
/// Byte 2: BUFE (bit 6), LS_V (bit 5), Test Write (bit 4), Write Type (bits 3-0).
/// Byte 3: Multi-session (bits 7-6), FP (bit 5), Copy (bit 4), Track Mode (bits 3-0).
/// Byte 4: Data Block Type (bits 3-0). Byte 5: Link Size. Byte 7: Initiator Application Code (bits 5-0).
/// Byte 8: Session Format. Bytes 10-13: Packet Size. Bytes 14-15: Audio Pause Length. Bytes 16-31: MCN.
/// Bytes 32-47: ISRC. Bytes 48-51: Sub-header.
struct WriteParametersPage: Sendable, Hashable {
    static let pageCode: UInt8 = 0x05
    static let pageLength: UInt8 = 0x32
    static let byteCount = 52

    var bytes: [UInt8]

    init?(bytes: [UInt8]) {
        guard bytes.count == Self.byteCount, bytes[0] & 0x3F == Self.pageCode, bytes[1] == Self.pageLength else {
            return nil
        }
        self.bytes = bytes
    }

    /// Default for `media`: DVD-R/-RW default to incremental (write type 0), everything else to TAO (write
    /// type 1), so that a host may send the page back unchanged.
    static func defaultBytes(for media: VirtualMediaKind) -> [UInt8] {
        var b = defaultBytes
        if [.dvdR, .dvdRW].contains(media) { b[2] = WriteType.packetIncremental.rawValue }
        return b
    }

    /// Default: TAO, data track mode 4, Mode 1 (2048-byte) blocks, no next session, audio pause 150 blocks.
    static let defaultBytes: [UInt8] = {
        var b = [UInt8](repeating: 0, count: byteCount)
        b[0] = pageCode
        b[1] = pageLength
        b[2] = WriteType.trackAtOnce.rawValue
        b[3] = 0x04  // multi-session 00b, track mode 4
        b[4] = 0x08  // data block type 8: Mode 1, 2048 bytes
        b[14] = 0x00
        b[15] = 150
        return b
    }()

    /// Bits a host may change with MODE SELECT (the "changeable values" mask, MODE SENSE page control 01b).
    static let changeableMask: [UInt8] = {
        var b = [UInt8](repeating: 0xFF, count: byteCount)
        b[0] = pageCode
        b[1] = pageLength
        b[2] = 0x7F  // BUFE, LS_V, Test Write, Write Type
        b[4] = 0x0F
        b[6] = 0x00
        b[7] = 0x3F
        b[9] = 0x00
        return b
    }()

    /// Write Type (byte 2 bits 3-0).
    enum WriteType: UInt8, Sendable {
        case packetIncremental = 0, trackAtOnce = 1, sessionAtOnce = 2, raw = 3, layerJump = 4
    }

    var writeTypeCode: UInt8 { bytes[2] & 0x0F }
    var writeType: WriteType? { WriteType(rawValue: writeTypeCode) }
    var testWrite: Bool { bytes[2] & 0x10 != 0 }
    var bufferUnderrunFree: Bool { bytes[2] & 0x40 != 0 }
    /// Multi-session field (byte 3 bits 7-6): 00b no next session, 01b/11b next session allowed.
    var allowsNextSession: Bool { bytes[3] >> 6 != 0 }
    var trackMode: UInt8 { bytes[3] & 0x0F }
    var dataBlockType: UInt8 { bytes[4] & 0x0F }
}
