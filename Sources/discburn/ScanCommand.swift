import ArgumentParser
import Burning
import Foundation
import MMC

/// `discburn scan --drive DEV [--json] [--plot FILE.svg] [--zone-blocks N]`: a readability scan of the whole
/// recorded medium.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan", abstract: "Read the whole disc: read speed per zone and unreadable block ranges.",
        discussion: """
            Reads every recorded block (READ(10), 32 blocks at a time); a failing read is retried block by block, \
            so unreadable ranges are exact. Nothing is written. Exit status: 0 when every block was read, 1 when \
            some blocks are unreadable (or the scan could not run).
            """)

    @OptionGroup var driveOptions: DriveOptions
    @Option(help: ArgumentHelp("Also draw read speed over LBA, unreadable ranges in red, as an SVG file.",
                               valueName: "FILE.svg"))
    var plot: String?
    @Option(name: .customLong("zone-blocks"), help: "Blocks per timed zone (default: about 200 zones per disc).")
    var zoneBlocks: UInt64?
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await ErrorReporting.run(json: output.json, quiet: output.quiet, drive: driveOptions.drive) {
            if let zoneBlocks, zoneBlocks == 0 { throw CLIError("--zone-blocks must be at least 1") }
            if let plot {
                try OutputGuard.check(plot, option: "--plot", inputs: OutputGuard.driveFiles(driveOptions.drive)
                    + (driveOptions.scsiLog.map { [$0] } ?? []))
            }
            let drive = try DriveOpener.drive(for: driveOptions)
            let probe = try await drive.probe()
            guard probe.media.present else { throw BurnError.noDiscToRead(device: drive.deviceName) }
            let scan = ReadabilityScan(session: DriveSession(transport: drive.transport), zoneBlocks: zoneBlocks)
            let printer = ProgressPrinter(drive: driveOptions.drive)
            let profile = probe.media.profile
            let cancel = CancelFlag()
            let interrupt = InterruptHandler { cancel.set() }
            defer { interrupt.stop() }
            let result: ScanResult
            do {
                result = try scan.run(progress: { p in
                var event = ProgressEvent(phase: "scanning", done: 0, total: 0,
                                          kilobytesPerSecond: p.kilobytesPerSecond,
                                          speed: SpeedFormat.multiple(kilobytesPerSecond: Int(p.kilobytesPerSecond), profile: profile))
                event.percent = (p.percent * 10).rounded() / 10
                event.badBlocks = UInt64(p.unreadableBlocks)
                printer.show(event)
                }, cancelled: { cancel.isSet })
            } catch BurnError.cancelled(let state) {
                printer.end()
                let message = "interrupted by the user: \(state)"
                EventOutput.emit("result", OperationResultEvent(result: "interrupted", message: message))
                if !output.json { print(message) }
                throw ExitCode(130)
            }
            printer.end()
            if let plot {
                do {
                    // Checked again just before the rename: the path may have changed during the scan.
                    try OutputGuard.check(plot, option: "--plot", inputs: OutputGuard.driveFiles(driveOptions.drive))
                    try Data(ScanPlot.svg(result).utf8).write(to: URL(fileURLWithPath: plot), options: .atomic)
                } catch let error as CLIError {
                    throw error
                } catch {
                    throw CLIError("cannot write the plot to \(plot): \(error.localizedDescription)")
                }
            }
            if output.json {
                EventOutput.emit("result", ScanReport(result, plot: plot))
            } else {
                ScanText.lines(result, plot: plot).forEach { print($0) }
            }
            if !result.allReadable { throw ExitCode(1) }
        }
    }
}

/// The `scan --json` document; speeds in whole kB/s.
struct ScanReport: Encodable {
    struct Zone: Encodable {
        var startLBA: UInt64
        var blocks: UInt64
        var kilobytesPerSecond: Int
    }

    var result: String
    var profile: String
    var blocks: UInt64
    var unreadableBlocks: UInt64
    var elapsedSeconds: Double
    var averageKilobytesPerSecond: Int
    var minimumKilobytesPerSecond: Int
    var maximumKilobytesPerSecond: Int
    var zones: [Zone]
    var unreadable: [LBARange]
    var plot: String?

    init(_ r: ScanResult, plot: String?) {
        result = r.allReadable ? "ok" : "unreadable"
        profile = r.profile.shortName
        blocks = r.blocks
        unreadableBlocks = r.unreadableBlocks
        elapsedSeconds = (r.elapsedSeconds * 1000).rounded() / 1000
        averageKilobytesPerSecond = Int(r.averageKilobytesPerSecond.rounded())
        minimumKilobytesPerSecond = Int(r.minimumKilobytesPerSecond.rounded())
        maximumKilobytesPerSecond = Int(r.maximumKilobytesPerSecond.rounded())
        zones = r.zones.map { Zone(startLBA: $0.startLBA, blocks: $0.blocks, kilobytesPerSecond: Int($0.kilobytesPerSecond.rounded())) }
        unreadable = r.unreadable
        self.plot = plot
    }
}

/// The text report: what was scanned, the zone speeds, the unreadable ranges.
enum ScanText {
    static func lines(_ r: ScanResult, plot: String?) -> [String] {
        func speed(_ kilobytesPerSecond: Double) -> String {
            let kB = Int(kilobytesPerSecond.rounded())
            guard r.profile != .none else { return "\(kB) kB/s" }
            return "\(kB) kB/s (\(SpeedFormat.multiple(kilobytesPerSecond: kB, profile: r.profile)))"
        }
        guard r.blocks > 0 else { return ["Nothing recorded: the \(r.profile.shortName) has no readable blocks"] }
        let zoneBlocks = r.zones.first?.blocks ?? 0
        var lines = ["Scanned \(r.blocks) blocks (\(r.blocks * 2048) bytes) of \(r.profile.shortName) in "
                     + "\(String(format: "%.1f", r.elapsedSeconds)) s: \(r.zones.count) zones of \(zoneBlocks) blocks"]
        lines.append("Speed: min \(speed(r.minimumKilobytesPerSecond)), average \(speed(r.averageKilobytesPerSecond)), "
                     + "max \(speed(r.maximumKilobytesPerSecond))")
        if let slowest = r.zones.min(by: { $0.kilobytesPerSecond < $1.kilobytesPerSecond }) {
            lines.append("Slowest zone: LBA \(slowest.startLBA)-\(slowest.startLBA + slowest.blocks - 1)")
        }
        if r.unreadable.isEmpty {
            lines.append("Unreadable: none (every block was read)")
        } else {
            lines.append("Unreadable: \(r.unreadableBlocks) block(s) in \(r.unreadable.count) range(s)")
            lines += r.unreadable.map { "  LBA \($0.startLBA)-\($0.lastLBA) (\($0.blocks) blocks)" }
        }
        if let plot { lines.append("Plot: \(plot)") }
        return lines
    }
}
