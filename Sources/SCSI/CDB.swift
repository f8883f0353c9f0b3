/// A SCSI command descriptor block: 6 to 16 bytes, opcode first (SPC-4 §4.2).
///
/// Building a CDB of the wrong size is a programmer error and traps; everything a drive answers throws.
public struct CDB: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(_ bytes: [UInt8]) {
        precondition((6...16).contains(bytes.count), "a CDB is 6 to 16 bytes, got \(bytes.count)")
        self.bytes = bytes
    }

    /// A zeroed CDB of `length` bytes with `opcode` in byte 0, to be filled by a command's builder.
    public init(opcode: UInt8, length: Int) {
        precondition([6, 10, 12, 16].contains(length), "CDB length must be 6, 10, 12 or 16")
        var bytes = [UInt8](repeating: 0, count: length)
        bytes[0] = opcode
        self.bytes = bytes
    }

    public var opcode: UInt8 { bytes[0] }
    public var count: Int { bytes.count }

    public var description: String { bytes.hexString }
}

/// A byte buffer that is filled field by field, big-endian as SCSI wants. Used by command builders and by the
/// VirtualDrive to lay out responses. Writes outside the buffer are programmer errors and trap.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(count: Int) { bytes = [UInt8](repeating: 0, count: count) }
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func set(_ offset: Int, _ value: UInt8) { bytes[offset] = value }

    public mutating func setBits(_ offset: Int, mask: UInt8, _ on: Bool) {
        if on { bytes[offset] |= mask } else { bytes[offset] &= ~mask }
    }

    public mutating func setUInt16(_ offset: Int, _ value: UInt16) {
        bytes[offset] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value)
    }

    public mutating func setUInt24(_ offset: Int, _ value: UInt32) {
        precondition(value <= 0xFF_FFFF, "value does not fit 24 bits")
        bytes[offset] = UInt8(truncatingIfNeeded: value >> 16)
        bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[offset + 2] = UInt8(truncatingIfNeeded: value)
    }

    public mutating func setUInt32(_ offset: Int, _ value: UInt32) {
        for i in 0..<4 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(i))) }
    }

    public mutating func setUInt64(_ offset: Int, _ value: UInt64) {
        for i in 0..<8 { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64(i))) }
    }

    public mutating func append(_ more: [UInt8]) { bytes.append(contentsOf: more) }

    public var cdb: CDB { CDB(bytes) }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex, two digits a byte, no separators: how traces and messages show bytes.
    public var hexString: String {
        var out = ""
        for b in self {
            let digits = Array("0123456789abcdef")
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return out
    }
}

extension Array where Element == UInt8 {
    /// Parses the output of `hexString`; nil on odd length or a non-hex character.
    public init?(hexString: String) {
        let chars = Array(hexString.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x41...0x46: return c - 0x41 + 10
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        self = out
    }
}
