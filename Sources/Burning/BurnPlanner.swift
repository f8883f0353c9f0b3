import DiscImage
import MMC
import SCSI

/// Decides, before anything is written, whether and how an image goes onto the loaded medium.
public enum BurnPlanner {
    /// The most a CD may be overburned: 2 minutes of lead-out area (9,000 blocks), past which drives refuse.
    public static let maximumCDOverburnBlocks: UInt64 = 9_000

    /// Checks the image: readable, whole, a multiple of the sector size, and mastered for `startLBA` (the NWA it
    /// lands at). Returns its block count.
    public static func checkImage(_ source: ImageSource, startLBA: UInt64 = 0) throws -> UInt64 {
        try ImageCheck.check(source, startLBA: startLBA, options: BurnOptions()).blocks
    }

    /// A track image is never burned as a data file (that burned a cue sheet's text): a .cue goes through
    /// `CuePlanner` (one drive, `BurnJob`); .toc and .nrg are not burned.
    static func refuseTrackImage(_ path: String) throws {
        let lower = path.lowercased()
        if lower.hasSuffix(".cue") {
            throw BurnError.imageInvalid(path: path, problems: ["'\(path)' is a bin/cue: burn it to one drive at a time "
                + "with `discburn burn \(path) --drive DEV`"])
        }
        for suffix in [".toc", ".nrg"] where lower.hasSuffix(suffix) {
            throw BurnError.imageInvalid(path: path, problems: ["'\(path)' is a \(suffix) track image, which DiscBurn "
                + "does not burn; convert it to bin/cue (e.g. with cdrdao or ImgBurn) and burn the .cue"])
        }
    }

    /// Plans the burn of `imageBlocks` blocks onto what `probe` found, asking the drive what else it needs.
    public static func plan(drive: OpticalDrive, probe: ProbeResult, imageBlocks: UInt64,
                            options: BurnOptions) async throws -> BurnPlan {
        let media = probe.media
        let device = drive.deviceName
        guard media.present, media.profile != .none else { throw BurnError.noMedium(device: device) }
        let profile = media.profile
        if profile.isReadOnly { throw BurnError.pressedMedium(device: device, profile: profile) }
        guard profile.isWritable, profile.family != .hdDVD else {
            throw BurnError.unsupportedMedium(device: device, profile: profile)
        }
        guard probe.drive.profiles.contains(profile) else {
            throw BurnError.driveCannotWrite(device: device, profile: profile)
        }
        let strategy = try chooseStrategy(probe: probe, options: options, device: device)
        try PlanChecks.checkMode(options.requestedMode, strategy: strategy, profile: profile, options: options,
                                 discStatus: media.discStatus)
        try checkDummy(options: options, probe: probe, profile: profile)
        try checkMediumState(drive: drive, probe: probe, options: options, strategy: strategy)
        let openSession = try await lastSessionIsOpen(drive: drive, probe: probe, strategy: strategy)

        var format: FormatChoice?
        var free = media.freeBlocks
        var start = UInt64(media.nextWritableAddress ?? 0)
        var intermediate = false
        var backgroundSuspended = false
        if strategy == .overwritable {
            start = 0
            if profile == .dvdRWRestrictedOverwrite, let blocks = try await intermediateCapacity(drive: drive) {
                intermediate = true  // quick-formatted, never closed: write from 0, CLOSE SESSION after (cookbook)
                free = max(free, blocks)
            } else if media.formatted == false {
                format = try await chooseFormat(drive: drive, profile: profile)
                free = UInt64(format?.blocks ?? 0)
            }
            if profile == .dvdPlusRW || profile == .dvdPlusRWDL {
                let info = try? await drive.send(ReadDiscInformation(), policy: .none)
                backgroundSuspended = info?.backgroundFormatStatus == .suspended
            }
        }
        let writeBlocks = paddedLength(imageBlocks, strategy: strategy, profile: profile)
        if writeBlocks > free {
            // Overburning writes into the lead-out area: only CD-R/RW in TAO/SAO allow it, and only the drive
            // knows how far (cdrecord's -overburn works the same way); elsewhere the capacity is hard.
            guard options.overburn else { throw BurnError.doesNotFit(imageBlocks: writeBlocks, freeBlocks: free) }
            guard profile.family == .cd else { throw BurnError.overburnNotAllowed(profile: profile) }
            try checkOverburn(startLBA: start, writeBlocks: writeBlocks, freeBlocks: free,
                              atipLeadOutLBA: media.atipLeadOutLBA)
        }
        let closing: Closing = strategy == .overwritable ? .none : (options.multiSession ? .appendable : .finalize)
        var plan = BurnPlan(device: device, profile: profile, strategy: strategy, closing: closing, startLBA: start,
                            imageBlocks: imageBlocks, writeBlocks: writeBlocks, freeBlocks: free,
                            speedKilobytesPerSecond: SpeedSelection.choose(options.speed,
                                offered: media.writeSpeedsKilobytesPerSecond, profile: profile),
                            dummy: options.dummy, bufferUnderrunFree: bufferUnderrunFree(probe.drive, profile),
                            format: format)
        if let note = PlanChecks.speedNote(options.speed, chosen: plan.speedKilobytesPerSecond,
                                           offered: media.writeSpeedsKilobytesPerSecond, profile: profile) {
            plan.notes.append(note)
        }
        plan.layerZeroBlocks = try await layerBreak(drive: drive, options: options, profile: profile,
                                                    writeBlocks: writeBlocks, start: start)
        plan.streamRecording = try streamRecording(options: options, probe: probe, device: device)
        plan.closeOpenSessionFirst = openSession
        plan.restartBackgroundFormat = backgroundSuspended
        let quickFormat = format.map { [0x13, 0x15].contains($0.formatType) } ?? false
        plan.closeSessionAfterOverwrite = profile == .dvdRWRestrictedOverwrite && (intermediate || quickFormat)
        return plan
    }

