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
    @Flag(name: .customLong("whole-track"), help: ArgumentHelp("Keep the whole track, padding included (default: "
        + "stop at the end of the ISO 9660 volume, so the rip equals the image that was burned).")) var wholeTrack = false
    @OptionGroup var outputOptions: OutputOptions

    func run() async throws {
        let json = outputOptions.json
        try await ErrorReporting.run(json: json, quiet: outputOptions.quiet, drive: driveOptions.drive) {
            guard (0...100).contains(retries) else { throw CLIError("--retries must be 0...100") }
            if output.lowercased().hasSuffix(".cue") { return try await ripToCue(json: json) }  // bin/cue of a CD
            var options = RipOptions()
            options.retries = retries
            options.resume = resume
            options.session = session
            options.wholeTrack = wholeTrack
            var outputs = [(path: output, option: "the output image"), (path: map ?? output + ".map", option: "--map")]
            if let log = driveOptions.scsiLog { outputs.append((log, "--scsi-log")) }
            try OutputGuard.check(outputs, inputs: OutputGuard.driveFiles(driveOptions.drive))
            let drive = try DriveOpener.drive(for: driveOptions, otherInputs: [output, map ?? output + ".map"])
            let ripper = DiscRipper(drive: drive, outputPath: output, mapPath: map, options: options)
            let extent = try await ripper.plan()
            EventOutput.emit("plan", RipPlanEvent(startLBA: extent.startLBA, blocks: extent.blocks,
                                                  session: extent.session, source: extent.source,
                                                  profile: extent.profile.shortName))
            if !json { print("Ripping \(extent.blocks) blocks from LBA \(extent.startLBA) (\(extent.source)) to \(output)") }
            let interrupt = InterruptHandler { ripper.cancel() }
            defer { interrupt.stop() }
            let progress = ProgressPrinter(drive: driveOptions.drive)
            let result = try ripper.run(extent) { s in
                var event = ProgressEvent(
                    phase: "reading", done: s.blocksDone * 2048, total: s.totalBlocks * 2048,
                    kilobytesPerSecond: s.kilobytesPerSecond,
                    speed: SpeedFormat.multiple(kilobytesPerSecond: Int(s.kilobytesPerSecond), profile: s.profile),
                    etaSeconds: s.etaSeconds)
                event.badBlocks = s.badBlocks
                progress.show(event)
            }
            progress.end()
            let interrupted = ripper.isCancelledForCLI
            report(result, interrupted: interrupted, json: json)
            if interrupted { throw ExitCode(130) }
            if !result.complete { throw ExitCode(1) }
        }
    }

    private func report(_ r: RipResult, interrupted: Bool, json: Bool) {
        let bad = r.badRanges.map { LBARange(startLBA: $0.startLBA, blocks: $0.blocks) }
        EventOutput.emit("result", RipResultEvent(
            result: interrupted ? "interrupted" : (r.complete ? "ok" : "unreadable"), interrupted: interrupted,
            blocks: r.extent.blocks, goodBlocks: r.goodBlocks, badRanges: bad, affectedFiles: r.affectedFiles,
            runOutBlocks: r.runOutBlocks, sha256: r.sha256, md5: r.md5,
            elapsedSeconds: (r.elapsedSeconds * 10).rounded() / 10,
            averageKilobytesPerSecond: Int(r.averageKilobytesPerSecond)))
        guard !json else { return }
        if interrupted {
            print("Interrupted after \(r.goodBlocks) of \(r.extent.blocks) blocks; \(output) is incomplete: "
                  + "run again with --resume to finish it")
            return
        }
        print("Read \(r.goodBlocks) of \(r.extent.blocks) blocks" + (r.runOutBlocks > 0 ? " (\(r.runOutBlocks) TAO run-out blocks left out)" : ""))
        for range in r.badRanges { print("  unreadable: LBA \(range.startLBA)-\(range.startLBA + range.blocks - 1) (\(range.blocks) blocks, written as zeros)") }
        if let files = r.affectedFiles, !files.isEmpty { print("  files touched: " + files.joined(separator: ", ")) }
        print("SHA-256 \(r.sha256)\nMD5     \(r.md5)")
        if !r.complete {
            FileHandle.standardError.write(Data("discburn: error: \(r.badRanges.reduce(0) { $0 + $1.blocks }) blocks unreadable; clean the disc and run again with --resume.\n".utf8))
        }
    }
}

struct RipPlanEvent: Encodable {
    var startLBA: UInt64
    var blocks: UInt64
    var session: Int
    var source: String
    var profile: String
}

struct RipResultEvent: Encodable {
    var result: String
    var interrupted: Bool
    var blocks: UInt64
    var goodBlocks: UInt64
    var badRanges: [LBARange]
    var affectedFiles: [String]?
    var runOutBlocks: UInt64
    var sha256: String
    var md5: String
    var elapsedSeconds: Double
    var averageKilobytesPerSecond: Int
}
