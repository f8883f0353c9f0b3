#if canImport(Glibc)
import Glibc
#endif

/// Progress of an extraction, reported after each file and at least every `chunkBytes` of data.
public struct ExtractionProgress: Sendable, Equatable {
    public var bytesDone: Int64
    public var bytesTotal: Int64
    public var filesDone: Int
    public var filesTotal: Int
}

/// What an extraction did, including every name it had to neutralise.
public struct ExtractionReport: Sendable, Equatable {
    public var files = 0
    public var directories = 0
    public var symlinks = 0
    public var bytes: Int64 = 0
    /// One line per neutralised name or skipped symlink.
    public var neutralised: [String] = []
}

/// Writes entries of an image below a destination directory, never outside it.
///
/// Every output path is built only from `ExtractionPath.component` names, so it cannot contain ".." or "/";
/// files are created with O_NOFOLLOW|O_EXCL; existing non-directories are refused unless `overwrite`.
public struct Extractor {
    public let fileSystem: ISOFileSystem
    public let destination: String
    public var overwrite = false
    public var progress: ((ExtractionProgress) -> Void)?

    public init(fileSystem: ISOFileSystem, destination: String) {
        self.fileSystem = fileSystem
        self.destination = destination.count > 1 && destination.hasSuffix("/")
            ? String(destination.dropLast()) : destination
    }

    /// Extracts the given image paths (all of the image when empty); a directory brings its whole subtree.
    public func extract(paths: [String]) throws -> ExtractionReport {
        let roots = try (paths.isEmpty ? ["/"] : paths).map { try fileSystem.lookup($0) }
        try FileOutput.ensureDirectory(destination)
        var plan = ExtractionPlan()
        for root in roots { try plan.survey(root, in: fileSystem, destination: destination, overwrite: overwrite) }
        var session = ExtractionSession(extractor: self, total: plan)
        for root in roots {
            if root.kind == .directory {
                if root.path != "/" { try session.write(root) }
                try fileSystem.walk(root, recursive: true) { try session.write($0) }
            } else {
                try session.write(root)
            }
        }
        try session.finish()
        return session.report
    }

    /// The output path for an image path: sanitized components under the destination.
    func outputPath(_ imagePath: String) -> (path: String, neutralised: String?) {
        var path = destination
        var changedAny = false
        for name in imagePath.split(separator: "/", omittingEmptySubsequences: true) {
            let (safe, changed) = ExtractionPath.component(String(name))
            changedAny = changedAny || changed
            path += "/" + safe
        }
        return (path, changedAny ? "name '\(imagePath)' written as '\(path)'" : nil)
    }
}

/// First pass: totals for progress, and refusal of existing files before anything is written.
struct ExtractionPlan {
    var bytes: Int64 = 0
    var files = 0

    mutating func survey(_ root: ImageEntry, in fileSystem: ISOFileSystem, destination: String,
                         overwrite: Bool) throws {
        let check: (ImageEntry) throws -> Void = { entry in
            let output = Extractor(fileSystem: fileSystem, destination: destination).outputPath(entry.path).path
            if !overwrite, entry.kind != .directory, FileOutput.exists(output) {
                throw DiscImageError.unsupported(
                    path: output, detail: "already exists; use --force to overwrite or choose another destination")
            }
        }
        var totalBytes: Int64 = 0
        var totalFiles = 0
        let count: (ImageEntry) throws -> Void = { entry in
            try check(entry)
            if entry.kind == .file { totalBytes &+= entry.sizeBytes; totalFiles += 1 }
        }
        try count(root)
        if root.kind == .directory { try fileSystem.walk(root, recursive: true, visit: count) }
        bytes &+= totalBytes
        files += totalFiles
    }
}
