import ArgumentParser
import DiscImage

/// `discburn image extract IMAGE DEST [PATH...] [--force]`.
struct ImageExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract files from an image into a directory.",
        discussion: """
            Paths keep their place below DEST (extracting /a/b writes DEST/a/b). Names with '/', '..' or NUL and \
            symlinks pointing outside DEST are neutralised and reported on stderr. Progress goes to stderr.
            """)

    @Argument(help: "The image (.iso, .cue).") var image: String
    @Argument(help: "Destination directory (created if missing).") var destination: String
    @Argument(help: "Paths inside the image (default: everything).") var paths: [String] = []
    @Flag(help: "Overwrite existing files in DEST.") var force = false
    @Flag(help: "No progress output.") var quiet = false
    @Flag(help: ArgumentHelp("Which tree of a UDF bridge to read (default as in 'image ls').")) var tree: TreeFlag = .automatic

    func run() async throws {
        try ImageCLI.run {
            let fileSystem = try DiscImage.tree(path: image, choice: tree.choice).tree
            let sizes = fileSystem.sizeValidation
            if sizes.truncated {
                throw DiscImageError.truncated(path: image, haveBlocks: sizes.blocksPresent,
                                               needBlocks: sizes.volumeBlocks ?? 0)
            }
            var extractor = Extractor(fileSystem: fileSystem, destination: destination)
            extractor.overwrite = force
            let progressLine = ExtractProgressLine()
            if !quiet { extractor.progress = progressLine.update }
            let report = try extractor.extract(paths: paths)
            progressLine.end()
            report.neutralised.forEach(ImageCLI.warn)
            if !quiet {
                ImageOutput.writeAll("extracted \(report.files) files, \(report.directories) directories, "
                    + "\(report.symlinks) symlinks, \(report.bytes) bytes\n", to: 2)
            }
        }
    }
}

/// One self-overwriting progress line on stderr, shown only for extractions over 64 MiB.
final class ExtractProgressLine {
    static let minimumBytes: Int64 = 64 << 20
    private var shown = false

    func update(_ progress: ExtractionProgress) {
        guard progress.bytesTotal >= Self.minimumBytes else { return }
        shown = true
        let percent = progress.bytesDone * 100 / progress.bytesTotal
        ImageOutput.writeAll("\rextracting: \(percent)% \(progress.bytesDone >> 20)/\(progress.bytesTotal >> 20)"
            + " MiB, \(progress.filesDone)/\(progress.filesTotal) files", to: 2)
    }

    func end() {
        if shown { ImageOutput.writeAll("\n", to: 2) }
    }
}
