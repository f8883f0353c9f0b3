import ArgumentParser
import Burning
import Foundation

/// `discburn toc`: sessions and tracks of the loaded disc (like `cdrecord -toc`, `xorriso -toc`).
struct TocCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toc", abstract: "List the sessions and tracks of the disc (like cdrecord -toc).")

    @OptionGroup var driveOptions: DriveOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await ErrorReporting.run(json: output.json, quiet: output.quiet, drive: driveOptions.drive) {
            let drive = try DriveOpener.drive(for: driveOptions)
            let layout = try await DiscLayoutReader.read(drive: drive)
            let msinfo = try? MultiSessionInfo.from(layout, device: drive.deviceName)
            EventOutput.emit("toc", TocEvent(layout, msinfo: msinfo))
            if !output.json { print(Self.text(layout, msinfo: msinfo), terminator: "") }
        }
    }

    static func text(_ layout: DiscLayout, msinfo: MultiSessionInfo?) -> String {
        var out = "Medium: \(layout.profile.shortName), disc \(layout.discStatus.jsonName), \(layout.sessions) "
            + "session(s), last session \(layout.lastSessionStateName)\n"
        out += "Track  Session  Start LBA   Length     Mode         State\n"
        for t in layout.tracks {
            out += pad("\(t.number)", 7) + pad("\(t.session)", 9) + pad("\(t.startLBA)", 12)
                + pad("\(t.lengthBlocks)", 11) + pad(t.mode, 13) + t.state + "\n"
        }
        if let msinfo { out += "Next session: mkisofs -C \(msinfo.text)\n" }
        return out
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}

/// `discburn msinfo`: prints `S,N` exactly like `cdrecord -msinfo`, for `mkisofs -C $(discburn msinfo ...)`.
struct MsinfoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "msinfo",
        abstract: "Print S,N for mkisofs -C (like cdrecord -msinfo): last session start, next writable address.")

    @OptionGroup var driveOptions: DriveOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await ErrorReporting.run(json: output.json, quiet: output.quiet, drive: driveOptions.drive) {
            let drive = try DriveOpener.drive(for: driveOptions)
            let layout = try await DiscLayoutReader.read(drive: drive)
            let info = try MultiSessionInfo.from(layout, device: drive.deviceName)
            EventOutput.emit("msinfo", info)
            if !output.json { print(info.text) }
        }
    }
}

/// The JSON payload of `toc --json` (keys are a public interface: add, never rename).
struct TocEvent: Encodable {
    var profile: String
    var discStatus: String
    var sessions: Int
    var lastSessionState: String
    var tracks: [DiscTrack]
    var msinfo: MultiSessionInfo?

    init(_ layout: DiscLayout, msinfo: MultiSessionInfo?) {
        profile = layout.profile.shortName
        discStatus = layout.discStatus.jsonName
        sessions = layout.sessions
        lastSessionState = layout.lastSessionStateName
        tracks = layout.tracks
        self.msinfo = msinfo
    }
}
