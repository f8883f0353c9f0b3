import ArgumentParser
import Foundation

/// The CLI's one way out on failure: one line on stderr, "discburn: error: <cause; fix>", and a non-zero exit.
enum ErrorReporting {
    static func run(_ body: () async throws -> Void) async throws {
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

    static func fail(_ error: Error) -> Never {
        let text = ImageOutput.oneLine(String(describing: error))
        FileHandle.standardError.write(Data("discburn: error: \(text)\n".utf8))
        exit(1)
    }
}

/// Errors the CLI itself raises (bad arguments that parse but make no sense).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// JSON as the CLI prints it: sorted keys, pretty, no escaped slashes.
enum JSONOutput {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
