import MMC

/// The two numbers `mkisofs -C S,N` needs to master the next session, as `cdrecord -msinfo` prints them.
public struct MultiSessionInfo: Sendable, Hashable, Codable {
    /// Start of the first track of the last complete session (libburn mmc.c mmc_read_multi_session_c1).
    public var lastSessionStartLBA: UInt64
    /// Where the next session's track will start.
    public var nextWritableAddress: UInt64
    /// Where N came from: "READ TRACK INFORMATION" or the lead-out guess.
    public var nextWritableAddressSource: String

    /// `S,N`, exactly as cdrecord and cdrskin print it.
    public var text: String { "\(lastSessionStartLBA),\(nextWritableAddress)" }
}

public enum MultiSessionError: Error, Sendable, CustomStringConvertible {
    case blank(device: String)
    case closed(device: String, profile: Profile)
    case overwritable(device: String, profile: Profile)
    case lastSessionOpen(device: String)
    case noSessionStart(device: String)

    public var description: String {
        switch self {
        case .blank(let d):
            return "the disc in \(d) is blank: master the first session without -C and burn it with --multi"
        case .closed(let d, let p):
            return p.isReadOnly ? "the disc in \(d) is a pressed \(p.shortName): no session can be added"
                : "the \(p.shortName) in \(d) is closed: no session can be added; use a new or blanked disc"
        case .overwritable(let d, let p):
            return "the \(p.shortName) in \(d) has no sessions (it is overwritten in place): burn a complete image"
        case .lastSessionOpen(let d):
            return "the last session on the disc in \(d) is still open: close it with `discburn close --drive \(d)`"
        case .noSessionStart(let d):
            return "the drive \(d) reports no complete session with a track: the disc cannot be appended to"
        }
    }
}

extension MultiSessionInfo {
    /// Blocks between the end of the last session and the next NWA on CD when the drive names no NWA: lead-out
    /// 6,750 + lead-in 4,500 + pre-gap 150 after the first session, 2,250 + 4,500 + 150 after later ones
    /// (libburn doc/cookbook.txt "lead-out + 11400 after the first session, lead-out + 6900 after further
    /// sessions"; cdrskin.c Cdrskin_msinfo guesses the same way).
    public static func cdSessionGapBlocks(afterSession session: Int) -> UInt64 { session <= 1 ? 11_400 : 6_900 }

    /// S from the last complete session's first track; N from READ TRACK INFORMATION of the open track (what
    /// cdrecord's and libburn's next-writable-address query returns: on CD it already lies past the lead-out
    /// and the next lead-in), else, on CD only, the lead-out guess above.
    public static func from(_ layout: DiscLayout, device: String) throws -> MultiSessionInfo {
        if layout.profile.isOverwritable { throw MultiSessionError.overwritable(device: device, profile: layout.profile) }
        switch layout.discStatus {
        case .empty: throw MultiSessionError.blank(device: device)
        case .complete, .other: throw MultiSessionError.closed(device: device, profile: layout.profile)
        case .appendable: break
        }
        if layout.lastSessionState == .incomplete { throw MultiSessionError.lastSessionOpen(device: device) }
        guard let start = layout.lastCompleteSessionStartLBA else { throw MultiSessionError.noSessionStart(device: device) }
        let openSession = layout.completeSessions + 1
        if let nwa = layout.tracks.last(where: { $0.session >= openSession })?.nextWritableAddress {
            return MultiSessionInfo(lastSessionStartLBA: start, nextWritableAddress: nwa,
                                    nextWritableAddressSource: "READ TRACK INFORMATION")
        }
        guard layout.profile.family == .cd, let end = layout.recordedTracks.map({ $0.startLBA + $0.lengthBlocks }).max()
        else { throw MultiSessionError.noSessionStart(device: device) }
        return MultiSessionInfo(lastSessionStartLBA: start,
                                nextWritableAddress: end + cdSessionGapBlocks(afterSession: layout.completeSessions),
                                nextWritableAddressSource: "lead-out + session gap (the drive named no NWA)")
    }
}
