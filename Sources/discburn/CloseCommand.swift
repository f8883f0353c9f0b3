import ArgumentParser
import Burning
import Foundation

/// `discburn close`: closes a track/session an interrupted burn left open (cdrecord -fix), so other drives can
/// read the disc; `--finalize` closes the disc for good.
struct CloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Close a session left open by an interrupted burn (like cdrecord -fix).")

    @OptionGroup var driveOptions: DriveOptions
    @Flag(help: "Finalize: close the disc for good (no more sessions can be added).") var finalize = false
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await ErrorReporting.run(json: output.json, quiet: output.quiet, drive: driveOptions.drive) {
            let drive = try DriveOpener.drive(for: driveOptions, access: .write)
            let message = try SessionCloser.closeOpenSession(transport: drive.transport, finalize: finalize)
            EventOutput.emit("result", OperationResultEvent(result: "ok", message: message))
            if !output.json { print(message) }
        }
    }
}
