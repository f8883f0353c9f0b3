/// A file tree read out of an image: the ISO 9660 tree (Rock Ridge, Joliet or plain names) or the UDF tree.
/// Everything that lists, extracts or copies files goes through this, so it works for either.
public protocol ImageTree: Sendable {
    var reader: BlockReader { get }
    var root: ImageEntry { get }
    /// "Rock Ridge", "Joliet", "ISO 9660" or "UDF", for messages and plans.
    var treeName: String { get }
    /// Streams the children of `directory` (everything below it when `recursive`) in pre-order; returns the
    /// damage met that did not stop the walk, one line each.
    @discardableResult
    func walk(_ directory: ImageEntry, recursive: Bool, visit: (ImageEntry) throws -> Void) throws -> [String]
    /// An entry by absolute or relative path; throws `notFound`.
    func lookup(_ path: String) throws -> ImageEntry
    /// A file's bytes in chunks of at most `chunkBytes`; throws when its data reaches past the end of the file.
    func readContents(of entry: ImageEntry, chunkBytes: Int, _ body: ([UInt8]) throws -> Void) throws
    /// Is the file shorter than the volume it describes?
    var sizeValidation: ImageValidation { get }
}

extension ImageTree {
    /// `lookup` for every tree: one directory listing per path component ("/", "/a/b", "a/b"; "." is skipped).
    func lookupByWalking(_ path: String) throws -> ImageEntry {
        var current = root
        for component in path.split(separator: "/", omittingEmptySubsequences: true) where component != "." {
            guard current.kind == .directory else { throw DiscImageError.notFound(path: path, inImage: reader.file.path) }
            var found: ImageEntry?
            try walk(current, recursive: false) { entry in
                if found == nil, entry.name == component { found = entry }
            }
            guard let next = found else { throw DiscImageError.notFound(path: path, inImage: reader.file.path) }
            current = next
        }
        return current
    }
}

extension ISOFileSystem: ImageTree {
    public var treeName: String {
        switch nameSpace {
        case .rockRidge: return "Rock Ridge"
        case .joliet: return "Joliet"
        case .iso9660: return "ISO 9660"
        }
    }
}
