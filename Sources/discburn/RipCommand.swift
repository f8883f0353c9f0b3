import ArgumentParser
import Burning
import Foundation
import MMC

struct RipCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rip", abstract: "Copy a disc into an image, sector by sector, retrying and mapping bad areas.",
        discussion: "Unreadable sectors are written as zeros and recorded in OUT.map (ddrescue layout); "
            + "run again with --resume to retry only them. Exit status 1 when sectors stay unreadable.")

    @OptionGroup var driveOptions: DriveOptions
    @Argument(help: "The image to write.") var output: String
    @Option(help: "Extra attempts for a failing read before it is split into single sectors.") var retries = 2
    @Flag(help: "Continue an interrupted or incomplete rip from its map file.") var resume = false
    @Option(help: "The map file (default: OUT.map).") var map: String?
    @Option(help: "Session to rip (default: the last complete session).") var session: Int?
    @OptionGroup var outputOptions: OutputOptions

    func run() async throws {
        try await ErrorReporting.run {
            guard (0...100).contains(retries) else { throw CLIError("--retries must be 0...100") }
            var options = RipOptions()
            options.retries = retries
            options.resume = resume
            options.session = session
            var outputs = [(path: output, option: "the output image"), (path: map ?? output + ".map", option: "--map")]
            if let log = driveOptions.scsiLog { outputs.append((log, "--scsi-log")) }
            try OutputGuard.check(outputs, inputs: OutputGuard.driveFiles(driveOptions.drive))
            let drive = try DriveOpener.drive(for: driveOptions, otherInputs: [output, map ?? output + ".map"])
            let ripper = DiscRipper(drive: drive, outputPath: output, mapPath: map, options: options)
            let extent = try await ripper.plan()
            let json = outputOptions.json
            if json {
                emit(["event": "plan", "startLBA": extent.startLBA, "blocks": extent.blocks, "session": extent.session,
                      "source": extent.source, "profile": extent.profile.shortName])
            } else {
                print("Ripping \(extent.blocks) blocks from LBA \(extent.startLBA) (\(extent.source)) to \(output)")
            }
            let interrupt = InterruptHandler { ripper.cancel() }
            defer { interrupt.stop() }
            let result = try ripper.run(extent) { s in
                let speed = SpeedFormat.multiple(kilobytesPerSecond: Int(s.kilobytesPerSecond), profile: s.profile)
                if json {
                    emit(["event": "progress", "blocksDone": s.blocksDone, "totalBlocks": s.totalBlocks,
                          "badBlocks": s.badBlocks, "kilobytesPerSecond": Int(s.kilobytesPerSecond), "speed": speed,
                          "etaSeconds": s.etaSeconds.map { Int($0) } ?? -1])
                } else {
                    let pct = Double(s.blocksDone) / Double(max(1, s.totalBlocks)) * 100
                    FileHandle.standardError.write(Data(String(format: "\rreading: %5.1f%% %@ bad %llu ETA %ds   ",
                        pct, speed, s.badBlocks, Int(s.etaSeconds ?? 0)).utf8))
                }
            }
            report(result, json: json)
            if ripper.isCancelledForCLI { throw ExitCode(130) }
            if !result.complete { throw ExitCode(1) }
        }
    }

    private func report(_ r: RipResult, json: Bool) {
        let bad = r.badRanges.map { ["startLBA": $0.startLBA, "blocks": $0.blocks] }
        if json {
            emit(["event": "result", "result": r.complete ? "ok" : "unreadable", "blocks": r.extent.blocks,
                  "goodBlocks": r.goodBlocks, "badRanges": bad, "affectedFiles": r.affectedFiles ?? NSNull(),
                  "runOutBlocks": r.runOutBlocks, "sha256": r.sha256, "md5": r.md5,
                  "elapsedSeconds": (r.elapsedSeconds * 10).rounded() / 10,
                  "averageKilobytesPerSecond": Int(r.averageKilobytesPerSecond)])
            return
        }
        FileHandle.standardError.write(Data("\n".utf8))
        print("Read \(r.goodBlocks) of \(r.extent.blocks) blocks" + (r.runOutBlocks > 0 ? " (\(r.runOutBlocks) TAO run-out blocks left out)" : ""))
        for range in r.badRanges { print("  unreadable: LBA \(range.startLBA)-\(range.startLBA + range.blocks - 1) (\(range.blocks) blocks, written as zeros)") }
        if let files = r.affectedFiles, !files.isEmpty { print("  files touched: " + files.joined(separator: ", ")) }
        print("SHA-256 \(r.sha256)\nMD5     \(r.md5)")
        if !r.complete {
            FileHandle.standardError.write(Data("discburn: error: \(r.badRanges.reduce(0) { $0 + $1.blocks }) blocks unreadable; clean the disc and run again with --resume\n".utf8))
        }
    }

    private func emit(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
