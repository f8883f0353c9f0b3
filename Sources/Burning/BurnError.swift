import MMC
import SCSI

/// Why a burn was refused (before the first WRITE) or failed (after it). Messages are one line: cause and fix.
public enum BurnError: Error, Sendable, CustomStringConvertible {
    case imageUnreadable(path: String, reason: String)
    case imageInvalid(path: String, problems: [String])
    case imageTruncated(path: String, missingBlocks: Int64)
    /// A plain image (mastered for LBA 0) on a disc whose next session starts at `nextWritableAddress`.
    case imageNotMasteredForAddress(path: String, device: String, nextWritableAddress: UInt64)
    /// A file without ISO 9660 volume descriptors at its block 16 for a disc whose next session starts at
    /// `nextWritableAddress` > 0 (without --data).
    case sessionImageWithoutDescriptors(path: String, device: String, nextWritableAddress: UInt64)
    /// `burn -` without --size on write-once media.
    case streamSizeNeeded(device: String, profile: Profile)
    case noMedium(device: String)
    case pressedMedium(device: String, profile: Profile)
    case unsupportedMedium(device: String, profile: Profile)
    case driveCannotWrite(device: String, profile: Profile)
    case discClosed(device: String, profile: Profile)
    case doesNotFit(imageBlocks: UInt64, freeBlocks: UInt64)
    case overburnNotAllowed(profile: Profile)
    /// --overburn on CD, but the track would end `overBlocks` past what the disc's ATIP lead-out allows.
    case overburnTooFar(overBlocks: UInt64, leadOutLBA: UInt64, limitLBA: UInt64)
    case dummyUnsupported(profile: Profile, reason: String)
    case writeModeUnsupported(profile: Profile, mode: WriteMode)
    case layerBreakInvalid(lba: UInt64, reason: String)
    case unformattedNoFormat(profile: Profile)
    case writeProtected(device: String, profile: Profile)
    case streamRecordingUnsupported(device: String, profile: Profile)
    case multiSessionUnsupported(profile: Profile)
    case pseudoOverwriteBDR(device: String)
    case lastSessionOpen(device: String, profile: Profile)
    case nothingToFinalize(device: String, profile: Profile)
    case incrementalNotCurrent(profile: Profile)
    case invalidNextWritableAddress(device: String, reason: String)
    case cancelled(state: String)
    case drive(stage: String, error: Error)
    /// `--mode` (or `--multi`) cannot be honoured on this medium.
    case modeRefused(mode: String, profile: Profile, reason: String)
    /// A reading command (verify, rip, scan) found no disc.
    case noDiscToRead(device: String)

