import Burning
import Crypto
import DiscImage
import Foundation

/// A file-copy stick built in a sparse work file the size of the disk, ready for the raw writer: the GPT head
/// and FAT32 file system with every file, up to the last byte in use (`imagePath`, `prefixBytes`), and the
/// backup GPT (`tail`) for the disk's end.
struct StagedStick: Sendable {
    struct File: Sendable, Hashable {
        /// Path on the FAT file system, "/"-separated from its root.
        var path: String
        var sizeBytes: UInt64
        var sha256: String
    }

    var imagePath: String
    var prefixBytes: UInt64
    var layout: GPTLayout
    var tail: [UInt8]
    var label: String
    var files: [File]
    var skippedSymlinks: [String]
    /// WIMs split into .swm parts: the original ISO paths.
    var splitWIMs: [String]
}

/// Builds a `StagedStick` from an ISO without mounting anything: the tree through DiscImage into a work
/// directory (hashed on the way), WIMs over 4 GiB split by wimlib, the GPT written by `GPTLayout`, the FAT32
/// file system by mkfs.fat at the partition's offset, the files by mcopy (`-i image@@offset`).
final class FileCopyStager: @unchecked Sendable {
    struct Settings: Sendable, Hashable {
        var fileLimitBytes = FATTree.fatFileLimitBytes
        /// wimlib's part size: under 4 GiB with room for one resource past it (Rufus and WoeUSB use 3800–4000).
        var wimPartMiB = 3800
    }

    let isoPath: String
    let diskBytes: UInt64
    let volumeId: String?
    let settings: Settings
    let workDirectory: String
    let isCancelled: () -> Bool
    let emit: (BurnStatus) -> Void
    private let lock = NSLock()
    private var child: Process?

    init(isoPath: String, diskBytes: UInt64, volumeId: String?, settings: Settings, workDirectory: String,
         isCancelled: @escaping () -> Bool, emit: @escaping (BurnStatus) -> Void) {
        self.isoPath = isoPath
        self.diskBytes = diskBytes
        self.volumeId = volumeId
        self.settings = settings
        self.workDirectory = workDirectory
        self.isCancelled = isCancelled
        self.emit = emit
    }

    /// Terminates a running tool (Ctrl-C).
    func cancel() { lock.withLock { child }?.terminate() }

    func stage() throws -> StagedStick {
        let (chosen, entries, tree) = try Self.survey(isoPath: isoPath, settings: settings)
        let fileSystem = chosen.tree
        let label = FATLabel.label(fromVolumeId: volumeId)
        guard let layout = GPTLayout(diskBytes: diskBytes, partitionName: label) else {
            throw USBWriteError.fileCopy(reason: "the disk (\(diskBytes) bytes) is too small for a FAT32 partition")
        }
        try checkSpace(tree, layout: layout)
        let treeDirectory = workDirectory + "/tree"
        var files = try extract(tree, entries: entries, from: fileSystem, to: treeDirectory)
        var split: [String] = []
        for file in tree.files where file.splitWIM {
            try checkCancelled()
            files = try splitWIM(file.path, in: treeDirectory, files: files)
            split.append(file.path)
        }
        let image = workDirectory + "/stick.img"
        try writeLayout(layout, to: image)
        try format(image, layout: layout, label: label)
        try copy(treeDirectory, into: image, layout: layout)
        let prefix = try usedPrefixBytes(image, limit: layout.tailOffsetBytes)
        guard truncate(image, off_t(prefix)) == 0 else {
            throw USBWriteError.fileCopy(reason: "cannot trim the work file \(image): \(String(cString: strerror(errno)))")
        }
        try? FileManager.default.removeItem(atPath: treeDirectory)
        return StagedStick(imagePath: image, prefixBytes: prefix, layout: layout, tail: layout.tail(), label: label,
                           files: files, skippedSymlinks: tree.skippedSymlinks, splitWIMs: split)
    }

    private func checkCancelled() throws { if isCancelled() { throw USBWriteCancelled() } }

    /// The tree must fit the partition, and the work directory must hold the tree and the file system.
    func checkSpace(_ tree: FATTree, layout: GPTLayout) throws {
        let cluster = FATTree.clusterBytes(partitionBytes: layout.partitionBytes)
        let fatBytes = layout.partitionBytes / cluster * 4 * 2 + (1 << 20)
        let needed = tree.bytesOnFAT(clusterBytes: cluster) + fatBytes
        guard needed <= layout.partitionBytes else {
            throw USBWriteError.fileCopy(reason: "the files need about \(needed) bytes on FAT32, the disk's partition "
                                         + "holds \(layout.partitionBytes); use a larger stick")
        }
        var info = statvfs()
        if statvfs(workDirectory, &info) == 0 {
            let free = UInt64(info.f_bavail) * UInt64(info.f_frsize)
            let work = tree.totalBytes * (tree.files.contains(where: \.splitWIM) ? 2 : 1) + needed
            guard work <= free else {
                throw USBWriteError.fileCopy(reason: "the work directory \(workDirectory) has \(free) bytes free, "
                    + "about \(work) are needed to stage the stick; set TMPDIR to a larger file system")
            }
        }
    }

