import ArgumentParser
import Burning
import Foundation
import MMC
import SCSI

struct BlankCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blank", abstract: "Erase a CD-RW or DVD-RW (sequential) so it can be written again.")

    @OptionGroup var driveOptions: DriveOptions
    @Flag(help: "Minimal blank (table of contents only): seconds instead of minutes.") var fast = false
    @Flag(help: "Full blank: every block is erased.") var full = false
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await ErrorReporting.run(json: output.json, quiet: output.quiet, drive: driveOptions.drive) {
            guard !(fast && full) else { throw CLIError("choose one of --fast and --full") }
            let drive = try DriveOpener.drive(for: driveOptions, access: .write)
            let probe = try await drive.probe()
            guard probe.media.present else { throw BurnError.noMedium(device: drive.deviceName) }
            let profile = probe.media.profile
            guard [.cdRW, .dvdRWSequential, .dvdRWRestrictedOverwrite].contains(profile) else {
                throw CLIError("\(profile.shortName) cannot be blanked: only CD-RW and DVD-RW can "
                    + (profile.isOverwritable ? "(overwritable media are simply burned over; use format to reformat)" : ""))
            }
            let session = DriveSession(transport: drive.transport)
            try runImmediate(session, drive: driveOptions.drive, phase: "blanking", what: "BLANK",
                             timeout: .seconds(2 * 3600)) {
                try session.send(Blank(type: full ? .full : .minimal, immediate: true))
            }
            EventOutput.emit("result", OperationResultEvent(result: "ok", message: "the \(profile.shortName) is blank"))
            if !output.json { print("blanked: the \(profile.shortName) is empty") }
        }
    }
}

struct FormatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "format", abstract: "Format a DVD+RW, DVD-RW, BD-RE, or BD-R with spare areas.")

    @OptionGroup var driveOptions: DriveOptions
    @Flag(name: .customLong("no-spares"), help: "BD-RE: format without spare areas (more space, no defect management).")
    var noSpares = false
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await ErrorReporting.run(json: output.json, quiet: output.quiet, drive: driveOptions.drive) {
            let drive = try DriveOpener.drive(for: driveOptions, access: .write)
            let probe = try await drive.probe()
            guard probe.media.present else { throw BurnError.noMedium(device: drive.deviceName) }
            let profile = probe.media.profile
            let wanted = BurnPlanner.preferredFormats(for: profile, spares: !noSpares)
            guard !wanted.isEmpty else {
                throw CLIError("\(profile.shortName) cannot be formatted: use DVD+RW, DVD-RW, DVD-RAM, BD-RE or BD-R")
            }
            let formats = try await drive.send(ReadFormatCapacities())
            guard let choice = wanted.lazy.compactMap({ t in formats.formattable.first { $0.formatType == t } }).first else {
                throw CLIError("the drive offers no suitable format for this \(profile.shortName)")
            }
            let session = DriveSession(transport: drive.transport)
            let subtype = BurnPlanner.formatSubtype(for: choice.formatType, profile: profile)
            try runImmediate(session, drive: driveOptions.drive, phase: "formatting", what: "FORMAT UNIT",
                             timeout: .seconds(4 * 3600)) {
                try session.send(FormatUnit(formatType: choice.formatType.rawValue, subtype: subtype, blocks: choice.blocks,
                                            typeDependentParameter: choice.typeDependentParameter, immediate: true))
            }
            let text = "\(choice.blocks) blocks (format type \(String(choice.formatType.rawValue, radix: 16))h)"
            EventOutput.emit("result", OperationResultEvent(result: "ok", message: "formatted: " + text))
            if !output.json { print("formatted: " + text) }
        }
    }
}

/// Starts an IMMED operation (`start`) with the tray locked and waits for it with progress. Ctrl-C stops the
/// waiting, not the drive: see `interruptedOperation`.
func runImmediate(_ session: DriveSession, drive: String, phase: String, what: String, timeout: Duration,
                  start: () throws -> Void) throws {
    let printer = ProgressPrinter(drive: drive)
    let interrupt = InterruptHandler {
        TrayLock.unlock(session)
        interruptedOperation(printer, "the drive goes on \(phase) by itself (it cannot be stopped once started); "
            + "the disc is usable when the drive is ready again, check with discburn probe")
    }
    defer { interrupt.stop() }
    try TrayLock.holding(session) {
        try start()
        try session.waitForCompletion(what: what, timeout: timeout) { progress in
            printer.show(ProgressEvent(phase: phase, fraction: progress))
        }
    }
    printer.end()
}

/// Ctrl-C while a drive blanks or formats (IMMED): the operation runs on in the drive, so the command says so
/// and exits 130 without waiting.
func interruptedOperation(_ printer: ProgressPrinter, _ state: String) -> Never {
    printer.end()
    let message = "interrupted by the user: " + state
    EventOutput.emit("result", OperationResultEvent(result: "interrupted", message: message))
    if !EventOutput.json { print(message) }
    exit(130)
}

/// The `result` event of blank, format and close.
struct OperationResultEvent: Encodable {
    var result: String
    var message: String
}
