import ArgumentParser
import Burning
import Foundation
import MMC

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Compare a disc with an image, block by block, and hash what the disc holds.")

    @Argument(help: "The image the disc should hold.") var image: String
    @OptionGroup var driveOptions: DriveOptions
    @Option(help: ArgumentHelp("LBA where the image starts on the disc (default: the start of the last track, so the last "
        + "session of a multi-session disc; 0 when the drive reports no tracks)."))
    var start: UInt64?
    @OptionGroup var output: OutputOptions

    /// `--start`, else where the last recorded track starts (READ TRACK INFORMATION), else 0.
    private func startLBA(_ drive: OpticalDrive) async throws -> UInt64 {
        if let start { return start }
        let layout = try? await DiscLayoutReader.read(drive: drive)
        return layout?.lastTrackStartLBA ?? 0
    }

    func run() async throws {
        try await ErrorReporting.run(json: output.json, quiet: output.quiet, drive: driveOptions.drive) {
            // READ(10) addresses 32-bit LBAs (MMC-6 §6.19): a start beyond that cannot be read, and must not trap.
            if let start, start > UInt64(UInt32.max) {
                throw CLIError("--start \(start) is beyond the largest LBA a disc can have (\(UInt32.max)); "
                    + "give the LBA where the image starts, e.g. 0")
            }
            let drive = try DriveOpener.drive(for: driveOptions, otherInputs: [image])
            let probe = try await drive.probe()
            guard probe.media.present else { throw BurnError.noDiscToRead(device: drive.deviceName) }
            if CuePlanner.isCue(image) { return try verifyCue(drive: drive) }  // track by track, raw and audio too
            let source = try ImageSource(path: image)
            let start = try await startLBA(drive)
            guard start + source.blocks <= UInt64(UInt32.max) + 1 else {
                throw CLIError("--start \(start) plus the image's \(source.blocks) blocks runs past the largest LBA; "
                    + "give the LBA where the image starts")
            }
            let verifier = Verifier(session: DriveSession(transport: drive.transport), source: source)
            let cancel = CancelFlag()
            let interrupt = InterruptHandler { cancel.set() }
            defer { interrupt.stop() }
            let progress = ProgressPrinter(drive: driveOptions.drive)
            let clock = ContinuousClock(), started = clock.now
            let total = source.blocks
            var compared: UInt64 = 0
            var result: VerifyResult
            do {
                result = try verifier.verify(startLBA: start, blocks: total, cancelled: { cancel.isSet }) { done in
                    compared = done
                    guard done % 256 == 0 || done == total else { return }
                    let seconds = (clock.now - started).seconds
                    let speed = seconds > 0 ? Double(done) * 2048 / seconds / 1000 : 0
                    progress.show(ProgressEvent(
                        phase: "verifying", done: done * 2048, total: total * 2048, kilobytesPerSecond: speed,
                        speed: SpeedFormat.multiple(kilobytesPerSecond: Int(speed), profile: probe.media.profile),
                        etaSeconds: speed > 0 ? Double(total - done) * 2048 / (speed * 1000) : nil))
                }
            } catch BurnError.cancelled {
                result = .interrupted(after: compared, of: total)
            }
            progress.end()
            EventOutput.emit("result", VerifyEvent(result))
            if !output.json { printText(result, start: start) }
            switch result.outcome {
            case .match: return
            case .interrupted: throw ExitCode(130)
            default: throw ExitCode(1)
            }
        }
    }

    private func printText(_ result: VerifyResult, start: UInt64) {
        switch result.outcome {
        case .match: print("match: \(result.blocksCompared) blocks from LBA \(start)")
        case .mismatch where result.reason != nil:
            print("MISMATCH: \(result.reason ?? "")")
        case .mismatch:
            print("MISMATCH: \(result.mismatchedBlocks) block(s) differ, first at LBA \(result.firstMismatchLBA ?? 0)")
        case .unreadable:
            let ranges = LBARange.ranges(result.unreadableLBAs)
            print("UNREADABLE: \(result.unreadableLBAs.count) block(s) in \(ranges.count) range(s), first at LBA "
                  + "\(result.unreadableLBAs.first ?? 0)")
        case .interrupted:
            print("interrupted: \(result.reason ?? ""); nothing is known about the rest of the disc")
            return
        case .skipped: print("skipped")
        }
        print("SHA-256 \(result.sha256 ?? "")\nMD5     \(result.md5 ?? "")")
    }
}

/// A flag set from a signal handler and read by a job's loop.
final class CancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

extension VerifyCommand {
    /// A bin/cue: every track compared with the disc as its mode reads (`CueVerifier`); --start does not apply.
    func verifyCue(drive: OpticalDrive) throws {
        guard start == nil else { throw CLIError("--start does not apply to a bin/cue: its cue sheet places the tracks") }
        let layout = try CuePlanner.layout(cuePath: image)
        let verifier = CueVerifier(session: DriveSession(transport: drive.transport), layout: layout)
        let cancel = CancelFlag()
        let interrupt = InterruptHandler { cancel.set() }
        defer { interrupt.stop() }
        let progress = ProgressPrinter(drive: driveOptions.drive)
        let total = verifier.totalSectors
        var compared: UInt64 = 0
        var result: VerifyResult
        do {
            result = try verifier.verify(cancelled: { cancel.isSet }) { done in
                compared = done
                guard done % 256 == 0 || done == total else { return }
                progress.show(ProgressEvent(phase: "verifying", done: done * 2352, total: total * 2352))
            }
        } catch BurnError.cancelled {
            result = .interrupted(after: compared, of: total)
        }
        progress.end()
        EventOutput.emit("result", VerifyEvent(result))
        if !output.json { printText(result, start: 0) }
        switch result.outcome {
        case .match: return
        case .interrupted: throw ExitCode(130)
        default: throw ExitCode(1)
        }
    }
}
