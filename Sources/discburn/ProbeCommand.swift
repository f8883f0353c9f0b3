import ArgumentParser
import MMC

struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe", abstract: "Show what a drive can do and what medium is in it.")

    @OptionGroup var driveOptions: DriveOptions
    @OptionGroup var output: OutputOptions
    @Flag(name: .shortAndLong, help: "Also list optional queries the drive refused.")
    var verbose = false

    func run() async throws {
        try await ErrorReporting.run(json: output.json, quiet: output.quiet, drive: driveOptions.drive) {
            let drive = try DriveOpener.drive(for: driveOptions)
            let result = try await drive.probe()
            let report = ProbeReport(device: drive.deviceName, result: result)
            if output.json {
                EventOutput.emit("probe", report)
            } else {
                print(ProbeText.render(report, verbose: verbose), terminator: "")
            }
        }
    }
}
