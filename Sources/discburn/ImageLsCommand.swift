import ArgumentParser
import DiscImage

/// `discburn image ls IMAGE [PATH] [-R] [--json]`: streams entries as they are read, never the whole tree.
/// Synchronous: it runs on the main thread (see `DiscBurnMain`).
struct ImageLsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List the files in an image.",
        discussion: """
            --json writes JSON Lines: one "entry" event per entry and line, {"path","type","size","mtime"} plus "mode" \
            (octal string, Rock Ridge) and "target" (symlinks) when known. Directories have size 0.
            """)

    @Argument(help: "The image (.iso, .cue).") var image: String
    @Argument(help: "Directory or file inside the image.") var path: String = "/"
    @Flag(name: [.customShort("R"), .long], help: "List subdirectories recursively.") var recursive = false
    @Flag(help: "Write JSON Lines instead of text.") var json = false
    @Flag(help: "Read Joliet names even when Rock Ridge is present.") var joliet = false
    @Flag(help: ArgumentHelp("Which tree of a UDF bridge to read (default: ISO 9660, or UDF when there is no "
        + "ISO 9660 tree or the UDF tree holds more files, as in Windows ISOs).")) var tree: TreeFlag = .automatic
    @Option(name: .customLong("start-lba"), help: ArgumentHelp(
        "The disc address the image was mastered for: N of `mkisofs -C S,N` (a rip of a later session). Files "
            + "kept from earlier sessions are listed; their data is not in the file.", valueName: "N"))
    var startLBA: Int64 = 0

    func run() throws {
        try ImageCLI.run(json: json) {
            let fileSystem = try DiscImage.tree(path: image, choice: tree.choice, preferJoliet: joliet,
                                                startLBA: startLBA).tree
            let start = try fileSystem.lookup(path)
            let output = ImageOutput.standardOutput
            // The flags are read once: an ArgumentParser property wrapper read per entry costs a generic
            // metadata lookup each time (issue 15, `image ls -R` of 50,000 files).
            let json = self.json, fullPath = self.recursive
            let emit: (ImageEntry) -> Void = { entry in
                if json {
                    Self.jsonLine(entry, to: output)
                } else {
                    Self.textLine(entry, fullPath: fullPath, to: output)
                }
            }
            var damage: [String] = []
            if start.kind == .directory {
                damage = try fileSystem.walk(start, recursive: fullPath, visit: emit)
            } else {
                emit(start)
            }
            output.flush()
            if let first = damage.first {
                damage.dropFirst().forEach { ImageCLI.warn("'\(image)' is damaged: \($0)") }
                throw DiscImageError.corrupt(path: image, detail: first)
            }
            let sizes = fileSystem.sizeValidation
            if sizes.truncated {
                throw DiscImageError.truncated(path: image, haveBlocks: sizes.blocksPresent,
                                               needBlocks: sizes.volumeBlocks ?? 0)
            }
        }
    }

    static func jsonLine(_ entry: ImageEntry, to output: ImageOutput) {
        output.write("{\"drive\":null,\"event\":\"entry\",\"schemaVersion\":\(EventOutput.schemaVersion),\"path\":")
        output.jsonString(entry.path)
        output.write(",\"type\":\"")
        output.write(entry.kind.rawValue)
        output.write("\",\"size\":")
        output.number(entry.sizeBytes)
        output.write(",\"mtime\":")
        if let date = entry.modificationDate {
            output.byte(UInt8(ascii: "\""))
            output.date(date, iso: true)
            output.byte(UInt8(ascii: "\""))
        } else {
            output.write("null")
        }
        if let permissions = entry.permissions {
            output.write(",\"mode\":\"")
            output.octal(permissions)
            output.byte(UInt8(ascii: "\""))
        }
        if let target = entry.symlinkTarget {
            output.write(",\"target\":")
            output.jsonString(target)
        }
        output.byte(UInt8(ascii: "}"))
        output.endLine()
    }

    /// `-rw-r--r--         1234  2024-05-01 12:00  /path -> target`
    static func textLine(_ entry: ImageEntry, fullPath: Bool, to output: ImageOutput) {
        output.mode(entry)
        output.number(entry.sizeBytes, width: 13)
        output.write("  ")
        if let date = entry.modificationDate {
            output.date(date, iso: false)
        } else {
            output.write("----------------")
        }
        output.write("  ")
        output.printableName(fullPath ? entry.path : entry.name)
        if let target = entry.symlinkTarget {
            output.write(" -> ")
            output.printableName(target)
        }
        output.endLine()
    }
}

/// `--udf` / `--iso9660` of `image ls` and `image extract`; neither: `DiscImage.tree`'s automatic choice.
enum TreeFlag: String, EnumerableFlag {
    case automatic
    case udf
    case iso9660

    static func name(for value: TreeFlag) -> NameSpecification {
        value == .automatic ? .customLong("auto-tree") : .long
    }

    static func help(for value: TreeFlag) -> ArgumentHelp? {
        switch value {
        case .automatic: return ArgumentHelp(visibility: .hidden)
        case .udf: return "Read the UDF tree."
        case .iso9660: return "Read the ISO 9660 tree (Rock Ridge / Joliet)."
        }
    }

    var choice: TreeChoice {
        switch self {
        case .automatic: return .automatic
        case .udf: return .udf
        case .iso9660: return .iso9660
        }
    }
}
