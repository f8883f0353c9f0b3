import SCSI

/// One command as a responder sees it: the CDB bytes, the data-out buffer, and typed, bounds-checked field
/// access. A field read past the end of the CDB reads zero (the dispatcher has already checked the CDB length).
struct CommandContext {
    let cdb: [UInt8]
    let dataOut: [UInt8]
    /// Bytes the host's data-in buffer holds (the transport's allocation); nothing beyond it is transferred.
    var dataInLimit: Int = 0

    var opcode: UInt8 { cdb.first ?? 0 }

    func byte(_ at: Int) -> UInt8 { at >= 0 && at < cdb.count ? cdb[at] : 0 }

    func uint16(_ at: Int) -> Int { Int(byte(at)) << 8 | Int(byte(at + 1)) }

    func uint24(_ at: Int) -> Int { Int(byte(at)) << 16 | Int(byte(at + 1)) << 8 | Int(byte(at + 2)) }

    func uint32(_ at: Int) -> Int { Int(byte(at)) << 24 | Int(byte(at + 1)) << 16 | Int(byte(at + 2)) << 8 | Int(byte(at + 3)) }

    func bit(_ at: Int, _ bit: Int) -> Bool { byte(at) & (1 << UInt8(bit)) != 0 }

    /// Bits `lowBit ..< lowBit + width` of byte `at`.
    func bits(_ at: Int, lowBit: Int, width: Int) -> Int {
        Int(byte(at) >> UInt8(lowBit)) & ((1 << width) - 1)
    }

    /// Throws 5/24/00 pointing at `at` unless the bits of `mask` in that byte are all zero (reserved bits).
    func requireZero(_ at: Int, mask: UInt8 = 0xFF) throws(CheckCondition) {
        let stray = byte(at) & mask
        guard stray == 0 else {
            throw CheckCondition.invalidField(byte: at, bit: 7 - stray.leadingZeroBitCount)
        }
    }

    /// Reserved whole bytes.
    func requireZero(bytes range: ClosedRange<Int>) throws(CheckCondition) {
        for i in range { try requireZero(i) }
    }

    /// The CONTROL byte (last CDB byte, SAM-5 §5.2): NACA and LINK are not supported; vendor bits 7-6 are allowed.
    func requireSupportedControl() throws(CheckCondition) {
        guard let last = cdb.indices.last else { return }
        try requireZero(last, mask: 0x3F)
    }
}

/// Which CDB length each opcode group has (SPC-4 §4.2.5.1).
enum CDBLength {
    static func expected(for opcode: UInt8) -> Int? {
        switch opcode >> 5 {
        case 0: return 6
        case 1, 2: return 10
        case 4: return 16
        case 5: return 12
        default: return nil
        }
    }
}

/// A big-endian response under construction; `ByteWriter` plus growing appends.
extension ByteWriter {
    /// Writes ASCII text left-aligned in `length` bytes, space-padded (SPC-4 §4.4.1).
    mutating func setASCII(_ offset: Int, _ text: String, length: Int, pad: UInt8 = 0x20) {
        let bytes = Array(text.utf8.prefix(length))
        for i in 0..<length { set(offset + i, i < bytes.count ? bytes[i] : pad) }
    }

    mutating func setUInt32(_ offset: Int, int value: Int) {
        setUInt32(offset, UInt32(truncatingIfNeeded: value))
    }
}
