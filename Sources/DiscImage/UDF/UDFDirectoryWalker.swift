/// Streams a UDF directory tree depth first: each directory's data is read (capped), its File Identifier
/// Descriptors (ECMA-167 4/14.4) parsed in place, each child's file entry read, and children visited in order.
final class UDFDirectoryWalker {
    let fileSystem: UDFFileSystem
    static let maximumDepth = DirectoryWalker.maximumDepth
    static let maximumDirectoryBytes: Int64 = 16 * 1024 * 1024
    /// Directory bytes held at once along the path being walked (each level keeps its directory until done).
    static let maximumHeldBytes: Int64 = 64 * 1024 * 1024
    static let maximumSymlinkBytes: Int64 = 4096

    private var visitedDirectories: Set<Int64> = []
    private var heldBytes: Int64 = 0
    private let budget = UDFWorkBudget()
    private(set) var damage: [String] = []

    init(fileSystem: UDFFileSystem) { self.fileSystem = fileSystem }

    private var path: String { fileSystem.reader.file.path }
    private func corrupt(_ detail: String) -> DiscImageError { .corrupt(path: path, detail: "UDF: " + detail) }

    private func note(_ line: String) {
        if damage.count < DirectoryWalker.maximumDamageLines { damage.append(line) }
    }

    /// Calls `visit` for each child; when `recursive`, descends right after visiting a directory that `visit`
    /// returned true for (pre-order).
    func walk(_ directory: ImageEntry, recursive: Bool, visit: (ImageEntry) throws -> Bool) throws {
        guard directory.depth < Self.maximumDepth else {
            throw corrupt("directory tree deeper than \(Self.maximumDepth) levels at '\(directory.path)'")
        }
        guard visitedDirectories.insert(directory.udfEntryLBA ?? -1).inserted else {
            throw corrupt("directory loop: '\(PrintableName.escaped(directory.path))' is entered twice")
        }
        let data = try directoryBytes(directory)
        heldBytes += Int64(data.count)
        defer { heldBytes -= Int64(data.count) }
        let view = ByteView(data)
        var offset = 0
        while offset + 38 <= view.count {
            guard UDFTag.identifier(view, at: offset) == UDFTag.fileIdentifier,
                  let characteristics = view.u8(offset + 18), let nameBytes = view.u8(offset + 19),
                  let icb = UDFExtent.long(view, at: offset + 20), let implementationBytes = view.u16le(offset + 36),
                  let name = view.slice(offset + 38 + Int(implementationBytes), Int(nameBytes)) else {
                throw corrupt("bad file identifier at byte \(offset) of directory '\(PrintableName.escaped(directory.path))'")
            }
            offset += (38 + Int(implementationBytes) + Int(nameBytes) + 3) & ~3
            // Bit 2 deleted, bit 3 parent (4/14.4.3).
            guard characteristics & 0x0C == 0 else { continue }
            guard let entry = try makeEntry(name: name, icb: icb.address, parent: directory) else { continue }
            if entry.kind == .directory, visitedDirectories.contains(entry.udfEntryLBA ?? -1) {
                throw corrupt("directory loop: '\(PrintableName.escaped(entry.path))' points back to an ancestor")
            }
            if try visit(entry), recursive, entry.kind == .directory {
                try walk(entry, recursive: true, visit: visit)
            }
        }
    }

    /// The whole directory stream (FIDs may cross block boundaries, 4/14.4), within the caps.
    private func directoryBytes(_ directory: ImageEntry) throws -> [UInt8] {
        let total = (directory.udfPieces ?? []).reduce(Int64(0)) { $0 &+ $1.bytes }
        guard total <= Self.maximumDirectoryBytes, heldBytes + total <= Self.maximumHeldBytes else {
            throw corrupt("directory '\(PrintableName.escaped(directory.path))' announces \(total) bytes")
        }
        var data: [UInt8] = []
        data.reserveCapacity(Int(total))
        try fileSystem.readContents(of: directory) { data += $0 }
        return data
    }

    /// The entry for one identifier: nil for special files (devices, FIFOs, sockets: no data to list or copy).
    private func makeEntry(name view: ByteView, icb: UDFBlockAddress, parent: ImageEntry) throws -> ImageEntry? {
        var name = UDFText.decode(view) ?? ""
        if name.isEmpty || UDFText.decode(view) == nil {
            name = "?" + (view.array(0, view.count) ?? []).map { String($0, radix: 16) }.joined()
            note("unreadable file name \(name) in '\(PrintableName.escaped(parent.path))'")
        }
        let fileEntry = try UDFFileEntry.read(fileSystem.volume, at: icb, path: path, budget: budget)
        let kind: ImageEntry.Kind
        switch fileEntry.fileType {
        case 4: kind = .directory
        case 12: kind = .symlink
        case 0, 5: kind = .file
        default: return nil
        }
        var entry = ImageEntry(
            path: parent.path == "/" ? "/" + name : parent.path + "/" + name, name: name, kind: kind,
            sizeBytes: kind == .file ? fileEntry.informationLengthBytes : 0, firstExtent: nil,
            modificationDate: fileEntry.modificationDate, depth: parent.depth + 1)
        entry.udfPieces = fileEntry.pieces
        entry.extents = UDFFileSystem.recordedExtents(fileEntry.pieces)
        entry.udfEntryLBA = fileSystem.volume.lba(icb)
        if kind == .symlink { try resolveSymlink(&entry) }
        return entry
    }

    /// Symbolic link data: path components (ECMA-167 4/14.16): 1 root, 2 unspecified root, 3 "..", 4 ".",
    /// 5 a name.
    private func resolveSymlink(_ entry: inout ImageEntry) throws {
        guard (entry.udfPieces ?? []).reduce(Int64(0), { $0 &+ $1.bytes }) <= Self.maximumSymlinkBytes else {
            throw corrupt("symbolic link '\(PrintableName.escaped(entry.path))' is over \(Self.maximumSymlinkBytes) bytes")
        }
        var data: [UInt8] = []
        try fileSystem.readContents(of: entry) { data += $0 }
        let view = ByteView(data)
        var components: [String] = []
        var absolute = false
        var offset = 0
        while let type = view.u8(offset), let length = view.u8(offset + 1) {
            guard let name = view.slice(offset + 4, Int(length)) else { break }
            switch type {
            case 1, 2: absolute = components.isEmpty
            case 3: components.append("..")
            case 4: components.append(".")
            case 5: components.append(UDFText.decode(name) ?? "?")
            default: break
            }
            offset += 4 + Int(length)
        }
        entry.symlinkTarget = (absolute ? "/" : "") + components.joined(separator: "/")
        entry.udfPieces = []
        entry.extents = []
    }
}
