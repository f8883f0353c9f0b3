import ArgumentParser
import DiscImage
import Foundation

/// `discburn image info IMAGE [--json]`: what the image is and whether it is whole. Exit status 1 (with one
/// `discburn: error:` line) when validation found problems, after printing what was found.
struct ImageInfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Describe an image: format, volume, extensions, boot, tracks, validation.")

    @Argument(help: "The image (.iso, .img, .cue, .toc, .nrg).") var image: String
    @Flag(help: "Write one JSON object instead of text.") var json = false

    func run() async throws {
        try ImageCLI.run {
            let info = try DiscImage.inspect(path: image)
            let output = ImageOutput.standardOutput
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                let data = try encoder.encode(ImageInfoJSON(info))
                output.line(String(decoding: data, as: UTF8.self))
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
