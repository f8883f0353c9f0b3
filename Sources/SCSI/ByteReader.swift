/// Bounds-checked big-endian reads over the bytes a device actually returned.
///
/// Every read throws `ByteReader.OutOfBounds` instead of trapping: a drive is untrusted input.
public struct ByteReader: Sendable {
    public struct OutOfBounds: Error, Sendable, Equatable, CustomStringConvertible {
        public let offset: Int
        public let length: Int
        public let available: Int
        public var description: String {
            "needed \(length) byte(s) at offset \(offset), only \(available) available"
        }
    }

    public let bytes: [UInt8]
    /// Position of the cursor used by the `read...()` methods.
    public var offset: Int = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public init<S: Sequence>(_ bytes: S) where S.Element == UInt8 { self.bytes = Array(bytes) }

    public var count: Int { bytes.count }
    public var remaining: Int { max(0, bytes.count - offset) }
    public var isAtEnd: Bool { offset >= bytes.count }

    @inline(__always)
    private func check(_ at: Int, _ length: Int) throws {
        guard at >= 0, length >= 0, at <= bytes.count, length <= bytes.count - at else {
            throw OutOfBounds(offset: at, length: length, available: bytes.count)
        }
    }

    // MARK: absolute reads

    public func uint8(at: Int) throws -> UInt8 {
        try check(at, 1)
        return bytes[at]
    }

    public func bit(at: Int, _ bit: Int) throws -> Bool {
        precondition((0...7).contains(bit))
        return try uint8(at: at) & (1 << UInt8(bit)) != 0
    }

    /// Bits `lowBit ..< lowBit+width` of byte `at`, shifted down.
    public func bits(at: Int, lowBit: Int, width: Int) throws -> UInt8 {
        precondition(lowBit >= 0 && width > 0 && lowBit + width <= 8)
        return (try uint8(at: at) >> UInt8(lowBit)) & UInt8((1 << width) - 1)
    }

    public func uint16(at: Int) throws -> UInt16 {
        try check(at, 2)
        return UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
    }

    public func uint24(at: Int) throws -> UInt32 {
        try check(at, 3)
        return UInt32(bytes[at]) << 16 | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2])
    }

    public func uint32(at: Int) throws -> UInt32 {
        try check(at, 4)
        var v: UInt32 = 0
        for i in 0..<4 { v = v << 8 | UInt32(bytes[at + i]) }
        return v
    }

    public func uint64(at: Int) throws -> UInt64 {
        try check(at, 8)
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(bytes[at + i]) }
        return v
    }

    public func slice(at: Int, length: Int) throws -> [UInt8] {
        try check(at, length)
        return Array(bytes[at..<(at + length)])
    }

    /// A reader over `length` bytes from `at`, clamped to what is available (min(announced, received)).
    public func clamped(at: Int, length: Int) -> ByteReader {
        let start = min(max(0, at), bytes.count)
        let end = min(bytes.count, start + max(0, length))
        return ByteReader(bytes[start..<end])
    }

    /// ASCII text with trailing spaces and NULs removed; non-printable bytes become '.'.
    public func ascii(at: Int, length: Int) throws -> String {
        let raw = try slice(at: at, length: length)
        var s = String(decoding: raw.map { (0x20...0x7E).contains($0) ? $0 : ($0 == 0 ? 0x20 : 0x2E) }, as: UTF8.self)
        while s.last == " " { s.removeLast() }
        while s.first == " " { s.removeFirst() }
        return s
    }

    // MARK: cursor reads

    public mutating func skip(_ n: Int) throws {
        try check(offset, n)
        offset += n
    }

    public mutating func readUInt8() throws -> UInt8 { let v = try uint8(at: offset); offset += 1; return v }
    public mutating func readUInt16() throws -> UInt16 { let v = try uint16(at: offset); offset += 2; return v }
    public mutating func readUInt24() throws -> UInt32 { let v = try uint24(at: offset); offset += 3; return v }
    public mutating func readUInt32() throws -> UInt32 { let v = try uint32(at: offset); offset += 4; return v }
    public mutating func readBytes(_ n: Int) throws -> [UInt8] {
        let v = try slice(at: offset, length: n)
        offset += n
        return v
    }
}
