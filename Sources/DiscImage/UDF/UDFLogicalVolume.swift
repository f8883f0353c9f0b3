/// A UDF logical volume as far as reading its files needs: the partition maps (partition reference → blocks on
/// the medium) and the root directory's ICB, found from the anchor at block 256 (ECMA-167 3/8.4.2.1) through the
/// volume descriptor sequence (3/8.4.3) and the file set descriptor (4/14.1).
///
/// Read: type 1 partition maps (UDF 1.02–2.01, what mkisofs/genisoimage -udf, mkudffs and Windows ISOs write)
/// and the type 2 metadata partition of UDF 2.50/2.60 (its blocks are mapped through the metadata file's
/// allocation descriptors, UDF 2.2.13). Refused with the reason: virtual (VAT, packet-written CD-R) and
/// sparable (CD-RW) partitions, which need tables this reader does not follow; logical blocks other than 2048.
struct UDFLogicalVolume: Sendable {
    struct PhysicalPartition: Sendable {
        var number: UInt16
        var startLBA: Int64
        var lengthBlocks: Int64
    }

    enum Map: Sendable {
        case physical(PhysicalPartition)
        /// Metadata partition: its logical blocks are the bytes of the metadata file, which lies in `partition`.
        case metadata(partition: PhysicalPartition, extents: [(block: Int64, blocks: Int64)])
    }

    let reader: BlockReader
    let maps: [Map]
    let rootICB: UDFBlockAddress
    /// "NSR02"/"NSR03" from the recognition sequence, for messages.
    let standard: String

    static let maximumDescriptors: Int64 = 256
    static let maximumMaps = 16
    static let maximumMetadataExtents = 1024

    private static func damaged(_ path: String, _ detail: String) -> DiscImageError {
        .corrupt(path: path, detail: "UDF: " + detail)
    }

    static func unsupported(_ path: String, _ detail: String) -> DiscImageError {
        .unsupported(path: path, detail: "UDF: " + detail
            + "; only UDF 1.02–2.60 volumes with physical or metadata partitions and 2048-byte blocks are read")
    }

    init(reader: BlockReader, standard: String) throws {
        let path = reader.file.path
        self.reader = reader
        self.standard = standard
        guard let anchor = try reader.block(256), UDFTag.identifier(anchor) == UDFTag.anchor else {
            throw Self.damaged(path, "no anchor volume descriptor pointer at block 256")
        }
        var sequence = try Self.readSequence(reader, anchor: anchor, at: 16)
        if sequence.logicalVolume == nil || sequence.partitions.isEmpty {
            sequence = try Self.readSequence(reader, anchor: anchor, at: 24)  // the reserve sequence
        }
        guard let logicalVolume = sequence.logicalVolume, !sequence.partitions.isEmpty else {
            throw Self.damaged(path, "no logical volume or partition descriptor in the volume descriptor sequences")
        }
        guard logicalVolume.u32le(212) == 2048 else {
            throw Self.unsupported(path, "logical block size \(logicalVolume.u32le(212) ?? 0)")
        }
        var maps: [Map] = []
        try Self.forEachMap(logicalVolume, path: path) { type, map in
            maps.append(try Self.map(type: type, map, partitions: sequence.partitions, reader: reader, path: path))
        }
        self.maps = maps
        guard let fileSetICB = UDFExtent.long(logicalVolume, at: 248) else {
            throw Self.damaged(path, "the logical volume descriptor has no file set location")
        }
        let volume = UDFLogicalVolume(reader: reader, maps: maps, rootICB: fileSetICB.address, standard: standard)
        guard let fileSet = try volume.block(fileSetICB.address), UDFTag.identifier(fileSet) == UDFTag.fileSet,
              let root = UDFExtent.long(fileSet, at: 400) else {
            throw Self.damaged(path, "no file set descriptor at partition block \(fileSetICB.address.block)")
        }
        rootICB = root.address
    }

    /// Partition (tag 5) and logical volume (tag 6) descriptors of the sequence whose extent is at `offset` in
    /// the anchor (16: main, 24: reserve), at most `maximumDescriptors` blocks, up to the terminating descriptor.
    private static func readSequence(_ reader: BlockReader, anchor: ByteView, at offset: Int) throws
        -> (logicalVolume: ByteView?, partitions: [UInt16: PhysicalPartition]) {
        guard let lengthBytes = anchor.u32le(offset), let location = anchor.u32le(offset + 4) else { return (nil, [:]) }
        var logicalVolume: ByteView?
        var partitions: [UInt16: PhysicalPartition] = [:]
        for index in 0..<min(Int64(lengthBytes) / 2048, maximumDescriptors) {
            guard let block = try reader.block(Int64(location) + index),
                  let tag = UDFTag.identifier(block) else { break }
            if tag == UDFTag.terminating { break }
            if tag == UDFTag.logicalVolume, logicalVolume == nil { logicalVolume = block }
            if tag == UDFTag.partition, let number = block.u16le(22), let start = block.u32le(188),
               let length = block.u32le(192), partitions[number] == nil {
                partitions[number] = PhysicalPartition(number: number, startLBA: Int64(start),
                                                       lengthBlocks: Int64(length))
            }
        }
        return (logicalVolume, partitions)
    }

