/// Streams a directory tree out of raw sectors, depth first, one entry at a time.
///
/// Guards (the tree is untrusted): every record is parsed only inside its block; directory extents must lie inside
/// the file; each directory extent is entered at most once (a second visit is a loop); depth is capped.
final class DirectoryWalker {
    let reader: BlockReader
    let nameSpace: NameSpace
    let susSkipBytes: Int
    let imagePath: String
    static let maximumDepth = 255
    static let maximumDirectoryBytes: Int64 = 64 * 1024 * 1024

    private var visitedExtents: Set<Int64> = []
    /// Rock Ridge continuation bytes this walk may still load (shared by all its records).
    var continuationBudget = ContinuationBudget()
    /// Damage met on the way that did not stop the walk (a record's fields read before it are kept), one line
    /// each, at most `maximumDamageLines`.
    private(set) var damage: [String] = []
    static let maximumDamageLines = 20

    init(reader: BlockReader, nameSpace: NameSpace, susSkipBytes: Int, imagePath: String) {
        self.reader = reader
        self.nameSpace = nameSpace
        self.susSkipBytes = susSkipBytes
        self.imagePath = imagePath
    }

    /// Calls `visit` for each child of `directory`; when `recursive`, descends into each child directory right after
    /// visiting it (pre-order). `visit` returns false to skip descending into that directory.
    func walk(_ directory: ImageEntry, recursive: Bool, visit: (ImageEntry) throws -> Bool) throws {
        guard let extent = directory.firstExtent else { return }
        guard directory.depth < Self.maximumDepth else {
            throw corrupt("directory tree deeper than \(Self.maximumDepth) levels at '\(directory.path)'")
        }
        guard visitedExtents.insert(extent.lba).inserted else {
            throw corrupt("directory loop: '\(directory.path)' points back to block \(extent.lba)")
        }
        try checkExtent(extent, of: directory)
        let blockCount = (extent.lengthBytes + 2047) / 2048
        var run: (firstLBA: Int64, view: ByteView)?
        var pending = PendingFile()
        for index in 0..<blockCount {
            let lba = extent.lba + index
            guard let block = try directoryBlock(lba, index: index, of: blockCount, into: &run) else {
                throw truncatedDirectory(directory)
            }
            try forEachRecord(in: block, lba: lba) { record in
                guard !record.isSelf, !record.isParent else { return }
                if !pending.isOpen, !record.flags.contains(.multiExtent) {
                    // The common record: one extent, nothing pending. Straight to `visit`, without the
                    // multi-extent bookkeeping's copies of the entry.
                    if let entry = try makeEntry(record, parent: directory) {
                        try visitChild(entry, recursive: recursive, visit: visit)
                    }
                    return
                }
                try pending.add(record, makeEntry: { try makeEntry($0, parent: directory) }) { entry in
                    try visitChild(entry, recursive: recursive, visit: visit)
                }
            }
        }
        if let last = pending.flush() { _ = try visit(last) }
    }

    /// Visits one child and, when `recursive` and it is a directory, its tree; a child directory that is already
    /// being walked is a loop.
    private func visitChild(_ entry: ImageEntry, recursive: Bool, visit: (ImageEntry) throws -> Bool) throws {
        if entry.kind == .directory, let child = entry.firstExtent, visitedExtents.contains(child.lba) {
            throw corrupt("directory loop: '\(entry.path)' points back to block \(child.lba)")
        }
        if try visit(entry), recursive, entry.kind == .directory {
            try walk(entry, recursive: true, visit: visit)
        }
    }

    /// Block `index` of a directory extent of `blockCount` blocks, read `runBlocks` at a time (one read call per
    /// 64 KiB instead of one per block: issue 15, `image ls -R`); each block is still parsed on its own.
    private func directoryBlock(_ lba: Int64, index: Int64, of blockCount: Int64,
                                into run: inout (firstLBA: Int64, view: ByteView)?) throws -> ByteView? {
        if let current = run, lba >= current.firstLBA,
           let block = current.view.slice(Int(lba - current.firstLBA) * 2048, 2048) {
            return block
        }
        let count = Int(min(Self.runBlocks, blockCount - index))
        guard let view = try reader.blocks(lba, count: count) else { return nil }
        run = (lba, view)
        return view.slice(0, 2048)
    }

    static let runBlocks: Int64 = 32

    /// The records of one block; a record reaching past the block is damage, a zero length byte ends the block.
    private func forEachRecord(in block: ByteView, lba: Int64, _ body: (DirectoryRecord) throws -> Void) throws {
        var offset = 0
        while let length = block.u8(offset), length != 0 {
            guard let view = block.slice(offset, block.count - offset), let record = DirectoryRecord(view) else {
                throw corrupt("directory record at block \(lba) byte \(offset) announces \(length) bytes, "
                    + "which do not fit in the block or are malformed")
            }
            try body(record)
            offset += record.recordBytes
        }
    }

