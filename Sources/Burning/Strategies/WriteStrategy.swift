import MMC
import SCSI

/// One media family's recipe: what to send before the data, how each WRITE looks, and how to close.
/// Recipes and their spec sections are in Vendor-notes/<family>.md.
protocol WriteStrategy: Sendable {
    var plan: BurnPlan { get }
    /// Everything between the plan and the first data WRITE (mode page, reservation, cue sheet, speed, format).
    func prepare(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws
    /// Data WRITEs before LBA `plan.startLBA` (the CD SAO pre-gap); empty for every other strategy.
    func leadingWrites() -> [(lba: Int64, blocks: Int)]
    /// The WRITE for `data` at `lba`: WRITE(10) (signed LBA for the CD pre-gap), or WRITE(12) with the Streaming
    /// bit on BD with --stream-recording (MMC-6 §6.45; MMC-NOTES).
    func writeRequest(lba: Int64, data: [UInt8]) -> (request: SCSIRequest, name: String)
    /// Flush and close, leaving the medium in the planned state.
    func finish(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws
    /// What is on the medium if the burn stops now (after a failure or interruption), after `closeDamaged` ran.
    func interruptedState(blocksWritten: UInt64) -> String
}

extension WriteStrategy {
    func leadingWrites() -> [(lba: Int64, blocks: Int)] { [] }

    /// WRITE(10) everywhere; WRITE(12) with the Streaming bit only on BD with --stream-recording and only for
    /// writes of at least 64 KiB (LG GGW-H20 writes junk with streaming and 32 KiB writes: libburn write.c).
    func writeRequest(lba: Int64, data: [UInt8]) -> (request: SCSIRequest, name: String) {
        if plan.streamRecording, plan.profile.family == .bd, lba >= 0, data.count >= 65_536 {
            return (Write12(lba: UInt32(truncatingIfNeeded: lba), data: data, streaming: true).request, Write12.name)
        }
        return (Write10(signedLBA: Int32(truncatingIfNeeded: lba), data: data).request, Write10.name)
    }

    func interruptedState(blocksWritten: UInt64) -> String {
        plan.profile.isOverwritable
            ? "the disc holds \(blocksWritten) blocks of the image over its old contents; burn again to complete it"
            : "the track holds \(blocksWritten) of \(plan.writeBlocks) blocks; "
                + (plan.profile.isRewritable ? "blank the disc to reuse it" : "the disc cannot hold this image any more")
    }

    /// Whether this strategy writes from the drive's NWA (read right before the first WRITE) rather than from
    /// a reservation or LBA 0.
    var writesAtNextWritableAddress: Bool {
        switch plan.strategy {
        case .cdTrackAtOnce, .dvdRIncremental, .dvdPlusR, .bdR: return true
        default: return false
        }
    }

    /// Sets the write speed the plan chose: SET STREAMING on DVD/BD (MMC-6 §6.39), SET CD SPEED on CD (§6.37).
    func setSpeed(_ session: DriveSession) {
        guard let speed = plan.speedKilobytesPerSecond else { return }
        if plan.profile.family == .cd {
            _ = try? session.send(SetCDSpeed(writeKilobytesPerSecond: UInt16(clamping: speed)), policy: .none)
        } else {
            let end = UInt32(clamping: plan.startLBA + plan.writeBlocks)
            _ = try? session.send(SetStreaming.speed(kilobytesPerSecond: UInt32(clamping: speed), endLBA: end),
                                  policy: .none)
        }
    }

    /// SYNCHRONIZE CACHE with IMMED, wait until the drive has written everything (MMC-6 §6.41), then one more
    /// SYNCHRONIZE CACHE without IMMED (growisofs: "Pioneer apparently needs this").
    func synchronize(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws {
        report(.closing, nil)
        try session.send(SynchronizeCache(immediate: true))
        try session.waitForCompletion(what: "SYNCHRONIZE CACHE") { report(.closing, $0) }
        try session.send(SynchronizeCache(immediate: false))
    }

    func close(_ session: DriveSession, _ function: CloseFunction, track: UInt16 = 0,
               report: (BurnStatus.Phase, Double?) -> Void) throws {
        try session.send(CloseTrackSession(function: function, trackNumber: track, immediate: true))
        try session.waitForCompletion(what: "CLOSE TRACK/SESSION") { report(.closing, $0) }
    }

    /// Reads page 05h, changes it with `edit`, and sends it back (MMC-6 §7.5; SPC-4 MODE SELECT(10)).
    func selectWriteParameters(_ session: DriveSession, _ edit: (inout WriteParametersPage) -> Void) throws {
        let list = try session.send(ModeSense10(page: .writeParameters))
        guard let current = list.page(.writeParameters) else {
            throw BurnError.drive(stage: "MODE SENSE page 05h", error: MMCParseError("MODE SENSE(10)", "no page 05h in the answer"))
        }
        var page = try WriteParametersPage(current)
        edit(&page)
        try session.send(ModeSelect10(pages: [page.encode()]))
    }
}

enum StrategyFactory {
    static func make(_ plan: BurnPlan) -> WriteStrategy {
        switch plan.strategy {
        case .cdTrackAtOnce: return CDStrategy(plan: plan, sessionAtOnce: false)
        case .cdSessionAtOnce: return CDStrategy(plan: plan, sessionAtOnce: true)
        case .dvdRDiscAtOnce: return DVDRStrategy(plan: plan, discAtOnce: true)
        case .dvdRIncremental: return DVDRStrategy(plan: plan, discAtOnce: false)
        case .dvdPlusR: return DVDPlusRStrategy(plan: plan)
        case .bdR: return BDRStrategy(plan: plan)
        case .overwritable: return OverwriteStrategy(plan: plan)
        }
    }
}
