import ArgumentParser
import Discovery

struct DrivesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drives", abstract: "List the optical drives on this machine.")

    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await ErrorReporting.run(json: output.json, quiet: output.quiet) {
            let drives = DriveDiscovery.list()
            if output.json {
                EventOutput.emit("drives", DrivesEvent(drives: drives))
                return
            }
            if drives.isEmpty {
                print("No optical drives found. (Try --drive virtual:dvd+r for the built-in virtual drive.)")
                return
            }
            for d in drives {
                let generic = d.genericPath.map { " (\($0))" } ?? ""
                print("\(d.path)\(generic)  \(d.vendor) \(d.model) \(d.revision)")
            }
        }
    }
}

/// The `drives` event: every optical drive found (an empty list when there is none).
struct DrivesEvent<Drive: Encodable>: Encodable {
    var drives: [Drive]
}
