/// An ISO 9660 file system (with Rock Ridge or Joliet names when present), read from raw blocks in Swift.
///
/// Why not libiso9660's `iso9660_ifs_readdir`: it builds whole directory lists in C from lengths it trusts; a
/// hostile record makes it read out of bounds. See Vendor-notes/images.md.
public struct ISOFileSystem: Sendable {
    public let reader: BlockReader
    public let descriptors: VolumeDescriptorSet
    public let nameSpace: NameSpace
    /// SUSP SP "bytes skipped" (SUSP §5.3), applied to every system use area.
    let susSkipBytes: Int
    private let rootRecord: DirectoryRecord

    public var primary: PrimaryVolumeDescriptor { descriptors.primary }
    public var hasJoliet: Bool { descriptors.jolietRoot != nil }
    public var hasRockRidge: Bool { nameSpace == .rockRidge }

    /// Opens the file system; `preferJoliet` reads the Joliet tree even when Rock Ridge is present.
    public init(reader: BlockReader, preferJoliet: Bool = false) throws {
        self.reader = reader
        descriptors = try VolumeDescriptorSet.read(reader, path: reader.file.path)
        let root = descriptors.primary.root
        let rockRidgeSkip = try Self.rockRidgeSkipBytes(reader: reader, root: root)
        if let skip = rockRidgeSkip, !(preferJoliet && descriptors.jolietRoot != nil) {
            nameSpace = .rockRidge
            susSkipBytes = skip
            rootRecord = root
        } else if let joliet = descriptors.jolietRoot, joliet.isDirectory {
            nameSpace = .joliet
            susSkipBytes = 0
            rootRecord = joliet
        } else {
            nameSpace = .iso9660
            susSkipBytes = 0
            rootRecord = root
        }
    }

    /// Rock Ridge is in use when the root's "." record starts with SUSP SP and names or shows RRIP (RRIP §3).
    static func rockRidgeSkipBytes(reader: BlockReader, root: DirectoryRecord) throws -> Int? {
        guard let block = try reader.block(root.extentLBA), let dot = DirectoryRecord(block), dot.isSelf else {
            return nil
        }
        let fields = try RockRidgeFields.read(dot.systemUse, skipBytes: 0, reader: reader)
        guard let skip = fields.sharingProtocolSkipBytes, fields.announcesRockRidge else { return nil }
        return skip
    }

    public var root: ImageEntry {
        ImageEntry(path: "/", name: "", kind: .directory, sizeBytes: 0,
                   firstExtent: .init(lba: rootRecord.extentLBA, lengthBytes: rootRecord.dataLengthBytes),
                   modificationDate: rootRecord.recordingDate, depth: 0)
    }

    func makeWalker() -> DirectoryWalker {
        DirectoryWalker(reader: reader, nameSpace: nameSpace, susSkipBytes: susSkipBytes, imagePath: reader.file.path)
    }

    /// Streams the children of `directory` (and, when `recursive`, everything below) in pre-order. Returns the
    /// damage met that did not stop the walk (e.g. a Rock Ridge continuation loop), one line each.
    @discardableResult
    public func walk(_ directory: ImageEntry, recursive: Bool, visit: (ImageEntry) throws -> Void) throws -> [String] {
        let walker = makeWalker()
        try walker.walk(directory, recursive: recursive) { entry in
            try visit(entry)
            return true
        }
        return walker.damage
    }

    /// Finds an entry by absolute or relative path ("/", "/a/b", "a/b"). Throws `notFound`.
    public func lookup(_ path: String) throws -> ImageEntry { try lookupByWalking(path) }

    /// Streams a file's bytes in chunks of at most `chunkBytes`; throws `truncated` if an extent reaches past the file.
    public func readContents(of entry: ImageEntry, chunkBytes: Int = 1 << 20,
                             _ body: ([UInt8]) throws -> Void) throws {
        for extent in entry.extents {
            var done: Int64 = 0
            while done < extent.lengthBytes {
                let want = Int(min(Int64(chunkBytes), extent.lengthBytes - done))
                let bytes = try reader.data(lba: extent.lba, offsetBytes: done, count: want)
                guard bytes.count == want else {
                    throw DiscImageError.corrupt(
                        path: reader.file.path,
                        detail: "data of '\(entry.path)' reaches past the end of the file (image truncated?)")
                }
                try body(bytes)
                done += Int64(want)
            }
        }
    }
}

extension ISOFileSystem {
    /// Size checks only (no tree walk): is the file shorter than the volume space it announces?
    public var sizeValidation: ImageValidation {
        let present = reader.blocksPresent
        var validation = ImageValidation(
            blocks: present, blockBytes: reader.layout.sectorBytes, volumeBlocks: primary.volumeSpaceBlocks,
            blocksPresent: present, truncated: false, missingBlocks: 0, problems: [])
        if primary.volumeSpaceBlocks > present {
            validation.truncated = true
            validation.missingBlocks = primary.volumeSpaceBlocks - present
            validation.add("truncated: \(present) of \(primary.volumeSpaceBlocks) blocks present")
        }
        return validation
    }
}
