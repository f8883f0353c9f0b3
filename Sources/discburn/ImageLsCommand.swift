import ArgumentParser
import DiscImage

/// `discburn image ls IMAGE [PATH] [-R] [--json]`: streams entries as they are read, never the whole tree.
struct ImageLsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List the files in an image.",
        discussion: """
            --json writes JSON Lines: one object per entry and line, {"path","type","size","mtime"} plus "mode" \
            (octal string, Rock Ridge) and "target" (symlinks) when known. Directories have size 0.
            """)

    @Argument(help: "The image (.iso, .cue).") var image: String
    @Argument(help: "Directory or file inside the image.") var path: String = "/"
    @Flag(name: [.customShort("R"), .long], help: "List subdirectories recursively.") var recursive = false
    @Flag(help: "Write JSON Lines instead of text.") var json = false
    @Flag(help: "Read Joliet names even when Rock Ridge is present.") var joliet = false

    func run() async throws {
        try ImageCLI.run {
            let fileSystem = try DiscImage.fileSystem(path: image, preferJoliet: joliet)
            let start = try fileSystem.lookup(path)
            let output = ImageOutput.standardOutput
            let emit: (ImageEntry) -> Void = { entry in
                output.line(json ? Self.jsonLine(entry) : Self.textLine(entry, fullPath: recursive))
            }
            if start.kind == .directory {
                try fileSystem.walk(start, recursive: recursive, visit: emit)
            } else {
                emit(start)
            }
            output.flush()
            let sizes = fileSystem.sizeValidation
            if sizes.truncated {
                throw DiscImageError.truncated(path: image, haveBlocks: sizes.blocksPresent,
                                               needBlocks: sizes.volumeBlocks ?? 0)
            }
        }
    }

    static func jsonLine(_ entry: ImageEntry) -> String {
        var line = "{\"path\":" + ImageOutput.jsonString(entry.path) + ",\"type\":\"" + entry.kind.rawValue
            + "\",\"size\":\(entry.sizeBytes),\"mtime\":"
        line += entry.modificationDate.map { "\"" + $0.iso8601 + "\"" } ?? "null"
        if let permissions = entry.permissions { line += ",\"mode\":\"" + String(permissions, radix: 8) + "\"" }
        if let target = entry.symlinkTarget { line += ",\"target\":" + ImageOutput.jsonString(target) }
        return line + "}"
    }

    static func textLine(_ entry: ImageEntry, fullPath: Bool) -> String {
        let size = String(entry.sizeBytes)
        let padded = String(repeating: " ", count: max(0, 13 - size.count)) + size
        var line = ImageOutput.modeString(entry) + padded + "  " + ImageOutput.shortDate(entry.modificationDate)
            + "  " + (fullPath ? entry.path : entry.name)
        if let target = entry.symlinkTarget { line += " -> " + target }
        return line
    }
}
