import DiscImage
import MMC

/// Plans the burn of a bin/cue: the cue sheet read and checked (`BurnableCue`), the raw data sectors checked,
/// then a CD SAO plan on a blank CD-R/RW. Every refusal comes before the first WRITE.
public enum CuePlanner {
    /// Whether `path` names a track image DiscBurn burns with a cue sheet.
    public static func isCue(_ path: String) -> Bool { path.lowercased().hasSuffix(".cue") }

    /// The cue sheet and its files, checked: a `BurnError.imageInvalid` naming the line and the fix otherwise.
    public static func layout(cuePath: String) throws -> CueDiscLayout {
        let cue: BurnableCue
        do {
            cue = try BurnableCue.load(cuePath: cuePath)
        } catch let error as CueSheetError {
            throw BurnError.imageInvalid(path: cuePath, problems: ["\(error)"])
        } catch {
            throw BurnError.imageUnreadable(path: cuePath, reason: "\(error)")
        }
        let layout = CueDiscLayout(cue)
        try CueSectorReader().checkRawDataTracks(layout)
        return layout
    }

    static func plan(drive: OpticalDrive, probe: ProbeResult, layout: CueDiscLayout,
                     options: BurnOptions) async throws -> BurnPlan {
        let media = probe.media
        let path = layout.cue.cuePath
        if media.present, media.profile != .none, media.profile != .cdR, media.profile != .cdRW {
            throw BurnError.imageInvalid(path: path, problems: [
                "'\(path)' is a CD image (bin/cue) and the disc in \(drive.deviceName) is a \(media.profile.shortName): "
                    + "insert a blank CD-R or CD-RW"])
        }
        if media.present, media.discStatus != .blank, media.profile != .none {
            throw BurnError.imageInvalid(path: path, problems: [
                "'\(path)' is burned session at once, which needs a blank CD (libburn's cookbook: SAO on an appendable "
                    + "CD fails); insert a blank disc" + (media.profile == .cdRW ? " or blank this CD-RW first" : "")])
        }
        if let mode = options.requestedMode, mode != .sao, mode != .dao {
            throw BurnError.modeRefused(mode: mode.rawValue, profile: media.profile,
                                        reason: "a bin/cue is burned session at once with a cue sheet; leave --mode out")
        }
        var sessionAtOnce = options
        sessionAtOnce.preferSessionAtOnce = true
        var plan = try await BurnPlanner.plan(drive: drive, probe: probe, imageBlocks: UInt64(layout.blocks),
                                              options: sessionAtOnce)
        guard plan.strategy == .cdSessionAtOnce else {
            throw BurnError.writeModeUnsupported(profile: media.profile, mode: .sessionAtOnce)
        }
        plan.cueLayout = layout
        let modes = layout.cue.tracks.map { "\($0.number) \($0.mode.rawValue)" }.joined(separator: ", ")
        plan.notes.append("bin/cue: \(layout.cue.tracks.count) track(s) (\(modes)), \(layout.blocks) sectors, "
            + "session at once with a cue sheet")
        return plan
    }
}
