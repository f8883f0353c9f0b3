import Foundation

/// xorriso's own view of an image, to compare `image ls` against.
struct ListedEntry: Hashable, CustomStringConvertible {
    var path: String
    var type: String
    /// Files only; 0 for directories and symlinks (xorriso shows 0 for them too).
    var size: Int64
    var target: String?

    var description: String { "\(type) \(size) \(path)" + (target.map { " -> \($0)" } ?? "") }
}

enum XorrisoListing {
    /// `xorriso -indev IMAGE -find / -exec lsdl`, root excluded. Lines look like
    /// `-rw-r--r--    1 0        0               3 Nov 25 09:41 '/a/b/f.txt'` or `... '/a/link' -> '../x'`.
    static func list(_ image: String, extraOptions: [String] = []) throws -> Set<ListedEntry> {
        let result = try TestSupport.run("xorriso", extraOptions + ["-indev", image, "-find", "/", "-exec", "lsdl"])
        var entries = Set<ListedEntry>()
        for line in result.stdout.split(separator: "\n") {
            guard let entry = parse(String(line)), entry.path != "/" else { continue }
            entries.insert(entry)
        }
        return entries
    }

    static func parse(_ line: String) -> ListedEntry? {
        guard let quote = line.firstIndex(of: "'") else { return nil }
        let head = line[..<quote].split(separator: " ")
        guard head.count >= 8, let typeChar = head.first?.first, let size = Int64(head[4]) else { return nil }
        let quoted = String(line[quote...])
        let parts = quoted.components(separatedBy: "' -> '")
        let path = unquote(parts[0])
        let target = parts.count > 1 ? unquote(parts[1]) : nil
        let type = typeChar == "d" ? "dir" : (typeChar == "l" ? "symlink" : "file")
        return ListedEntry(path: path, type: type, size: type == "file" ? size : 0, target: target)
    }

    /// Strips the outer quotes; xorriso writes an embedded ' as '"'"'.
    static func unquote(_ text: String) -> String {
        var inner = text
        if inner.hasPrefix("'") { inner.removeFirst() }
        if inner.hasSuffix("'") { inner.removeLast() }
        return inner.replacingOccurrences(of: "'\"'\"'", with: "'")
    }
}
