import DiscImage
import MMC
import SCSI

/// Decides, before anything is written, whether and how an image goes onto the loaded medium.
public enum BurnPlanner {
    /// The most a CD may be overburned: 2 minutes of lead-out area (9,000 blocks), past which drives refuse.
    public static let maximumCDOverburnBlocks: UInt64 = 9_000

    /// Checks the image: readable, whole, a multiple of the sector size. Returns its block count.
    public static func checkImage(_ source: ImageSource) throws -> UInt64 {
        guard source.sizeBytes > 0 else {
            throw BurnError.imageInvalid(path: source.path, problems: ["the file is empty"])
        }
        let validation: ImageValidation
        do {
            validation = try DiscImage.validate(path: source.path)
        } catch {
            throw BurnError.imageInvalid(path: source.path, problems: ["\(error)"])
        }
        if validation.truncated { throw BurnError.imageTruncated(path: source.path, missingBlocks: validation.missingBlocks) }
        guard validation.isBurnable else { throw BurnError.imageInvalid(path: source.path, problems: validation.problems) }
        return source.blocks
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
        try checkDummy(options: options, probe: probe, profile: profile)

        var format: FormatChoice?
        var free = media.freeBlocks
        var start = UInt64(media.nextWritableAddress ?? 0)
        if strategy == .overwritable {
            start = 0
            if media.formatted == false {
                format = try await chooseFormat(drive: drive, profile: profile)
                free = UInt64(format?.blocks ?? 0)
            }
        }
        let writeBlocks = paddedLength(imageBlocks, strategy: strategy, profile: profile)
        if writeBlocks > free {
            // Overburning writes into the lead-out area: only CD-R/RW in TAO/SAO allow it, and only the drive
            // knows how far (cdrecord's -overburn works the same way); elsewhere the capacity is hard.
            guard options.overburn else { throw BurnError.doesNotFit(imageBlocks: writeBlocks, freeBlocks: free) }
            guard profile.family == .cd, writeBlocks - free <= maximumCDOverburnBlocks else {
                throw BurnError.overburnNotAllowed(profile: profile)
            }
        }
        let closing: Closing = strategy == .overwritable ? .none : (options.multiSession ? .appendable : .finalize)
        var plan = BurnPlan(device: device, profile: profile, strategy: strategy, closing: closing, startLBA: start,
                            imageBlocks: imageBlocks, writeBlocks: writeBlocks, freeBlocks: free,
                            speedKilobytesPerSecond: SpeedSelection.choose(options.speed,
                                offered: media.writeSpeedsKilobytesPerSecond, profile: profile),
                            dummy: options.dummy, bufferUnderrunFree: probe.drive.bufferUnderrunFree, format: format)
        plan.layerZeroBlocks = try layerBreak(options: options, profile: profile, writeBlocks: writeBlocks,
                                              start: start)
        return plan
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
            let incremental = dvd.contains(.incremental)
            if options.preferIncremental || options.multiSession || !blank {
                guard incremental else { throw BurnError.writeModeUnsupported(profile: profile, mode: .incremental) }
                return .dvdRIncremental
            }
            return dvd.contains(.discAtOnce) ? .dvdRDiscAtOnce : .dvdRIncremental
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

    static func layerBreak(options: BurnOptions, profile: Profile, writeBlocks: UInt64, start: UInt64) throws -> UInt64? {
        guard profile == .dvdPlusRDL || profile == .dvdRDLSequential else {
            if let lba = options.layerBreakLBA { throw BurnError.layerBreakInvalid(lba: lba, reason: "the medium is not dual layer") }
            return nil
        }
        guard start == 0 else { return nil }
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
        case .bdRSequential: return [.bdRWithSpares]
        case .dvdRAM: return [.fullFormat]
        case .dvdRWRestrictedOverwrite, .dvdRWSequential: return [.dvdRWQuickFormat, .cdrwDVDRWFullFormat]
        default: return []
        }
    }

    /// The format an unformatted overwritable medium gets before writing (MMC-6 §6.5; READ FORMAT CAPACITIES).
    static func chooseFormat(drive: OpticalDrive, profile: Profile) async throws -> FormatChoice {
        let formats = try await drive.send(ReadFormatCapacities())
        let preferred = preferredFormats(for: profile)
        for type in preferred {
            if let d = formats.formattable.first(where: { $0.formatType == type }) {
                return FormatChoice(formatType: UInt8(type.rawValue), blocks: d.blocks,
                                    typeDependentParameter: d.typeDependentParameter)
            }
        }
        throw BurnError.unformattedNoFormat(profile: profile)
    }
}