    /// CD addresses from 90:00:00 on are the lead-in's (negative LBAs, MMC-6 §4.2.3.2): no track ends past this.
    public static let cdLastAddressableLBA: UInt64 = 90 * 60 * 75 - 150

    /// --overburn on CD, before the first WRITE: the track must end within `maximumCDOverburnBlocks` of the ATIP
    /// lead-out start (READ TOC format 4, read from the disc: it differs by disc, MMC-NOTES) and below the
    /// 90-minute addressing limit; else refused with the blocks that will not fit.
    static func checkOverburn(startLBA: UInt64, writeBlocks: UInt64, freeBlocks: UInt64, atipLeadOutLBA: Int?) throws {
        let leadOut = atipLeadOutLBA.map { UInt64(max(0, $0)) } ?? (startLBA + freeBlocks)
        let limit = min(leadOut + maximumCDOverburnBlocks, cdLastAddressableLBA)
        let end = startLBA + writeBlocks
        guard end <= limit else { throw BurnError.overburnTooFar(overBlocks: end - limit, leadOutLBA: leadOut, limitLBA: limit) }
    }

    /// BUFE from the bit of the loaded media family: CD features 002Dh/002Eh (or page 2Ah) for CD, 002Fh/0021h
    /// for DVD-R/-RW; the other families link losslessly by design and have no page 05h.
    static func bufferUnderrunFree(_ drive: DriveInfo, _ profile: Profile) -> Bool {
        switch profile.family {
        case .cd: return drive.bufferUnderrunFreeCD
        default: return drive.bufferUnderrunFreeDVD
        }
    }

    /// --stream-recording: BD only, and only where feature 0107h offers stream writing.
    static func streamRecording(options: BurnOptions, probe: ProbeResult, device: String) throws -> Bool {
        guard options.streamRecording else { return false }
        let profile = probe.media.profile
        guard profile.family == .bd, probe.drive.streamWriting else {
            throw BurnError.streamRecordingUnsupported(device: device, profile: profile)
        }
        return true
    }

    /// Refusals that depend on the medium's state: a POW-formatted BD-R (feature 0038h current: libburn drive.c
    /// burn_drive_get_bd_r_pow, write.c "Unsuitable media detected: BD-R formatted to POW"); --multi on DVD-R DL
    /// (no multi-session, MMC-NOTES).
    static func checkMediumState(drive: OpticalDrive, probe: ProbeResult, options: BurnOptions,
                                 strategy: StrategyKind) throws {
        let profile = probe.media.profile
        if profile == .bdRSequential, probe.drive.currentFeatures.contains(.bdRPseudoOverwrite) {
            throw BurnError.pseudoOverwriteBDR(device: drive.deviceName)
        }
        if options.multiSession, profile == .dvdRDLSequential {
            throw BurnError.multiSessionUnsupported(profile: profile)
        }
    }

    /// READ DISC INFORMATION: state of the last session = incomplete means an earlier burn left it open. BD-R
    /// gets it closed before writing (libburn does); elsewhere the burn is refused, naming `discburn close`.
    static func lastSessionIsOpen(drive: OpticalDrive, probe: ProbeResult, strategy: StrategyKind) async throws -> Bool {
        guard strategy != .overwritable, probe.media.discStatus == .appendable,
              let info = try? await drive.send(ReadDiscInformation(), policy: .none),
              info.lastSessionState == .incomplete else { return false }
        guard probe.media.profile == .bdRSequential else {
            throw BurnError.lastSessionOpen(device: drive.deviceName, profile: probe.media.profile)
        }
        return true
    }

