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
        let (path, neutralised) = paths.path(for: entry)
        if let neutralised { report.neutralised.append(neutralised) }
        try write(entry, to: path)
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
            try extractor.fileSystem.readContents(of: entry) { chunk in
                try FileOutput.write(fd, chunk, at: offset, path: path)
                offset += Int64(chunk.count)
                report.bytes += Int64(chunk.count)
                if report.bytes - lastProgressBytes >= Self.progressEveryBytes { reportProgress() }
            }
        } catch {
            close(fd)
            throw error
        }
        let mode = mode_t(entry.permissions.map { $0 & 0o1777 } ?? 0o644)
        try FileOutput.finishFile(fd, sizeBytes: entry.sizeBytes, mode: mode, date: entry.modificationDate,
                                  path: path)
        report.files += 1
        reportProgress()
    }

    private mutating func writeSymlink(_ entry: ImageEntry, to path: String) {
        let target = entry.symlinkTarget ?? ""
        guard ExtractionPath.symlinkStaysInside(target, linkDirectoryDepth: max(0, entry.depth - 1)) else {
            report.neutralised.append("symlink '\(entry.path)' -> '\(target)' not created: target outside destination")
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