    /// The partition maps at byte 440 of the logical volume descriptor (3/10.6.13): type, length, body.
    private static func forEachMap(_ descriptor: ByteView, path: String,
                                   _ body: (UInt8, ByteView) throws -> Void) throws {
        guard let tableBytes = descriptor.u32le(264), let count = descriptor.u32le(268),
              let table = descriptor.slice(440, Int(min(tableBytes, 2048))) else {
            throw damaged(path, "the partition map table does not fit in its descriptor")
        }
        guard count >= 1, count <= maximumMaps else { throw damaged(path, "\(count) partition maps") }
        var offset = 0
        for _ in 0..<count {
            guard let type = table.u8(offset), let length = table.u8(offset + 1), length >= 2,
                  let map = table.slice(offset, Int(length)) else {
                throw damaged(path, "a partition map reaches past its table")
            }
            try body(type, map)
            offset += Int(length)
        }
    }

    private static func map(type: UInt8, _ map: ByteView, partitions: [UInt16: PhysicalPartition],
                            reader: BlockReader, path: String) throws -> Map {
        func partition(_ number: UInt16?) throws -> PhysicalPartition {
            guard let number, let found = partitions[number] else {
                throw damaged(path, "a partition map names a partition that has no descriptor")
            }
            return found
        }
        if type == 1 { return .physical(try partition(map.u16le(4))) }
        // Partition type identifier: a regid (UDF 2.1.5) at byte 4, its identifier at 5, NUL-padded.
        let identifier = String(decoding: (map.array(5, 23) ?? []).prefix { $0 != 0 }, as: UTF8.self)
        switch identifier {
        case "*UDF Metadata Partition":
            let physical = try partition(map.u16le(38))
            guard let fileBlock = map.u32le(40) else { throw damaged(path, "short metadata partition map") }
            return .metadata(partition: physical,
                             extents: try metadataExtents(reader, physical, fileBlock: fileBlock, path: path))
        case "*UDF Virtual Partition":
            throw unsupported(path, "virtual partition (VAT, packet-written CD-R)")
        case "*UDF Sparable Partition":
            throw unsupported(path, "sparable partition (CD-RW packet writing)")
        default:
            throw unsupported(path, "partition map '\(PrintableName.escaped(identifier))'")
        }
    }

    /// The metadata file's extents (UDF 2.50 2.2.13.1): a file entry of type 250 in the physical partition
    /// whose recorded extents, in order, are the metadata partition's blocks.
    private static func metadataExtents(_ reader: BlockReader, _ partition: PhysicalPartition, fileBlock: UInt32,
                                        path: String) throws -> [(block: Int64, blocks: Int64)] {
        let physical = UDFLogicalVolume(reader: reader, maps: [.physical(partition)],
                                        rootICB: .init(block: 0, partitionReference: 0), standard: "")
        let entry = try UDFFileEntry.read(physical, at: .init(block: fileBlock, partitionReference: 0), path: path)
        guard entry.fileType == 250 || entry.fileType == 251 else {
            throw damaged(path, "the metadata partition's file entry has file type \(entry.fileType)")
        }
        guard entry.pieces.count <= maximumMetadataExtents else {
            throw damaged(path, "the metadata file has \(entry.pieces.count) extents")
        }
        return try entry.pieces.map { piece in
            guard case .recorded(let lba, let bytes) = piece else {
                throw damaged(path, "the metadata file has an unrecorded extent")
            }
            return (lba - partition.startLBA, (bytes + 2047) / 2048)
        }
    }

    private init(reader: BlockReader, maps: [Map], rootICB: UDFBlockAddress, standard: String) {
        self.reader = reader
        self.maps = maps
        self.rootICB = rootICB
        self.standard = standard
    }

    /// The disc address of a partition block, nil when the reference or block lies outside its partition.
    func lba(_ address: UDFBlockAddress) -> Int64? { runs(address, blocks: 1)?.first?.lba }

    /// The block at a partition address, nil when it lies outside the partition or the file.
    func block(_ address: UDFBlockAddress) throws -> ByteView? {
        guard let lba = lba(address) else { return nil }
        return try reader.block(lba)
    }
}