    /// DVD-RW in the intermediate state (quick-formatted with 15h or 13h and never closed): READ FORMAT
    /// CAPACITIES current descriptor type 11b and no format 13h or 11h offered (libburn cookbook "Intermediate
    /// state DVD-RW"). Returns the blocks it can take, nil when not intermediate.
    static func intermediateCapacity(drive: OpticalDrive) async throws -> UInt64? {
        guard let formats = try? await drive.send(ReadFormatCapacities(), policy: .none),
              formats.current.descriptorType == .noMedia,
              !formats.formattable.contains(where: { [.dvdRWQuickGrowLastSession, .cdrwDVDRWGrowSession].contains($0.formatType) })
        else { return nil }
        let offered = formats.formattable.first { $0.formatType == .dvdRWQuickFormat }
            ?? formats.formattable.first { $0.formatType == .cdrwDVDRWFullFormat }
        return UInt64(offered?.blocks ?? formats.current.blocks)
    }

    static func chooseStrategy(probe: ProbeResult, options: BurnOptions, device: String) throws -> StrategyKind {
        let media = probe.media
        let profile = media.profile
        if profile.isOverwritable { return .overwritable }
        guard media.discStatus == .blank || media.discStatus == .appendable else {
            throw BurnError.discClosed(device: device, profile: profile)
        }
        let blank = media.discStatus == .blank
        let modes = probe.drive.writeModes
        switch profile {
        case .cdR, .cdRW:
            let cd = modes["CD"] ?? []
            if options.preferSessionAtOnce {
                guard cd.contains(.sessionAtOnce) else { throw BurnError.writeModeUnsupported(profile: profile, mode: .sessionAtOnce) }
                return blank ? .cdSessionAtOnce : .cdTrackAtOnce
            }
            guard cd.contains(.trackAtOnce) else { throw BurnError.writeModeUnsupported(profile: profile, mode: .trackAtOnce) }
            return .cdTrackAtOnce
        case .dvdRSequential, .dvdRWSequential, .dvdRDLSequential:
            let dvd = modes["DVD-R"] ?? modes["DVD-R DL"] ?? []
            // Incremental only while feature 0021h is current: after a fast (minimal) blank it is not, and
            // only DAO works (libburn cookbook; MMC-NOTES "DVD-R/-RW sequential").
            let offered = dvd.contains(.incremental)
            let current = probe.drive.currentFeatures.contains(.incrementalStreamingWritable)
            if options.preferIncremental || options.multiSession || !blank {
                guard offered else { throw BurnError.writeModeUnsupported(profile: profile, mode: .incremental) }
                guard current else { throw BurnError.incrementalNotCurrent(profile: profile) }
                return .dvdRIncremental
            }
            if dvd.contains(.discAtOnce) { return .dvdRDiscAtOnce }
            guard current else { throw BurnError.incrementalNotCurrent(profile: profile) }
            return .dvdRIncremental
        case .dvdPlusR, .dvdPlusRDL: return .dvdPlusR
        case .bdRSequential: return .bdR
        default: throw BurnError.unsupportedMedium(device: device, profile: profile)
        }
    }

    static func checkDummy(options: BurnOptions, probe: ProbeResult, profile: Profile) throws {
        guard options.dummy else { return }
        switch profile {
        case .cdR, .cdRW:
            guard probe.drive.testWriteCD else { throw BurnError.dummyUnsupported(profile: profile, reason: "the drive offers no CD test write") }
        case .dvdRSequential, .dvdRWSequential, .dvdRDLSequential:
            guard probe.drive.testWriteDVD else { throw BurnError.dummyUnsupported(profile: profile, reason: "the drive offers no DVD-R test write") }
        default:
            throw BurnError.dummyUnsupported(profile: profile, reason: "the medium has no test-write mode")
        }
    }

    /// Zero padding: CD tracks are at least 300 blocks (MMC-6 §6.3 CLOSE TRACK on CD); DVD writes go in 16-block
    /// ECC blocks, BD in 32-block clusters.
    static func paddedLength(_ blocks: UInt64, strategy: StrategyKind, profile: Profile) -> UInt64 {
        switch profile.family {
        case .cd: return max(blocks, 300)
        case .bd: return (blocks + 31) / 32 * 32
        default: return (blocks + 15) / 16 * 16
        }
    }

