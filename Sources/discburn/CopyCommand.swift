import ArgumentParser
import Burning
import Foundation
import MMC

struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy", abstract: "Copy a disc to a disc, then verify the copy against the source.",
        discussion: """
            With two drives the data streams from --from through the FIFO to --to on the fly, and the copy is \
            compared with a second read of the source. With one drive (--from and --to the same) the disc is read \
            into a temporary image, ejected, and the copy is burned once a writable disc is inserted; the \
            temporary image is removed only after a verified burn.
            """)

    @Option(help: "The drive holding the disc to copy.") var from: String
    @Option(help: "The drive holding the writable disc (may be the same drive).") var to: String
    @Flag(help: "Do not ask before burning (one-drive copy).") var yes = false
    @Option(help: "Write speed: max, min, N or Nx, or N kB/s.") var speed = "max"
    @Flag(name: .customLong("no-verify"), help: "Skip comparing the copy with the source.") var noVerify = false
    @Option(name: .customLong("scsi-log"), help: "Record every SCSI exchange of the target drive.") var scsiLog: String?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await ErrorReporting.run(json: output.json, quiet: output.quiet, drive: to) {
            var options = BurnOptions()
            guard let s = SpeedRequest(parsing: speed) else { throw CLIError("--speed \(speed) is not a speed") }
            options.speed = s
            options.verify = !noVerify
            let target = try DriveOpener.drive(for: driveOptions(for: to, log: scsiLog), access: .write)
            let result: BurnResult
            if from == to {
                result = try await copyWithOneDrive(target, options: options)
            } else {
                let source = try DriveOpener.drive(for: driveOptions(for: from, log: nil))
                result = try await burn(BurnJob(drive: target, source: .disc(source), options: options))
            }
            if result.interrupted { throw ExitCode(130) }
            if !result.succeeded { throw ExitCode(1) }
        }
    }

    private func driveOptions(for drive: String, log: String?) throws -> DriveOptions {
        var o = try DriveOptions.parse(["--drive", drive])
        o.scsiLog = log
        return o
    }

    private func burn(_ job: BurnJob) async throws -> BurnResult {
        let plan = try await job.plan()
        let renderer = BurnRenderer(drive: to)
        renderer.plan(plan)
        let interrupt = InterruptHandler { job.cancel() }
        defer { interrupt.stop() }
        var final: BurnResult?
        for await event in job.run(plan) {
            switch event {
            case .status(let s): renderer.status(s)
            case .result(let r): final = r
            }
        }
        guard let result = final else { throw CLIError("the copy ended without a result") }
        renderer.result(result)
        return result
    }

    /// Read to a temporary image, eject, wait for a writable disc, burn it, verify, remove the image.
    private func copyWithOneDrive(_ drive: OpticalDrive, options: BurnOptions) async throws -> BurnResult {
        let temp = FileManager.default.temporaryDirectory
            .appendingPathComponent("discburn-copy-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8)).iso")
        let ripper = DiscRipper(drive: drive, outputPath: temp.path)
        let extent = try await ripper.plan()
        note("reading \(extent.blocks) blocks into \(temp.path)")
        let rip = try ripper.run(extent)
        try? FileManager.default.removeItem(atPath: temp.path + ".map")
        guard rip.complete else {
            try? FileManager.default.removeItem(at: temp)
            throw CLIError("\(rip.badRanges.reduce(0) { $0 + $1.blocks }) blocks of the source are unreadable: "
                + "nothing was burned; use discburn rip to map them")
        }
        _ = try? await drive.send(StartStopUnit(action: .eject), policy: .none)
        note("source read (SHA-256 \(rip.sha256)); insert a writable disc")
        let probe = try await MediaWaiter.waitForWritableDisc(drive) { note($0) }
        if !yes {
            FileHandle.standardError.write(Data("Burn the copy to the \(probe.media.profile.shortName) in \(drive.deviceName) now? [y/N] ".utf8))
            guard let answer = readLine(), answer.lowercased().hasPrefix("y") else {
                throw CLIError("copy not burned; the source image is kept at \(temp.path) (burn it with discburn burn)")
            }
        }
        let result = try await burn(BurnJob(drive: drive, imagePath: temp.path, options: options))
        if result.succeeded, result.verify.outcome == .match || !options.verify {
            try? FileManager.default.removeItem(at: temp)
        } else {
            note("the source image is kept at \(temp.path)")
        }
        return result
    }

    private func note(_ s: String) {
        EventOutput.emit("note", NoteEvent(message: s))
        EventOutput.note(s)
    }
}
