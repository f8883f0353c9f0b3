import ArgumentParser
import Burning
import Foundation
import MMC

struct BurnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "burn", abstract: "Write an image to a disc, then read it back and compare.")

    @Argument(help: "The image to burn (ISO 9660 / UDF; any other file is burned as data).") var image: String
    @Option(name: .long, help: ArgumentHelp(
        "Drive: /dev/srN, /dev/sgN, iscsi://HOST[:PORT]/IQN/LUN or virtual:MEDIA[:DIR]. Repeat to burn the same "
            + "image to several drives at once.", valueName: "DEV"))
    var drive: [String]
    @Option(name: .customLong("scsi-log"), help: ArgumentHelp(
        "Record every SCSI exchange as JSON lines into FILE (one drive only).", valueName: "FILE"))
    var scsiLog: String?
    @Flag(name: .customLong("scsi-log-data"), help: "With --scsi-log: record every byte of data, reads included.")
    var scsiLogData = false
    @Option(help: ArgumentHelp("Write speed: max, min, N or Nx (multiples of 1x), or N kB/s (e.g. 11080k or "
        + "\"11080 kB/s\"). A speed the drive does not offer is rounded to the nearest one, with a note.",
        valueName: "S")) var speed = "max"
    @Flag(help: "Simulate: the whole burn with the test-write bit; the disc stays blank (CD-R/RW, DVD-R/RW).")
    var dummy = false
    @Flag(help: "Leave the disc appendable (another session can be added later).") var multi = false
    @Flag(name: .customLong("no-verify"), help: "Skip reading the disc back and comparing it with the image.")
    var noVerify = false
    @Flag(help: "Eject the disc after a successful burn.") var eject = false
    @Option(name: .customLong("fifo-size"), help: ArgumentHelp(
        "Software FIFO in MiB between reader and writer (0: none). Default: 2 s of the write speed, 16 to 256 MiB.",
        valueName: "MiB"))
    var fifoMebibytes: Int?
    @Option(name: .customLong("layer-break"), help: "DVD+R DL: first LBA of layer 1 (multiple of 16).")
    var layerBreak: UInt64?
    @Option(help: ArgumentHelp("CD: tao or sao (dao = sao on CD); DVD-R/RW: dao or incremental. Default: TAO on "
        + "CD, DAO on blank DVD-R. A mode the disc or drive cannot use is refused, never replaced."))
    var mode: String?
    @Flag(help: "Allow writing past the nominal capacity where the medium allows it.") var overburn = false
    @Flag(name: .customLong("stream-recording"), help: ArgumentHelp(
        "BD only: WRITE(12) with the Streaming bit. Trades defect management (verify after write, spare "
            + "replacement) for speed; only where the drive offers it (feature 0107h)."))
    var streamRecording = false
    @Flag(help: "The file is data, not a disc image: burn it byte for byte without the notice that says so.")
    var data = false
    @Flag(help: "Burn an ISO 9660/UDF image even though it is truncated or damaged.") var force = false
    @Option(help: ArgumentHelp("With `burn -`: bytes on standard input (K, M, G: 1024-based). Needed on write-once "
        + "media; without it DVD+RW, BD-RE, DVD-RAM are written until the input ends.", valueName: "BYTES"))
    var size: String?
    @Flag(name: .customLong("dry-run"), help: "Print the plan and stop; nothing is written.") var dryRun = false
    @OptionGroup var output: OutputOptions

    func options() throws -> BurnOptions {
        var o = BurnOptions()
        guard let s = SpeedRequest(parsing: speed) else {
            throw CLIError("--speed \(speed) is not a speed: use max, min, 8, 8x, 2.4x, 11080k or \"11080 kB/s\"")
        }
        o.speed = s
        o.dummy = dummy
        o.multiSession = multi
        o.verify = !noVerify
        o.eject = eject
        if let fifoMebibytes {
            guard (0...4096).contains(fifoMebibytes) else { throw CLIError("--fifo-size must be 0...4096 MiB") }
            o.fifoSizeBytes = fifoMebibytes * 1024 * 1024
        }
        o.layerBreakLBA = layerBreak
        o.overburn = overburn
        o.data = data
        o.force = force
        o.streamRecording = streamRecording
        // Benchmark hook (bench/burn-underruns.sh): DISCBURN_READER_STALL=STALL_MS/EVERY_MS.
        if let hook = ProcessInfo.processInfo.environment["DISCBURN_READER_STALL"] {
            let parts = hook.split(separator: "/").compactMap { Int($0) }
            guard parts.count == 2 else { throw CLIError("DISCBURN_READER_STALL must be STALL_MS/EVERY_MS") }
            o.readerStall = (.milliseconds(parts[0]), .milliseconds(parts[1]))
        }
        if let mode {
            guard let request = WriteModeRequest(parsing: mode) else {
                throw CLIError("--mode \(mode) is unknown: use tao, sao, dao or incremental")
            }
            o.requestedMode = request
            // On CD, dao is what cdrecord -dao means: Session At Once.
            o.preferSessionAtOnce = request == .sao || request == .dao
            o.preferIncremental = request == .incremental
        }
        return o
    }

    func run() async throws {
        try await ErrorReporting.run(json: output.json, quiet: output.quiet, drive: drive.count == 1 ? drive[0] : nil) {
            guard !drive.isEmpty else { throw CLIError("name a drive with --drive DEV") }
            if drive.count > 1 {
                guard image != "-" else { throw CLIError("burn - reads standard input once: burn it to one --drive") }
                guard scsiLog == nil else { throw CLIError("--scsi-log records one drive: burn to one --drive") }
                return try await burnToSeveral(try options())
            }
            var driveOptions = try DriveOptions.parse(["--drive", drive[0]])
            driveOptions.scsiLog = scsiLog
            driveOptions.scsiLogData = scsiLogData
            let drive = try DriveOpener.drive(for: driveOptions, access: dryRun ? .read : .write,
                                              otherInputs: image == "-" ? [] : [image])
            let job = BurnJob(drive: drive, source: try source(), options: try options())
            let plan = try await job.plan()
            let renderer = BurnRenderer(drive: self.drive[0])
            renderer.plan(plan)
            if dryRun { return }
            let interrupt = InterruptHandler { job.cancel() }
            defer { interrupt.stop() }
            var final: BurnResult?
            for await event in job.run(plan) {
                switch event {
                case .status(let s): renderer.status(s)
                case .result(let r): final = r
                }
            }
            guard let result = final else { throw CLIError("the burn ended without a result") }
            renderer.result(result)
            if result.interrupted { throw ExitCode(130) }
            if !result.succeeded { throw ExitCode(1) }
        }
    }

    /// The image file, or standard input for `-` (with --size when given).
    func source() throws -> BurnJob.Source {
        guard image == "-" else {
            guard size == nil else { throw CLIError("--size applies to `burn -` (standard input) only") }
            return .image(path: image)
        }
        guard let size else { return .standardInput(sizeBytes: nil) }
        guard let bytes = Self.bytes(size) else {
            throw CLIError("--size \(size) is not a size: give bytes, e.g. 1048576, 700M or 4G")
        }
        return .standardInput(sizeBytes: bytes)
    }

    /// "1048576", "700M", "4G", "512K" (1024-based).
    static func bytes(_ text: String) -> UInt64? {
        let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var digits = text.trimmingCharacters(in: .whitespaces).uppercased()
        var factor: UInt64 = 1
        if digits.hasSuffix("B") { digits.removeLast() }
        if let last = digits.last, let unit = units[last] {
            factor = unit
            digits.removeLast()
        }
        guard let n = UInt64(digits), n > 0 else { return nil }
        let (product, overflow) = n.multipliedReportingOverflow(by: factor)
        return overflow ? nil : product
    }

    /// One image to several drives: one reader, each drive paced on its own, every drive's outcome listed.
    private func burnToSeveral(_ options: BurnOptions) async throws {
        var drives: [OpticalDrive] = []
        for name in drive { drives.append(try DriveOpener.drive(for: try DriveOptions.parse(["--drive", name]), access: .write)) }
        let job = MultiBurnJob(drives: drives, imagePath: image, options: options)
        let plans = try await job.plan()
        let renderers = drive.map { BurnRenderer(drive: $0, prefixText: true) }
        for (i, p) in plans.enumerated() { if case .success(let plan) = p { renderers[i].plan(plan) } }
        if dryRun { return }
        let interrupt = InterruptHandler { job.cancel() }
        defer { interrupt.stop() }
        var ok = 0, failed = 0, interrupted = false
        for await event in job.run(plans) {
            switch event {
            case .status(let i, let s): renderers[i].status(s)
            case .result(let i, let r):
                renderers[i].result(r)
                if r.succeeded { ok += 1 } else { failed += 1 }
                interrupted = interrupted || r.interrupted
            case .refused(let i, _, let reason):
                renderers[i].refused(reason: reason)
                failed += 1
            }
        }
        if !output.json {
            print("\(ok) of \(drive.count) drives " + (options.verify ? "burned and verified" : "burned (not verified: --no-verify)"))
        }
        if interrupted { throw ExitCode(130) }
        if failed > 0 { throw ExitCode(1) }
    }
}