    /// DVD+R DL only (the DVD-R DL strategy sends no layer break, so the plan must not show one). Set only when
    /// the image does not fit layer 0 as READ DISC STRUCTURE 20h reports it, and only while the boundary is not
    /// fixed yet (growisofs checks 20h first; MMC-NOTES "DVD+R / DVD+R DL").
    static func layerBreak(drive: OpticalDrive, options: BurnOptions, profile: Profile, writeBlocks: UInt64,
                           start: UInt64) async throws -> UInt64? {
        guard profile == .dvdPlusRDL else {
            if let lba = options.layerBreakLBA {
                throw BurnError.layerBreakInvalid(lba: lba, reason: profile == .dvdRDLSequential
                    ? "DiscBurn sets a layer break only on DVD+R DL" : "the medium is not dual layer")
            }
            return nil
        }
        guard start == 0 else { return nil }
        let boundary = try? await LayerBoundaryInformation(drive.send(
            ReadDiscStructure(mediaType: .dvd, format: .layerBoundary), policy: .none))
        if let boundary {
            if boundary.initialized { return nil }  // fixed already: the drive keeps it
            if boundary.layerZeroBlocks > 0, writeBlocks <= UInt64(boundary.layerZeroBlocks), options.layerBreakLBA == nil {
                return nil  // fits layer 0: no break
            }
        }
        if let lba = options.layerBreakLBA {
            guard lba % 16 == 0 else { throw BurnError.layerBreakInvalid(lba: lba, reason: "it must be a multiple of 16 blocks") }
            guard lba > 0, lba < writeBlocks else { throw BurnError.layerBreakInvalid(lba: lba, reason: "it must lie inside the image (0 < LBA < \(writeBlocks))") }
            guard lba <= 2_086_912 else { throw BurnError.layerBreakInvalid(lba: lba, reason: "layer 0 holds at most 2086912 blocks") }
            // Layer 1 is written outward from the break and can hold no more than layer 0 (growisofs refuses a
            // break below half the image; DVD+R DL layer 1 ends where layer 0 started): a smaller break ruins the disc.
            guard lba >= writeBlocks - lba else {
                throw BurnError.layerBreakInvalid(lba: lba, reason: "layer 1 would hold \(writeBlocks - lba) blocks, "
                    + "more than layer 0's \(lba); give at least \((writeBlocks / 2 + 15) / 16 * 16)")
            }
            return lba
        }
        // Default: the middle of the image, so both layers hold half (only needed when the image is smaller than
        // the disc; a full image keeps the drive's default break).
        guard writeBlocks <= 2 * 2_086_912 else { return nil }
        let half = (writeBlocks / 2 + 15) / 16 * 16
        return half < writeBlocks ? half : nil
    }

    /// Format types to use for `profile`, best first (MMC-6 §6.5; format codes from READ FORMAT CAPACITIES).
    public static func preferredFormats(for profile: Profile, spares: Bool = true) -> [FormatType] {
        switch profile {
        case .dvdPlusRW, .dvdPlusRWDL: return [.dvdPlusRWBasic]
        case .bdRE: return spares ? [.bdREWithSpares, .bdREWithoutSpares] : [.bdREWithoutSpares]
        case .bdRSequential: return [.bdRWithSpares]  // sub-type 01b: see formatSubtype
        case .dvdRAM: return [.fullFormat]
        case .dvdRWRestrictedOverwrite, .dvdRWSequential: return [.dvdRWQuickFormat, .cdrwDVDRWFullFormat]
        default: return []
        }
    }

    /// FORMAT SUB-TYPE to send with `type`: BD-R 32h gets 01b, SRM with spares and without Pseudo-OverWrite
    /// (00b would make a POW disc, which sequential burning refuses: libburn mmc.c mmc_format_unit).
    public static func formatSubtype(for type: FormatType, profile: Profile) -> UInt8 {
        profile == .bdRSequential && type == .bdRWithSpares ? 0b01 : 0
    }

    /// The format an unformatted overwritable medium gets before writing (MMC-6 §6.5; READ FORMAT CAPACITIES).
    static func chooseFormat(drive: OpticalDrive, profile: Profile) async throws -> FormatChoice {
        let formats = try await drive.send(ReadFormatCapacities())
        let preferred = preferredFormats(for: profile)
        for type in preferred {
            if let d = formats.formattable.first(where: { $0.formatType == type }) {
                return FormatChoice(formatType: UInt8(type.rawValue), subtype: formatSubtype(for: type, profile: profile),
                                    blocks: d.blocks, typeDependentParameter: d.typeDependentParameter)
            }
        }
        throw BurnError.unformattedNoFormat(profile: profile)
    }
}
