/// El Torito boot catalog: validation entry, initial/default entry, section headers and entries.
/// "El Torito" Bootable CD-ROM Format Specification 1.0, §2.1–§2.4.
public struct BootCatalog: Sendable, Equatable {
    /// Platform ID (§2.1 byte 1, §2.3 byte 1). Open set.
    public struct Platform: RawRepresentable, Sendable, Equatable, Hashable, CustomStringConvertible {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let bios = Platform(rawValue: 0x00)
        public static let powerPC = Platform(rawValue: 0x01)
        public static let mac = Platform(rawValue: 0x02)
        public static let uefi = Platform(rawValue: 0xEF)
        public var description: String {
            switch self {
            case .bios: return "BIOS"
            case .powerPC: return "PowerPC"
            case .mac: return "Mac"
            case .uefi: return "UEFI"
            default: return "platform 0x" + String(rawValue, radix: 16)
            }
        }
    }

    /// Boot media type (§2.2 byte 1, low nibble).
    public enum Emulation: UInt8, Sendable, Equatable, Codable {
        case none = 0
        case floppy1200KB = 1
        case floppy1440KB = 2
        case floppy2880KB = 3
        case hardDisk = 4
    }

    public struct Entry: Sendable, Equatable {
        public var platform: Platform
        public var bootable: Bool
        public var emulation: Emulation?
        public var loadSegment: UInt16
        /// Sectors of 512 bytes ("virtual sectors", §2.2 bytes 6-7) loaded at boot.
        public var sectorCount512: UInt16
        public var loadLBA: Int64
    }

    public var entries: [Entry]

    static let entryBytes = 32
    static let catalogBlocks = 2

    /// Reads the catalog at `lba`. Nil when the validation entry is absent or its checksum is wrong (§2.1).
    static func read(_ reader: BlockReader, lba: Int64) throws -> BootCatalog? {
        guard let block = try reader.block(lba), isValidationEntry(block) else { return nil }
        var platform = Platform(rawValue: block.u8(1) ?? 0)
        var entries: [Entry] = []
        if let initial = block.slice(32, entryBytes) { entries.append(entry(initial, platform: platform)) }
        var offset = 64
        var remainingInSection = 0
        while let header = block.u8(offset), let record = block.slice(offset, entryBytes) {
            if remainingInSection > 0 {
                if header == 0x88 || header == 0x00 { entries.append(entry(record, platform: platform)) }
                if header != 0x44 { remainingInSection -= 1 }
            } else if header == 0x90 || header == 0x91 {
                platform = Platform(rawValue: record.u8(1) ?? 0)
                remainingInSection = Int(record.u16le(2) ?? 0)
            } else {
                break
            }
            offset += entryBytes
        }
        return BootCatalog(entries: entries)
    }

    /// Header 01, key bytes 55 AA at 30-31, and the 16-bit words of the entry summing to zero (§2.1).
    static func isValidationEntry(_ block: ByteView) -> Bool {
        guard block.u8(0) == 1, block.u8(30) == 0x55, block.u8(31) == 0xAA else { return false }
        var sum: UInt16 = 0
        for offset in stride(from: 0, to: 32, by: 2) { sum &+= block.u16le(offset) ?? 0 }
        return sum == 0
    }

    private static func entry(_ record: ByteView, platform: Platform) -> Entry {
        Entry(platform: platform, bootable: record.u8(0) == 0x88,
              emulation: Emulation(rawValue: (record.u8(1) ?? 0) & 0x0F),
              loadSegment: record.u16le(2) ?? 0, sectorCount512: record.u16le(6) ?? 0,
              loadLBA: Int64(record.u32le(8) ?? 0))
    }
}
