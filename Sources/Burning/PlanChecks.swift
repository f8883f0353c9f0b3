import MMC

/// Checks that the plan honours what the user asked for: a write mode is used as named or refused with the
/// reason, and a speed the drive does not offer is rounded with a note that says to what.
enum PlanChecks {
    /// Throws a refusal when `requested` cannot be honoured on this medium with this plan.
    static func checkMode(_ requested: WriteModeRequest?, strategy: StrategyKind, profile: Profile,
                          options: BurnOptions, discStatus: MediaInfo.Status?) throws {
        guard let requested else {
            try checkMultiSession(options: options, strategy: strategy, profile: profile)
            return
        }
        let refuse = { (reason: String) in BurnError.modeRefused(mode: requested.rawValue, profile: profile, reason: reason) }
        switch (profile.family, requested) {
        case (.cd, .tao): guard strategy == .cdTrackAtOnce else { throw refuse("the drive chose another mode") }
        case (.cd, .sao), (.cd, .dao):
            guard strategy == .cdSessionAtOnce else {
                throw refuse(discStatus == .appendable
                    ? "Session At Once writes only to a blank CD and this one already holds a session; use --mode tao"
                    : "the drive does not offer Session At Once")
            }
        case (.cd, .incremental): throw refuse("incremental writing is for DVD-R/-RW; on CD use --mode tao or sao")
        case (_, .tao), (_, .sao):
            throw refuse("\(requested.rawValue.uppercased()) is a CD write mode; on \(profile.shortName) leave --mode out"
                + (isDVDMinusR(profile) ? " or use dao or incremental" : ""))
        case (_, .dao):
            guard isDVDMinusR(profile) else { throw refuse("DAO applies to DVD-R/-RW only; leave --mode out") }
            guard strategy == .dvdRDiscAtOnce else {
                throw refuse(options.multiSession
                    ? "Disc At Once closes the disc, and --multi asks to keep it appendable: drop one of them"
                    : (discStatus == .appendable ? "Disc At Once writes only to a blank disc; use --mode incremental"
                        : "the drive does not offer Disc At Once on this disc; use --mode incremental"))
            }
        case (_, .incremental):
            guard isDVDMinusR(profile) else { throw refuse("incremental writing applies to DVD-R/-RW only; leave --mode out") }
            guard strategy == .dvdRIncremental else { throw refuse("the drive does not offer incremental writing on this disc") }
        }
        try checkMultiSession(options: options, strategy: strategy, profile: profile)
    }

    /// `--multi` on a medium without sessions is refused, not ignored.
    static func checkMultiSession(options: BurnOptions, strategy: StrategyKind, profile: Profile) throws {
        guard options.multiSession, strategy == .overwritable else { return }
        throw BurnError.modeRefused(mode: "--multi", profile: profile,
            reason: "\(profile.shortName) is overwritable and has no sessions; each burn replaces the contents from LBA 0 "
                + "(leave out --multi)")
    }

    static func isDVDMinusR(_ profile: Profile) -> Bool {
        [.dvdRSequential, .dvdRWSequential, .dvdRDLSequential, .dvdRWRestrictedOverwrite].contains(profile)
    }

    /// A note when the chosen speed is not what was asked for (nil when it is, or when "max"/"min" was asked).
    static func speedNote(_ request: SpeedRequest, chosen: Int?, offered: [Int], profile: Profile) -> String? {
        let target: Double
        switch request {
        case .maximum, .minimum: return nil
        case .multiple(let x): target = x * profile.kilobytesPerSecondAt1x
        case .kilobytesPerSecond(let k): target = Double(k)
        }
        let asked = request.description
        guard let chosen else {
            return "--speed \(asked): the drive lists no write speeds for this disc, so it writes at its own speed"
        }
        guard abs(Double(chosen) - target) > target * 0.01 else { return nil }
        let list = offered.filter { $0 > 0 }.sorted().map { SpeedFormat.multiple(kilobytesPerSecond: $0, profile: profile) }
        return "--speed \(asked) is not offered for this \(profile.shortName); using the nearest, "
            + "\(SpeedFormat.multiple(kilobytesPerSecond: chosen, profile: profile)) (\(chosen) kB/s); offered: "
            + list.joined(separator: ", ")
    }
}
