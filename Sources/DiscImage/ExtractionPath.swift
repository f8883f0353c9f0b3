/// Turns names recorded in an image into path components that cannot leave the destination directory.
enum ExtractionPath {
    /// A safe single component, and whether it had to be changed: "/" and NUL become "_", and "", ".", ".."
    /// get a leading "_".
    static func component(_ name: String) -> (safe: String, changed: Bool) {
        var safe = String(name.map { $0 == "/" || $0 == "\0" ? "_" : $0 })
        if safe.isEmpty || safe == "." || safe == ".." { safe = "_" + safe }
        return (safe, safe != name)
    }

    /// True when a symlink placed at `linkDirectoryDepth` levels below the destination, pointing at `target`,
    /// stays inside the destination when resolved lexically. Absolute targets never do.
    static func symlinkStaysInside(_ target: String, linkDirectoryDepth: Int) -> Bool {
        guard !target.hasPrefix("/"), !target.isEmpty else { return false }
        var depth = linkDirectoryDepth
        for part in target.split(separator: "/", omittingEmptySubsequences: true) {
            if part == ".." {
                depth -= 1
                if depth < 0 { return false }
            } else if part != "." {
                depth += 1
            }
        }
        return true
    }
}
