import ArgumentParser
import Burning
import DiscImage
import Foundation

/// `discburn image info IMAGE [--json]`: what the image is and whether it is whole. Exit status 1 (with one
/// `discburn: error:` line) when validation found problems, after printing what was found.
struct ImageInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Describe an image: format, volume, extensions, boot, tracks, validation.")

    @Argument(help: "The image (.iso, .img, .cue, .toc, .nrg).") var image: String
    @Flag(help: "Write one JSON \"image\" event (one line) instead of text.") var json = false

    func run() async throws {
        try ImageCLI.run(json: json) {
            // A bin/cue is checked exactly as `burn` checks it (the cue sheet, its files, the raw sectors): what
            // burn refuses, info refuses with the same words; what info calls ready, burn burns.
            if CuePlanner.isCue(image) { _ = try CuePlanner.layout(cuePath: image) }
            let info = try DiscImage.inspect(path: image)
            let output = ImageOutput.standardOutput
            if json {
                output.line(EventOutput.line("image", ImageInfoJSON(info), drive: nil))
            } else {
                ImageInfoText.lines(info).forEach(output.line)
            }
            output.flush()
            if let first = info.validation.problems.first {
                let more = info.validation.problems.count - 1
                throw DiscImageError.corrupt(path: image, detail: first + (more > 0 ? " (and \(more) more)" : ""))
            }
        }
    }
}
