/// One directory record, parsed only from the bytes it announces and only if they fit. ECMA-119 §9.1.
public struct DirectoryRecord: Sendable {
    /// Flag bits of byte 25 (§9.1.6).
    public struct Flags: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let hidden = Flags(rawValue: 1 << 0)
        public static let directory = Flags(rawValue: 1 << 1)
        public static let associated = Flags(rawValue: 1 << 2)
        /// Not the final record of a multi-extent file (§9.1.6, bit 7).
        public static let multiExtent = Flags(rawValue: 1 << 7)
    }

    public var extentLBA: Int64
    public var dataLengthBytes: Int64
    public var recordingDate: ISODate?
    public var flags: Flags
    /// Raw file identifier bytes (d-characters, or UCS-2 big-endian under Joliet). 0x00 = ".", 0x01 = "..".
    public var identifier: [UInt8] { identifierView.array(0, identifierView.count) ?? [] }
    /// The identifier as a view into the directory block (no copy per record).
    let identifierView: ByteView
    /// System use area (SUSP / Rock Ridge entries), §9.1.13.
    var systemUse: ByteView
    /// Length of the whole record in bytes (byte 0).
    public var recordBytes: Int

    public var isDirectory: Bool { flags.contains(.directory) }
    public var isSelf: Bool { identifierView.count == 1 && identifierView.u8(0) == 0 }
    public var isParent: Bool { identifierView.count == 1 && identifierView.u8(0) == 1 }

    static let fixedBytes = 33

    /// Parses a record from a view that starts at its first byte; nil when the record is malformed
    /// (length below 34, identifier or system use reaching past the announced length or the view).
    init?(_ view: ByteView) {
        guard let length = view.u8(0).map(Int.init), length >= Self.fixedBytes + 1, view.contains(0, length),
              let lba = view.u32le(2), let size = view.u32le(10), let flagByte = view.u8(25),
              let nameLength = view.u8(32).map(Int.init), nameLength >= 1,
              Self.fixedBytes + nameLength <= length, let name = view.slice(Self.fixedBytes, nameLength)
        else { return nil }
        let systemUseStart = Self.fixedBytes + nameLength + (nameLength % 2 == 0 ? 1 : 0)
        extentLBA = Int64(lba)
        dataLengthBytes = Int64(size)
        recordingDate = ISODate(shortForm: view, at: 18)
        flags = Flags(rawValue: flagByte)
        identifierView = name
        systemUse = view.slice(systemUseStart, max(0, length - systemUseStart)) ?? ByteView([])
        recordBytes = length
    }

    /// Plain ISO 9660 name: version suffix ";1" removed, then a lone trailing "." (§7.5.1).
    var isoName: String {
        var name = String(decoding: identifier.map { $0 < 0x20 || $0 > 0x7E ? UInt8(ascii: "_") : $0 },
                          as: UTF8.self)
        if let semicolon = name.lastIndex(of: ";") { name = String(name[..<semicolon]) }
        if name.hasSuffix("."), !isDirectory { name.removeLast() }
        return name
    }

    /// Joliet name: UCS-2 big-endian (Joliet §3.3), ";1" removed; unpaired surrogates become U+FFFD.
    var jolietName: String {
        let view = identifierView
        var units: [UInt16] = []
        var offset = 0
        while let unit = view.u16be(offset) {
            units.append(unit)
            offset += 2
        }
        var name = String(decoding: units, as: UTF16.self)
        if let semicolon = name.lastIndex(of: ";") { name = String(name[..<semicolon]) }
        return name
    }
}
