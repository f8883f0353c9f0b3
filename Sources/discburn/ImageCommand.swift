import ArgumentParser
import DiscImage
#if canImport(Glibc)
import Glibc
#endif

/// `discburn image`: inspect, list and extract ISO 9660 / UDF / bin-cue images.
struct ImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Inspect, list, validate and extract disc images (ISO 9660, Joliet, Rock Ridge, UDF, bin/cue).",
        subcommands: [ImageInfoCommand.self, ImageLsCommand.self, ImageExtractCommand.self])
}

/// Runs a command body; any error becomes one line `discburn: error: ...` on stderr and exit status 1.
enum ImageCLI {
    static func run(json: Bool = false, _ body: () throws -> Void) throws {
        signal(SIGPIPE, SIG_IGN)
        EventOutput.json = json
        do {
            try body()
        } catch let exit as ExitCode {
            throw exit
        } catch {
            ImageOutput.standardOutput.flush()
            fail("\(error)")
        }
    }

    static func fail(_ message: String) -> Never {
        let text = ErrorReporting.sentence(ImageOutput.oneLine(message))
        EventOutput.emit("error", ErrorEvent(message: text, exitCode: 1))
        let line = "discburn: error: " + text + "\n"
        ImageOutput.writeAll(line, to: 2)
        exit(1)
    }

    static func warn(_ message: String) {
        ImageOutput.writeAll("discburn: warning: " + ImageOutput.oneLine(message) + "\n", to: 2)
    }
}
