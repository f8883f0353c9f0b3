/// Turns names recorded in an image into path components that cannot leave the destination directory.
enum ExtractionPath {
    /// A safe single component, and whether it had to be changed: "/" and NUL become "_", and "", ".", ".."
    /// get a leading "_".
    static func component(_ name: String) -> (safe: String, changed: Bool) {
        var safe = String(name.map { $0 == "/" || $0 == "\0" ? "_" : $0 })
        if safe.isEmpty || safe == "." || safe == ".." { safe = "_" + safe }
        return (safe, safe != name)
    }

    /// True when a symlink in the directory `linkDirectory` (components below the destination, all real
    /// directories this extraction made), pointing at `target`, resolves inside the destination on disk.
    ///
    /// Judged by what the target resolves to, not by its spelling: a ".." may only follow components that are real
    /// directories now (`isRealDirectory`, given a path relative to the destination; real directories are never
    /// replaced later). After a component that is a symlink, or does not exist yet (a later entry may make it a
    /// symlink), no ".." may follow: `sub/up/..` with `sub/up -> ..` would leave. Absolute targets, empty targets
    /// and targets with NUL (which symlink(2) would cut short) never pass.
    static func symlinkStaysInside(_ target: String, linkDirectory: [String],
                                   isRealDirectory: (String) -> Bool) -> Bool {
        guard !target.isEmpty, !target.hasPrefix("/"), !target.utf8.contains(0) else { return false }
        var stack = linkDirectory
        var resolvedOnDisk = true
        let parts = target.split(separator: "/", omittingEmptySubsequences: true)
        for (index, part) in parts.enumerated() {
            if part == "." { continue }
            if part == ".." {
                guard resolvedOnDisk, !stack.isEmpty else { return false }
                stack.removeLast()
                continue
            }
            stack.append(String(part))
            if resolvedOnDisk, index < parts.count - 1, !isRealDirectory(stack.joined(separator: "/")) {
                resolvedOnDisk = false
            }
        }
        return true
    }

    /// A name or target as it may appear in a report line (see `PrintableName`).
    static func printable(_ text: String) -> String { PrintableName.escaped(text) }
}
