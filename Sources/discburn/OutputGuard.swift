#if canImport(Glibc)
import Glibc
#endif

/// Output files the CLI writes (`--scsi-log`, `scan --plot`, `rip OUT` and `--map`): checked before anything is
/// opened, so an output never replaces a device, FIFO or symlink and never is the same file as an input
/// (`burn img.iso --scsi-log img.iso` would truncate the image).
enum OutputGuard {
    /// Refuses `output` when something that is not a regular file is at the path, or when it is the same file as
    /// one of `inputs` (same st_dev and st_ino; for paths that do not exist yet, the same canonical path).
    static func check(_ output: String, option: String, inputs: [String]) throws {
        var info = stat()
        if lstat(output, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            throw CLIError("\(option) \(output) is \(kindName(info.st_mode)), not a regular file: an output never "
                + "replaces one; give the path of a new or regular file")
        }
        for input in inputs where sameFile(output, input) {
            throw CLIError("\(option) \(output) is also an input (\(input)): writing it would destroy what is "
                + "read; choose another output path")
        }
    }

    /// Checks each output against the inputs and against the other outputs.
    static func check(_ outputs: [(path: String, option: String)], inputs: [String]) throws {
        var earlier: [String] = []
        for output in outputs {
            try check(output.path, option: output.option, inputs: inputs + earlier)
            earlier.append(output.path)
        }
    }

    /// The files a `--drive` name reads or writes: a pressed image, a virtual disc's directory files, a device.
    static func driveFiles(_ drive: String) -> [String] {
        guard drive.hasPrefix("virtual:") else { return drive.hasPrefix("/") ? [drive] : [] }
        var files: [String] = []
        let specs = drive.dropFirst("virtual:".count).split(separator: "?", maxSplits: 1)
        var parts = [String(specs.first ?? "")]
        if specs.count > 1 {
            for option in specs[1].split(separator: "&") where option.hasPrefix("next=") {
                parts.append(String(option.dropFirst("next=".count)))
            }
        }
        for part in parts {
            guard let colon = part.firstIndex(of: ":") else { continue }
            let path = String(part[part.index(after: colon)...])
            guard !path.isEmpty else { continue }
            files += [path, path + "/media.bin", path + "/state.json"]
        }
        return files
    }

    static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        if stat(a, &first) == 0, stat(b, &second) == 0 {
            return first.st_dev == second.st_dev && first.st_ino == second.st_ino
        }
        guard let left = canonical(a), let right = canonical(b) else { return false }
        return left == right
    }

    /// The path with its longest existing ancestor resolved by realpath and the rest appended, so two spellings
    /// of a file that does not exist yet (`DIR/media.bin` before the virtual drive creates DIR) compare equal.
    static func canonical(_ path: String) -> String? {
        var rest: [String] = []
        var ancestor = path.hasPrefix("/") ? path : "./" + path
        while true {
            if let resolved = realpath(ancestor, nil) {
                defer { free(resolved) }
                let base = String(cString: resolved)
                return rest.reversed().reduce(base == "/" ? "" : base) { $0 + "/" + $1 }
            }
            guard let slash = ancestor.lastIndex(of: "/") else { return nil }
            let name = String(ancestor[ancestor.index(after: slash)...])
            if !name.isEmpty, name != "." { rest.append(name) }
            ancestor = slash == ancestor.startIndex ? "/" : String(ancestor[..<slash])
            if name == ".." { return nil }
        }
    }

    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFDIR: return "a directory"
        case S_IFLNK: return "a symbolic link"
        default: return "a special file"
        }
    }
}
