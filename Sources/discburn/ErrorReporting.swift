import ArgumentParser
import Foundation

/// The CLI's one way out on failure: one line on stderr, "discburn: error: <cause>; <fix>.", a non-zero exit, and
/// with `--json` also an `error` event on standard output.
enum ErrorReporting {
    /// Runs a command body. `json`/`quiet` set the output mode for everything the command prints; `drive` names
    /// the drive in events.
    static func run(json: Bool = false, quiet: Bool = false, drive: String? = nil,
                    _ body: () async throws -> Void) async throws {
        EventOutput.json = json
        EventOutput.quiet = quiet
        EventOutput.drive = drive
        do {
            try await body()
        } catch let e as ExitCode {
            throw e
        } catch let e as CleanExit {
            throw e
        } catch {
            fail(error)
        }
    }

    static func fail(_ error: Error, exitCode: Int32 = 1) -> Never {
        let text = sentence(ImageOutput.oneLine(String(describing: error)))
        EventOutput.emit("error", ErrorEvent(message: text, exitCode: exitCode))
        FileHandle.standardError.write(Data("discburn: error: \(text)\n".utf8))
        exit(exitCode)
    }

    /// One line, ending in a full stop.
    static func sentence(_ text: String) -> String {
        var line = text.replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        if let last = line.last, !".!?".contains(last) { line += "." }
        return line
    }
}

/// Errors the CLI itself raises (bad arguments that parse but make no sense).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
