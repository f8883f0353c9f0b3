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
    public let fileSystem: any ImageTree
    public let destination: String
    public var overwrite = false
    public var progress: ((ExtractionProgress) -> Void)?

    public init(fileSystem: any ImageTree, destination: String) {
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
            try session.begin(root)
            if root.kind == .directory {
                let damage = try fileSystem.walk(root, recursive: true) { try session.write($0) }
                session.report.neutralised += damage.map { "image damaged: \($0)" }
            }
        }
        try session.finish()
        return session.report
    }
}

/// Output paths built from each entry's own recorded name under its parent's output path (pre-order walk), so a
/// "/" or ".." inside a name can never add a level.
struct OutputPaths {
    let destination: String
    private var directoryPaths: [String] = []

    init(destination: String) { self.destination = destination }

    /// Starts a selected root; its path was found by looking up components, so splitting it is exact.
    mutating func begin(_ root: ImageEntry) -> String {
        var path = destination
        for name in root.path.split(separator: "/", omittingEmptySubsequences: true) {
            path += "/" + ExtractionPath.component(String(name)).safe
        }
        remember(root, path)
        return path
    }

    /// The path for an entry below the current root, and a report line when its name had to change.
    mutating func path(for entry: ImageEntry) -> (path: String, neutralised: String?) {
        let parentIndex = entry.depth - 1
        let parent = parentIndex >= 0 && parentIndex < directoryPaths.count ? directoryPaths[parentIndex] : destination
        let (safe, changed) = ExtractionPath.component(entry.name)
        let path = parent + "/" + safe
        remember(entry, path)
        return (path, changed ? "name '\(entry.name)' in '\(entry.path)' written as '\(path)'" : nil)
    }

    private mutating func remember(_ entry: ImageEntry, _ path: String) {
        guard entry.kind == .directory, entry.depth >= 0 else { return }
        if directoryPaths.count > entry.depth { directoryPaths.removeSubrange(entry.depth...) }
        while directoryPaths.count < entry.depth { directoryPaths.append(destination) }
        directoryPaths.append(path)
    }
}

/// First pass: totals for progress, and refusal of existing files before anything is written.
struct ExtractionPlan {
    var bytes: Int64 = 0
    var files = 0

    mutating func survey(_ root: ImageEntry, in fileSystem: any ImageTree, destination: String,
                         overwrite: Bool) throws {
        var paths = OutputPaths(destination: destination)
        let rootPath = paths.begin(root)
        let check: (ImageEntry, String) throws -> Void = { entry, output in
            if !overwrite, entry.kind != .directory, FileOutput.exists(output) {
                throw DiscImageError.unsupported(
                    path: output, detail: "already exists; use --force to overwrite or choose another destination")
            }
        }
        var totalBytes: Int64 = 0
        var totalFiles = 0
        let count: (ImageEntry, String) throws -> Void = { entry, output in
            try check(entry, output)
            if entry.kind == .file { totalBytes &+= entry.sizeBytes; totalFiles += 1 }
        }
        try count(root, rootPath)
        if root.kind == .directory {
            try fileSystem.walk(root, recursive: true) { try count($0, paths.path(for: $0).path) }
        }
        bytes &+= totalBytes
        files += totalFiles
    }
}
