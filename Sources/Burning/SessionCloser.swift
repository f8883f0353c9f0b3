import MMC
import SCSI

/// Closes what a burn left open, so other drives can read the disc: libburn burn_disc_close_damaged (write.c)
/// and cdrecord -fix. CD: CLOSE SESSION (010b; the track ended at SYNCHRONIZE CACHE). DVD±R, BD-R and DVD-R
/// incremental: CLOSE TRACK (001b) on the last track, then CLOSE SESSION. Finalizing: DVD+R 101b, BD-R 110b, CD
/// and DVD-R 010b with page 05h multi-session 00b (MMC-6 §6.3, §7.5; MMC-NOTES "Writing, per media family").
public enum SessionCloser {
    /// Which families have an open track to close before the session.
    static func closesTrackFirst(_ profile: Profile) -> Bool {
        switch profile {
        case .dvdRSequential, .dvdRWSequential, .dvdRDLSequential, .dvdPlusR, .dvdPlusRDL, .bdRSequential: return true
        default: return false
        }
    }

    /// The close function that ends the session as asked.
    static func sessionFunction(_ profile: Profile, finalize: Bool) -> CloseFunction {
        guard finalize else { return .closeSession }
        switch profile {
        case .dvdPlusR, .dvdPlusRDL: return .finalizeMinimalRadius
        case .bdRSequential: return .finalize
        default: return .closeSession
        }
    }

    /// CLOSE TRACK (where the family has one open) then the session close; each IMMED and waited for. A refused
    /// CLOSE TRACK (no open track: 5/24/00 or 5/2C/00) is not an error: the session close decides.
    static func close(profile: Profile, finalize: Bool, session: DriveSession, setPage05h: Bool = true) throws {
        if closesTrackFirst(profile) {
            let track = try session.lastTrackNumber()
            do {
                try session.send(CloseTrackSession(function: .closeTrack, trackNumber: track, immediate: true))
                try session.waitForCompletion(what: "CLOSE TRACK")
            } catch let error as SCSIError where error.sense?.key == .illegalRequest {
                // nothing open to close
            }
        }
        if setPage05h, [.cdR, .cdRW, .dvdRSequential, .dvdRWSequential].contains(profile) {
            try setMultiSession(finalize ? .noNextSession : .allowNextSession, session: session)
        }
        try closeSession(sessionFunction(profile, finalize: finalize), session: session)
    }

    /// CLOSE SESSION, IMMED, waited for (on CD the track ended at SYNCHRONIZE CACHE, as cdrecord relies on).
    static func closeSession(_ function: CloseFunction, session: DriveSession) throws {
        try session.send(CloseTrackSession(function: function, trackNumber: 0, immediate: true))
        try session.waitForCompletion(what: "CLOSE SESSION")
    }

    /// CD whose burn was interrupted before SYNCHRONIZE CACHE: libburn burn_disc_close_damaged (write.c) sends
    /// page 05h with write type TAO ("no action without TAO") and then only CLOSE SESSION; like cdrecord, the
    /// track is ended by SYNCHRONIZE CACHE, which is sent here first (a drive whose track is already ended has
    /// nothing to flush).
    private static func endInterruptedCDTrack(session: DriveSession) throws {
        if let current = try session.send(ModeSense10(page: .writeParameters)).page(.writeParameters) {
            var page = try WriteParametersPage(current)
            if page.writeType != .trackAtOnce {
                page.writeType = .trackAtOnce
                try session.send(ModeSelect10(pages: [page.encode()]))
            }
        }
        try session.send(SynchronizeCache(immediate: false))
    }

    /// Page 05h multi-session field, read-modify-write (it decides whether CLOSE SESSION finalizes CD/DVD-R).
    private static func setMultiSession(_ value: MultiSession, session: DriveSession) throws {
        guard let current = try session.send(ModeSense10(page: .writeParameters)).page(.writeParameters) else { return }
        var page = try WriteParametersPage(current)
        page.multiSession = value
        try session.send(ModeSelect10(pages: [page.encode()]))
    }

    /// `discburn close`: closes an open track/session on the loaded disc (cdrecord -fix), holding the tray.
    /// Returns what was done, in words.
    public static func closeOpenSession(transport: SCSITransport, finalize: Bool,
                                        sleep: @escaping @Sendable (Duration) -> Void = { SCSIClock.sleep($0) }) throws -> String {
        let session = DriveSession(transport: transport, sleep: sleep)
        let info = try session.send(ReadDiscInformation())
        let profile = try session.send(GetConfiguration(requestType: .all, startingFeature: .profileList)).currentProfile
        guard profile.isWritable, !profile.isOverwritable || profile == .dvdRWRestrictedOverwrite else {
            throw BurnError.unsupportedMedium(device: transport.deviceName, profile: profile)
        }
        if info.discStatus == .complete {
            return "the \(profile.shortName) in \(transport.deviceName) is already closed: nothing to do"
        }
        if info.lastSessionState != .incomplete, profile != .dvdRWRestrictedOverwrite {
            guard finalize, info.discStatus != .empty else {
                return "the \(profile.shortName) in \(transport.deviceName) has no open session: nothing to do"
            }
            // Every session is closed and the next one is empty: there is nothing a close function can end
            // (drives answer 5/2C/00); the disc is readable as it is.
            throw BurnError.nothingToFinalize(device: transport.deviceName, profile: profile)
        }
        try TrayLock.holding(session) {
            if profile == .cdR || profile == .cdRW { try endInterruptedCDTrack(session: session) }
            try close(profile: profile, finalize: finalize, session: session)
        }
        return finalize ? "the disc is closed (finalized): every drive can read it, nothing more can be added"
            : "the open session is closed: other drives can read the disc, and it stays appendable"
    }
}