    private func checkExtent(_ extent: ImageEntry.Extent, of directory: ImageEntry) throws {
        guard extent.lengthBytes <= Self.maximumDirectoryBytes else {
            throw corrupt("directory '\(directory.path)' announces \(extent.lengthBytes) bytes")
        }
        let blockCount = (extent.lengthBytes + 2047) / 2048
        guard extent.lba >= reader.layout.firstLBA, extent.lba &+ blockCount <= reader.endLBA else {
            throw truncatedDirectory(directory)
        }
    }

    private func truncatedDirectory(_ directory: ImageEntry) -> DiscImageError {
        corrupt("directory '\(directory.path)' lies past the end of the file (image truncated?)")
    }

    private func corrupt(_ detail: String) -> DiscImageError { .corrupt(path: imagePath, detail: detail) }

    /// Builds the entry for a record; returns nil for records hidden by Rock Ridge (RE).
    func makeEntry(_ record: DirectoryRecord, parent: ImageEntry) throws -> ImageEntry? {
        var entry = ImageEntry(
            path: "", name: "", kind: record.isDirectory ? .directory : .file, sizeBytes: record.dataLengthBytes,
            firstExtent: .init(lba: record.extentLBA, lengthBytes: record.dataLengthBytes),
            modificationDate: record.recordingDate, depth: parent.depth + 1)
        switch nameSpace {
        case .joliet: entry.name = record.jolietName
        case .iso9660: entry.name = record.isoName
        case .rockRidge:
            let fields = try RockRidgeFields.read(record.systemUse, skipBytes: susSkipBytes, reader: reader,
                                                  budget: &continuationBudget)
            if let reason = fields.damage, damage.count < Self.maximumDamageLines {
                let name = PrintableName.escaped(fields.name ?? record.isoName)
                damage.append("\(reason) (entry '\(name)' in '\(PrintableName.escaped(parent.path))')")
            }
            if fields.isRelocated { return nil }
            try applyRockRidge(fields, record: record, to: &entry)
        }
        entry.path = Self.childPath(parent.path, entry.name)
        if entry.kind == .directory { entry.sizeBytes = 0 }
        return entry
    }

    /// "parent/name" in one allocation, the bytes copied whole (this runs for every entry of a listing).
    static func childPath(_ parentPath: String, _ name: String) -> String {
        let parentBytes = parentPath == "/" ? 0 : parentPath.utf8.count
        let total = parentBytes + 1 + name.utf8.count
        return String(unsafeUninitializedCapacity: total) { buffer in
            var done = 0
            if parentBytes > 0 {
                done = UnsafeMutableBufferPointer(rebasing: buffer[0...]).initialize(from: parentPath.utf8).1
            }
            buffer[done] = UInt8(ascii: "/")
            done += 1
            done += UnsafeMutableBufferPointer(rebasing: buffer[done...]).initialize(from: name.utf8).1
            return done
        }
    }

    private func applyRockRidge(_ fields: RockRidgeFields, record: DirectoryRecord, to entry: inout ImageEntry) throws {
        entry.name = fields.name ?? record.isoName
        entry.mode = fields.mode
        entry.uid = fields.uid
        entry.gid = fields.gid
        if let date = fields.modification { entry.modificationDate = date }
        if let target = fields.symlinkTarget, !record.isDirectory {
            entry.kind = .symlink
            entry.symlinkTarget = target
            entry.firstExtent = nil
        }
        if let lba = fields.childLinkLBA {
            entry.kind = .directory
            entry.firstExtent = try relocatedExtent(lba)
        }
    }

    /// A CL child link points at the relocated directory; its size is in that directory's own "." record.
    private func relocatedExtent(_ lba: Int64) throws -> ImageEntry.Extent {
        guard let block = try reader.block(lba), let dot = DirectoryRecord(block), dot.isSelf else {
            throw corrupt("Rock Ridge child link points at block \(lba), which holds no directory")
        }
        return .init(lba: lba, lengthBytes: dot.dataLengthBytes)
    }
}

/// Joins the records of a multi-extent file (ECMA-119 §6.5.1: all but the last carry the multi-extent flag).
struct PendingFile {
    private var open: ImageEntry?
    private var openIdentifier = ByteView([])
    /// A multi-extent chain is waiting for its next record.
    var isOpen: Bool { open != nil }

    /// Feeds one record and emits every entry it completes (a broken chain is emitted as far as it went).
    mutating func add(_ record: DirectoryRecord, makeEntry: (DirectoryRecord) throws -> ImageEntry?,
                      emit: (ImageEntry) throws -> Void) throws {
        if var chain = open {
            open = nil
            if record.identifierView.sameBytes(as: openIdentifier) {
                chain.moreExtents.append(.init(lba: record.extentLBA, lengthBytes: record.dataLengthBytes))
                chain.sizeBytes &+= record.dataLengthBytes
                if record.flags.contains(.multiExtent) { open = chain } else { try emit(chain) }
                return
            }
            try emit(chain)
        }
        guard let entry = try makeEntry(record) else { return }
        if record.flags.contains(.multiExtent), entry.kind == .file {
            open = entry
            openIdentifier = record.identifierView
        } else {
            try emit(entry)
        }
    }

    mutating func flush() -> ImageEntry? {
        defer { open = nil }
        return open
    }
}
