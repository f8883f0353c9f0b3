/// The UDF file tree of an image (UDF-only, or the UDF side of a UDF bridge such as a Windows installer ISO).
///
/// Our own bounds-checked reader, not libudf (libcdio's, which we link for the volume name). Why: with libudf
/// (`udf_opendir`, `udf_readdir`, `udf_read_block`) the file identifiers, file entries and allocation
/// descriptors are parsed in C, from lengths the image announces, behind an API that gives the caller no say
/// in loop, depth or work limits: a mistake there is a memory error in our process, which issue 13 forbids,
/// and we could check its inputs only by parsing everything ourselves first, which is this reader. A Swift
/// mistake here is at worst a thrown error or a trap the fuzz target finds. Here every descriptor is parsed inside the bytes read (`ByteView`), tags are checked (checksum,
/// CRC, location, as the Linux kernel's udf driver does), extents are checked against their partition, and the
/// walk has the ISO walker's guards: each directory entered once (a second visit is a loop), depth capped,
/// directory bytes held along the current path capped, allocation chains capped.
public struct UDFFileSystem: Sendable, ImageTree {
    public let reader: BlockReader
    let volume: UDFLogicalVolume
    public let root: ImageEntry
    public var treeName: String { "UDF" }

    /// Opens the UDF volume of a detected image (`UDFVolume.detect` found its recognition sequence and anchor).
    public init(reader: BlockReader, standard: String = "NSR02") throws {
        self.reader = reader
        volume = try UDFLogicalVolume(reader: reader, standard: standard)
        let entry = try UDFFileEntry.read(volume, at: volume.rootICB, path: reader.file.path)
        guard entry.fileType == 4 else {
            throw DiscImageError.corrupt(path: reader.file.path, detail: "UDF: the root ICB is not a directory")
        }
        var root = ImageEntry(path: "/", name: "", kind: .directory, sizeBytes: 0, firstExtent: nil,
                              modificationDate: entry.modificationDate, depth: 0)
        root.udfPieces = entry.pieces
        root.extents = Self.recordedExtents(entry.pieces)
        root.udfEntryLBA = volume.lba(volume.rootICB)
        self.root = root
    }

    static func recordedExtents(_ pieces: [UDFPiece]) -> [ImageEntry.Extent] {
        pieces.compactMap { piece in
            guard case .recorded(let lba, let bytes) = piece else { return nil }
            return ImageEntry.Extent(lba: lba, lengthBytes: bytes)
        }
    }

    @discardableResult
    public func walk(_ directory: ImageEntry, recursive: Bool, visit: (ImageEntry) throws -> Void) throws -> [String] {
        let walker = UDFDirectoryWalker(fileSystem: self)
        try walker.walk(directory, recursive: recursive) { entry in
            try visit(entry)
            return true
        }
        return walker.damage
    }

    public func lookup(_ path: String) throws -> ImageEntry { try lookupByWalking(path) }

    public func readContents(of entry: ImageEntry, chunkBytes: Int = 1 << 20,
                             _ body: ([UInt8]) throws -> Void) throws {
        let chunk = max(1, chunkBytes)
        for piece in entry.udfPieces ?? [] {
            switch piece {
            case .embedded(let data):
                if !data.isEmpty { try body(data) }
            case .zeros(let bytes):
                var left = bytes
                while left > 0 {
                    let take = Int(min(Int64(chunk), left))
                    try body([UInt8](repeating: 0, count: take))
                    left -= Int64(take)
                }
            case .recorded(let lba, let bytes):
                var done: Int64 = 0
                while done < bytes {
                    let want = Int(min(Int64(chunk), bytes - done))
                    let data = try reader.data(lba: lba, offsetBytes: done, count: want)
                    guard data.count == want else {
                        throw DiscImageError.corrupt(path: reader.file.path, detail: "data of '\(entry.path)' reaches "
                                                     + "past the end of the file (image truncated?)")
                    }
                    try body(data)
                    done += Int64(want)
                }
            }
        }
    }

    /// The blocks the UDF volume needs (the end of its furthest partition), against the blocks in the file.
    public var sizeValidation: ImageValidation {
        let present = reader.blocksPresent
        let needed = volume.endBlocks
        var validation = ImageValidation(blocks: present, blockBytes: 2048, volumeBlocks: needed,
                                         blocksPresent: present, truncated: false, missingBlocks: 0, problems: [])
        if needed > present {
            validation.truncated = true
            validation.missingBlocks = needed - present
            validation.add("truncated: \(present) of \(needed) blocks present")
        }
        return validation
    }
}

extension UDFLogicalVolume {
    /// The end of the furthest physical partition (ECMA-167 3/10.5: starting location + length).
    var endBlocks: Int64 {
        maps.map { map -> Int64 in
            switch map {
            case .physical(let partition), .metadata(let partition, _):
                return partition.startLBA + partition.lengthBlocks
            }
        }.max() ?? 0
    }
}