    /// Pre-order: directories made, files streamed out of the ISO and hashed (symlinks skipped). Names were
    /// checked by `FATTree` (no "/", ".", ".."), so each path is the work directory plus the ISO path.
    func extract(_ tree: FATTree, entries: [ImageEntry], from fileSystem: any ImageTree,
                 to directory: String) throws -> [StagedStick.File] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var meter = ProgressMeter(totalBytes: max(1, tree.totalBytes), profile: .removableDisk)
        emit(meter.status(.preparing))
        var files: [StagedStick.File] = []
        for entry in entries {
            let path = directory + entry.path
            switch entry.kind {
            case .symlink: continue
            case .directory:
                guard mkdir(path, 0o755) == 0 || errno == EEXIST else { throw workError(path) }
            case .file:
                let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
                guard descriptor >= 0 else { throw workError(path) }
                defer { close(descriptor) }
                var hash = SHA256()
                try fileSystem.readContents(of: entry, chunkBytes: 4 << 20) { bytes in
                    try checkCancelled()
                    hash.update(data: bytes)
                    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                    guard written == bytes.count else { throw workError(path) }
                    meter.add(bytes: bytes.count)
                    if meter.due() { emit(meter.status(.preparing)) }
                }
                files.append(.init(path: entry.path, sizeBytes: UInt64(max(0, entry.sizeBytes)), sha256: Self.hex(hash)))
            }
        }
        emit(meter.status(.preparing))
        return files
    }

    private func workError(_ path: String) -> USBWriteError {
        .fileCopy(reason: "cannot write the work file \(path): \(String(cString: strerror(errno)))")
    }

    /// The ISO's tree through DiscImage (`DiscImage.tree`: ISO 9660, or UDF when there is no ISO 9660 tree or
    /// the UDF tree holds more files, as in Windows ISOs whose ISO 9660 side is a README.TXT), checked for FAT32 (`FATTree`) and for a UEFI boot loader where the
    /// firmware looks on a removable disk (\EFI\BOOT\BOOT<arch>.EFI, UEFI §3.5.1.1). Reads directories only
    /// (and 8 bytes of a large .wim), so `plan()` runs it before the prompt.
    static func survey(isoPath: String, settings: Settings) throws -> (ChosenTree, [ImageEntry], FATTree) {
        let chosen = try DiscImage.tree(path: isoPath)
        let fileSystem = chosen.tree
        var entries: [ImageEntry] = []
        try fileSystem.walk(fileSystem.root, recursive: true) { entries.append($0) }
        let tree = try FATTree.survey(entries, fileLimitBytes: settings.fileLimitBytes) { entry in
            var head: [UInt8] = []
            do {
                try fileSystem.readContents(of: entry, chunkBytes: 8) { chunk in
                    head = chunk
                    throw FirstChunkRead()
                }
            } catch is FirstChunkRead {}
            return head == Array("MSWIM".utf8) + [0, 0, 0]  // the WIM header's magic (wimlib's header.h)
        }
        guard tree.files.contains(where: { FATTree.isRemovableMediaBootLoader($0.path) }) else {
            throw USBWriteError.fileCopy(reason: "the ISO's \(fileSystem.treeName) tree has no "
                + "\\EFI\\BOOT\\BOOT<arch>.EFI, so a FAT32 copy would not boot")
        }
        return (chosen, entries, tree)
    }

    /// Stops `readContents` after the first chunk.
    private struct FirstChunkRead: Error {}

    static func hex(_ hash: SHA256) -> String { hash.finalize().map { String(format: "%02x", $0) }.joined() }

    /// `wimlib-imagex split X.wim X.swm <MiB>`: X.swm, X2.swm, …; the .wim is removed and the parts listed.
    func splitWIM(_ path: String, in directory: String, files: [StagedStick.File]) throws -> [StagedStick.File] {
        let wim = directory + path
        let base = String(wim.dropLast(4))
        try runTool(FileCopyTools.wimlib, ["split", wim, base + ".swm", "\(settings.wimPartMiB)"])
        try FileManager.default.removeItem(atPath: wim)
        let folder = (wim as NSString).deletingLastPathComponent
        let stem = (base as NSString).lastPathComponent
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { name in
            guard name.hasPrefix(stem), name.hasSuffix(".swm") else { return false }
            return name.dropFirst(stem.count).dropLast(4).allSatisfy(\.isNumber)
        }.sorted()
        var result = files.filter { $0.path != path }
        let isoFolder = (path as NSString).deletingLastPathComponent
        for name in names {
            let partPath = folder + "/" + name
            let size = (try FileManager.default.attributesOfItem(atPath: partPath)[.size] as? NSNumber)?.uint64Value ?? 0
            guard size <= settings.fileLimitBytes else {
                throw USBWriteError.fileCopy(reason: "\(path) split into parts, but \(name) is still \(size) bytes, "
                                             + "over FAT32's limit (one resource in the WIM is that large)")
            }
            result.append(.init(path: (isoFolder == "/" ? "" : isoFolder) + "/" + name, sizeBytes: size,
                                sha256: try Self.sha256(ofFile: partPath)))
        }
        return result
    }

    static func sha256(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw USBWriteError.fileCopy(reason: "cannot read the work file \(path)")
        }
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty { hash.update(data: chunk) }
        return hex(hash)
    }

    func runTool(_ tool: FileCopyTools.Tool, _ arguments: [String], environment: [String: String] = [:]) throws {
        try checkCancelled()
        do {
            try FileCopyTools.run(tool, arguments, environment: environment) { [self] process in
                lock.withLock { child = process }
            }
        } catch {
            try checkCancelled()
            throw error
        }
    }
}
