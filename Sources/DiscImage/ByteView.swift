/// Bounds-checked reads over bytes that came from an image file: untrusted input.
///
/// Every read returns `nil` (or throws through `require`) instead of trapping. ISO 9660 stores most numbers
/// twice ("both-byte order", ECMA-119 §7.2.3 / §7.3.3); we read the little-endian half.
struct ByteView: Sendable {
    let bytes: [UInt8]
    let start: Int
    let count: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.start = 0
        self.count = bytes.count
    }

    private init(bytes: [UInt8], start: Int, count: Int) {
        self.bytes = bytes
        self.start = start
        self.count = count
    }

    /// True if `length` bytes starting at `offset` lie inside the view.
    func contains(_ offset: Int, _ length: Int) -> Bool {
        offset >= 0 && length >= 0 && offset <= count && length <= count - offset
    }

    /// A sub-view, or nil when it would reach outside this one.
    func slice(_ offset: Int, _ length: Int) -> ByteView? {
        guard contains(offset, length) else { return nil }
        return ByteView(bytes: bytes, start: start + offset, count: length)
    }

    func u8(_ offset: Int) -> UInt8? {
        guard contains(offset, 1) else { return nil }
        return bytes[start + offset]
    }

    /// Little-endian 16-bit (ECMA-119 §7.2.1).
    func u16le(_ offset: Int) -> UInt16? {
        guard contains(offset, 2) else { return nil }
        let base = start + offset
        return UInt16(bytes[base]) | UInt16(bytes[base + 1]) << 8
    }

    /// Big-endian 16-bit (ECMA-119 §7.2.2), used by UCS-2 Joliet names.
    func u16be(_ offset: Int) -> UInt16? {
        guard contains(offset, 2) else { return nil }
        let base = start + offset
        return UInt16(bytes[base]) << 8 | UInt16(bytes[base + 1])
    }

    /// Little-endian 32-bit (ECMA-119 §7.3.1).
    func u32le(_ offset: Int) -> UInt32? {
        guard contains(offset, 4) else { return nil }
        let base = start + offset
        return UInt32(bytes[base]) | UInt32(bytes[base + 1]) << 8
            | UInt32(bytes[base + 2]) << 16 | UInt32(bytes[base + 3]) << 24
    }

    /// Little-endian 64-bit (GPT header fields).
    func u64le(_ offset: Int) -> UInt64? {
        guard let low = u32le(offset), let high = u32le(offset + 4) else { return nil }
        return UInt64(low) | UInt64(high) << 32
    }

    func array(_ offset: Int, _ length: Int) -> [UInt8]? {
        guard contains(offset, length) else { return nil }
        return Array(bytes[(start + offset)..<(start + offset + length)])
    }

    /// `d-characters`/`a-characters` field (ECMA-119 §7.4): ASCII, trailing spaces trimmed.
    func text(_ offset: Int, _ length: Int) -> String? {
        guard let raw = array(offset, length) else { return nil }
        let cleaned = raw.map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }
        let string = String(decoding: cleaned, as: UTF8.self)
        return String(string.reversed().drop(while: { $0 == " " }).reversed())
    }

    /// The whole view decoded as UTF-8 (invalid sequences become U+FFFD).
    func utf8String() -> String { String(decoding: bytes[start..<(start + count)], as: UTF8.self) }

    /// Byte-wise equality of two views' contents.
    func sameBytes(as other: ByteView) -> Bool {
        count == other.count && bytes[start..<(start + count)] == other.bytes[other.start..<(other.start + other.count)]
    }

    func matches(_ offset: Int, _ expected: [UInt8]) -> Bool {
        array(offset, expected.count) == expected
    }
}
