/// The volume descriptor set at logical block 16 onward. ECMA-119 §8.
public struct VolumeDescriptorSet: Sendable {
    public var primary: PrimaryVolumeDescriptor
    /// Root of the Joliet tree (supplementary descriptor with a UCS-2 escape sequence), if present.
    public var jolietRoot: DirectoryRecord?
    /// Logical block of the El Torito boot catalog, from the boot record descriptor (El Torito §2.0).
    public var bootCatalogLBA: Int64?

    static let firstBlock: Int64 = 16
    /// Our cap on how many descriptors we look at before demanding a terminator.
    static let maximumDescriptors: Int64 = 64
    static let standardIdentifier: [UInt8] = Array("CD001".utf8)

    /// Reads and checks the set. Throws when there is no primary descriptor.
    static func read(_ reader: BlockReader, path: String) throws -> VolumeDescriptorSet {
        var primary: PrimaryVolumeDescriptor?
        var joliet: DirectoryRecord?
        var catalog: Int64?
        let first = reader.layout.firstLBA + firstBlock  // a later session's descriptors sit at N+16
        for lba in first..<(first + maximumDescriptors) {
            guard let block = try reader.block(lba) else {
                if primary == nil { throw missingPrimary(reader, path: path, at: lba) }
                break
            }
            guard block.matches(1, standardIdentifier) else {
                if primary == nil { throw missingPrimary(reader, path: path, at: lba) }
                break
            }
            switch block.u8(0) {
            case 0: catalog = bootCatalog(block) ?? catalog
            case 1 where primary == nil:
                primary = try PrimaryVolumeDescriptor(block, path: path)
            case 2 where joliet == nil && isJoliet(block):
                joliet = DirectoryRecord(block.slice(156, 34) ?? ByteView([]))
            case 255: break
            default: continue
            }
            if block.u8(0) == 255 { break }
        }
        guard let primary else { throw missingPrimary(reader, path: path, at: first) }
        return VolumeDescriptorSet(primary: primary, jolietRoot: joliet, bootCatalogLBA: catalog)
    }

    private static func missingPrimary(_ reader: BlockReader, path: String, at lba: Int64) -> DiscImageError {
        if reader.endLBA <= lba {
            return .notADiscImage(
                path: path, detail: "\(reader.file.sizeBytes) bytes, too short for an ISO 9660 volume descriptor")
        }
        return .notADiscImage(path: path, detail: "no ISO 9660 primary volume descriptor at block 16")
    }

    /// Joliet: escape sequence %/@, %/C or %/E at byte 88 (Joliet specification §2.0).
    static func isJoliet(_ block: ByteView) -> Bool {
        guard block.u8(88) == 0x25, block.u8(89) == 0x2F, let level = block.u8(90) else { return false }
        return level == 0x40 || level == 0x43 || level == 0x45
    }

    /// Boot record: "EL TORITO SPECIFICATION" at byte 7, catalog LBA at byte 71 (El Torito §2.0, Figure 7).
    static func bootCatalog(_ block: ByteView) -> Int64? {
        guard block.matches(7, Array("EL TORITO SPECIFICATION".utf8)), let lba = block.u32le(71) else { return nil }
        return Int64(lba)
    }
}

/// Primary volume descriptor fields. ECMA-119 §8.4.
public struct PrimaryVolumeDescriptor: Sendable {
    public var systemId: String
    public var volumeId: String
    public var volumeSetId: String
    public var publisherId: String
    public var preparerId: String
    public var applicationId: String
    /// Volume space size in logical blocks (§8.4.8).
    public var volumeSpaceBlocks: Int64
    /// Logical block size in bytes (§8.4.12); DiscImage reads only 2048.
    public var logicalBlockBytes: Int
    public var creationDate: ISODate?
    public var modificationDate: ISODate?
    public var root: DirectoryRecord
    /// Location of the type L path table (§8.4.14).
    public var pathTableLBA: Int64

    init(_ block: ByteView, path: String) throws {
        guard block.u8(6) == 1 else {
            throw DiscImageError.corrupt(path: path, detail: "primary volume descriptor has version \(block.u8(6) ?? 0)")
        }
        systemId = block.text(8, 32) ?? ""
        volumeId = block.text(40, 32) ?? ""
        volumeSpaceBlocks = Int64(block.u32le(80) ?? 0)
        pathTableLBA = Int64(block.u32le(140) ?? 0)
        logicalBlockBytes = Int(block.u16le(128) ?? 0)
        volumeSetId = block.text(190, 128) ?? ""
        publisherId = block.text(318, 128) ?? ""
        preparerId = block.text(446, 128) ?? ""
        applicationId = block.text(574, 128) ?? ""
        creationDate = block.slice(813, 17).flatMap(ISODate.init(longForm:))
        modificationDate = block.slice(830, 17).flatMap(ISODate.init(longForm:))
        guard logicalBlockBytes == BlockReader.blockBytes else {
            throw DiscImageError.unsupported(
                path: path, detail: "logical block size \(logicalBlockBytes) bytes; only 2048-byte blocks are read")
        }
        guard let rootBytes = block.slice(156, 34), let root = DirectoryRecord(rootBytes), root.isDirectory else {
            throw DiscImageError.corrupt(path: path, detail: "root directory record is unreadable")
        }
        self.root = root
    }
}
