#if canImport(Glibc)
import Glibc
#endif

/// Second pass of an extraction: writes entries as the walk streams them, and reports progress.
struct ExtractionSession {
    let extractor: Extractor
    let total: ExtractionPlan
    var report = ExtractionReport()
    /// Directory modes and dates are applied last, so a read-only directory can still be filled.
    private var directories: [(path: String, mode: mode_t, date: ISODate?)] = []
    private var lastProgressBytes: Int64 = 0
    static let progressEveryBytes: Int64 = 64 << 20

    init(extractor: Extractor, total: ExtractionPlan) {
        self.extractor = extractor
        self.total = total
        paths = OutputPaths(destination: extractor.destination)
    }

    private var paths: OutputPaths

    /// Writes a selected root ("/" is the destination itself) after creating the directories above it.
    mutating func begin(_ root: ImageEntry) throws {
        let path = paths.begin(root)
        try FileOutput.ensureParents(of: path, below: extractor.destination)
        if root.path != "/" { try write(root, to: path) }
    }

    mutating func write(_ entry: ImageEntry) throws {
        var (path, neutralised) = paths.path(for: entry)
        if let neutralised { report.neutralised.append(neutralised) }
        if entry.kind != .directory {
            path = uniquePath(path, for: entry)
        }
        try write(entry, to: path)
    }

    /// Output paths of files and symlinks written so far: a second entry with the same name in one directory
    /// (a hostile or damaged image) is written beside the first as NAME.~N~ and reported, never over it.
    private var writtenPaths: Set<String> = []

    private mutating func uniquePath(_ path: String, for entry: ImageEntry) -> String {
        guard writtenPaths.contains(path) else {
            writtenPaths.insert(path)
            return path
        }
        var number = 2
        while writtenPaths.contains(path + ".~\(number)~") || FileOutput.exists(path + ".~\(number)~") { number += 1 }
        let renamed = path + ".~\(number)~"
        writtenPaths.insert(renamed)
        report.neutralised.append("duplicate name '\(ExtractionPath.printable(entry.path))' in the image: "
            + "the second entry written as '\(ExtractionPath.printable(renamed))'")
        return renamed
    }

    private mutating func write(_ entry: ImageEntry, to path: String) throws {
        switch entry.kind {
        case .directory:
            try FileOutput.ensureDirectory(path)
            directories.append((path, mode_t(entry.permissions.map { $0 & 0o1777 } ?? 0o755), entry.modificationDate))
            report.directories += 1
        case .file:
            try writeFile(entry, to: path)
        case .symlink:
            writeSymlink(entry, to: path)
        }
    }

    private mutating func writeFile(_ entry: ImageEntry, to path: String) throws {
        let fd = try FileOutput.createFile(path, overwrite: extractor.overwrite)
        var offset: Int64 = 0
        do {
            try extractor.fileSystem.readContents(of: entry, chunkBytes: 1 << 20) { chunk in
                try FileOutput.write(fd, chunk, at: offset, path: path)
                offset += Int64(chunk.count)
                report.bytes += Int64(chunk.count)
                if report.bytes - lastProgressBytes >= Self.progressEveryBytes { reportProgress() }
            }
            let mode = mode_t(entry.permissions.map { $0 & 0o1777 } ?? 0o644)
            try FileOutput.finishFile(fd, sizeBytes: entry.sizeBytes, mode: mode, date: entry.modificationDate,
                                      path: path)
        } catch {
            // A partial file is never left behind (a full disk must not make the rerun refuse it): this extraction
            // created it with O_EXCL, so it is ours to remove.
            close(fd)
            unlink(path)
            throw error
        }
        guard close(fd) == 0 else {
            let failure = FileOutput.failure(path, "finish writing")
            unlink(path)
            throw failure
        }
        report.files += 1
        reportProgress()
    }

    private mutating func writeSymlink(_ entry: ImageEntry, to path: String) {
        let target = entry.symlinkTarget ?? ""
        let destination = extractor.destination
        let linkDirectory = path.hasPrefix(destination + "/")
            ? path.dropFirst(destination.count + 1).split(separator: "/").dropLast().map(String.init) : []
        let inside = ExtractionPath.symlinkStaysInside(target, linkDirectory: linkDirectory) { relative in
            var info = stat()
            return lstat(destination + "/" + relative, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
        }
        guard inside else {
            let shown = ExtractionPath.printable(target)
            report.neutralised.append("symlink '\(entry.path)' -> '\(shown)' not created: target outside destination")
            return
        }
        if extractor.overwrite { try? FileOutput.removeExisting(path) }
        guard symlink(target, path) == 0 else {
            report.neutralised.append("symlink '\(entry.path)' not created: \(String(cString: strerror(errno)))")
            return
        }
        FileOutput.setAttributes(path, mode: nil, date: entry.modificationDate)
        report.symlinks += 1
    }

    private mutating func reportProgress() {
        lastProgressBytes = report.bytes
        extractor.progress?(ExtractionProgress(bytesDone: report.bytes, bytesTotal: total.bytes,
                                               filesDone: report.files, filesTotal: total.files))
    }

    func finish() throws {
        for directory in directories.reversed() {
            FileOutput.setAttributes(directory.path, mode: directory.mode, date: directory.date)
        }
    }
}