    public var description: String {
        switch self {
        case .imageUnreadable(let p, let r):
            // DiscImage's own messages start with the quoted path and end with the fix: say them once.
            return r.hasPrefix("'\(p)'") ? r : "cannot read image \(p): \(r)"
        case .imageInvalid(let p, let problems) where problems.count == 1 && problems[0].hasPrefix("'\(p)'"):
            // DiscImage's own message names the image and the fix: say it once.
            return problems[0]
        case .imageInvalid(let p, let problems):
            return "image \(p) is not fit to burn: \(problems.prefix(3).joined(separator: "; ")); "
                + "check the download or rebuild the image"
        case .imageTruncated(let p, let missing):
            return "image \(p) is truncated: \(missing) blocks (\(missing * 2048) bytes) missing; download it again"
        case .imageNotMasteredForAddress(let p, let d, let nwa):
            return "image \(p) is not mastered for LBA \(nwa), where the next session on the disc in \(d) starts (its "
                + "root directory is not where a session there has it: a plain image is mastered for LBA 0, this one may "
                + "be for another address; it would not mount there): make it with `mkisofs -C "
                + "$(discburn msinfo --drive \(d)) -M \(d) ...`, or burn it to a blank disc"
        case .sessionImageWithoutDescriptors(let p, let d, let nwa):
            return "\(p) does not start with its own system area and volume descriptors (no ISO 9660 primary volume "
                + "descriptor at its block 16), so as the session at LBA \(nwa) on the disc in \(d) it would not mount "
                + "(a cut-out tail or a file that starts mid-file-system): make it with `mkisofs -C $(discburn msinfo "
                + "--drive \(d)) -M \(d) ...`, or pass --data to append it as raw data no file system will show"
        case .streamSizeNeeded(let d, let p):
            return "burn - onto the \(p.shortName) in \(d) needs --size BYTES: write-once media are planned for a known "
                + "length (input longer than the free space would spoil the disc); without --size, standard input is "
                + "burned only to DVD+RW, DVD-RW (restricted overwrite), DVD-RAM or BD-RE"
        case .noMedium(let d): return "no disc in \(d): insert a writable disc and close the tray"
        case .pressedMedium(let d, let p):
            return "the disc in \(d) is a pressed \(p.shortName) and cannot be written: insert a writable disc"
        case .unsupportedMedium(let d, let p):
            return "DiscBurn cannot write \(p.name) media (in \(d)) yet: use CD-R/RW, DVD±R(W), DVD-RAM or BD-R/RE"
        case .driveCannotWrite(let d, let p):
            return "the drive \(d) cannot write \(p.shortName) media: use a disc this drive writes (see `discburn probe`)"
        case .discClosed(let d, let p):
            return "the \(p.shortName) in \(d) is closed (finalized) and takes no more data: insert a blank or "
                + "appendable disc" + (p.isRewritable ? ", or blank it first (discburn blank)" : "")
        case .doesNotFit(let image, let free):
            return "the image needs \(image) blocks but the disc has \(free) free: \(image - free) blocks "
                + "(\(((image - free) * 2048 + 1_048_575) / 1_048_576) MiB) too many; use a larger disc"
        case .overburnNotAllowed(let p):
            return p.family == .cd
                ? "the image is more than \(BurnPlanner.maximumCDOverburnBlocks) blocks too large even with --overburn: use a larger disc"
                : "--overburn is not possible on \(p.shortName): only CD media can be written past their capacity"
        case .overburnTooFar(let over, let leadOut, let limit):
            return "even with --overburn, \(over) blocks (\((over * 2048 + 1_048_575) / 1_048_576) MiB) will not fit: the "
                + "disc's ATIP lead-out starts at LBA \(leadOut) and a track may end at LBA \(limit) at most; use a "
                + "larger disc"
        case .dummyUnsupported(let p, let reason):
            return "--dummy (simulation) is not possible on \(p.shortName): \(reason); burn for real or use CD-R/RW or DVD-R/RW"
        case .writeModeUnsupported(let p, let mode):
            return "the drive does not offer \(mode.rawValue) writing on \(p.shortName): choose another --mode"
        case .layerBreakInvalid(let lba, let reason): return "--layer-break \(lba) is invalid: \(reason)"
        case .unformattedNoFormat(let p):
            return "the \(p.shortName) is unformatted and the drive offers no format for it: format it with discburn format"
        case .writeProtected(let d, let p):
            return "the \(p.shortName) in \(d) is write-protected (the drive refused the first WRITE with 7/27/xx; "
                + "nothing was written): use a writable disc, or clear the protection (cartridge tab, drive setting)"
        case .streamRecordingUnsupported(let d, let p):
            return "--stream-recording is not possible on the \(p.shortName) in \(d): "
                + (p.family == .bd ? "the drive does not offer stream writing (feature 0107h)" : "it applies to BD media only")
                + "; burn without it"
        case .multiSessionUnsupported(let p):
            return "--multi is not possible on \(p.shortName): the medium has no multi-session; burn without --multi"
        case .pseudoOverwriteBDR(let d):
            return "the BD-R in \(d) is formatted for Pseudo-OverWrite (POW), which DiscBurn does not write "
                + "sequentially (libburn refuses it too): use a blank BD-R, or one formatted with discburn format"
        case .lastSessionOpen(let d, let p):
            return "the last session on the \(p.shortName) in \(d) is still open (an earlier burn was interrupted): "
                + "close it with `discburn close --drive \(d)` and burn again"
        case .nothingToFinalize(let d, let p):
            return "every session on the \(p.shortName) in \(d) is closed and other drives read it as it is; "
                + "to close the disc for good, burn its last session without --multi"
        case .incrementalNotCurrent(let p):
            return "the drive cannot write this \(p.shortName) incrementally now (feature 0021h is not current, "
                + "e.g. after a fast blank): burn without --multi/--mode incremental, or blank it fully (discburn blank --full)"
        case .invalidNextWritableAddress(let d, let reason):
            return "the drive \(d) reports no valid next writable address (\(reason)): nothing was written; "
                + "check the disc with discburn probe, or use another disc"
        case .cancelled(let state): return "burn interrupted: \(state)"
        case .drive(let stage, let error): return "\(stage) failed: \(error)"
        case .modeRefused(let mode, let p, let reason):
            return "\(mode.hasPrefix("--") ? mode : "--mode \(mode)") cannot be used on \(p.shortName): \(reason)"
        case .noDiscToRead(let d): return "no disc in \(d): insert the disc to read and close the tray"
        }
    }

    /// Refusals happen before anything is written: the medium is untouched.
    public var isRefusal: Bool {
        switch self {
        case .cancelled, .drive: return false
        default: return true
        }
    }
}
