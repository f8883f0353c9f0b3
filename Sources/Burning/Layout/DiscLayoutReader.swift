import MMC
import SCSI

/// One track as `discburn toc` lists it (READ TRACK INFORMATION, MMC-6 §6.27).
public struct DiscTrack: Sendable, Hashable, Codable {
    public var number: Int
    public var session: Int
    public var startLBA: UInt64
    /// Recorded blocks (the track size of a closed track; of an open one, what is written so far).
    public var lengthBlocks: UInt64
    /// "audio", "data mode 1", "data mode 2", "data" (DVD/BD), "unknown".
    public var mode: String
    /// "complete", "open" (takes more data at `nextWritableAddress`), "blank", "reserved" or "damaged".
    public var state: String
    public var nextWritableAddress: UInt64?
}

/// Sessions and tracks of the loaded disc, the way `cdrecord -toc` and `xorriso -toc` show them.
public struct DiscLayout: Sendable, Hashable {
    public var profile: Profile
    public var discStatus: DiscStatus
    public var lastSessionState: SessionState
    /// Sessions READ DISC INFORMATION counts (on an appendable disc the open, possibly empty, one included).
    public var sessions: Int
    public var tracks: [DiscTrack]

    /// Sessions that are closed: all of them on a closed disc, else all but the open last one.
    public var completeSessions: Int {
        switch discStatus {
        case .complete: return sessions
        case .appendable: return lastSessionState == .complete ? sessions : max(0, sessions - 1)
        default: return 0
        }
    }

    /// Tracks with data in them (the invisible or blank track left out).
    public var recordedTracks: [DiscTrack] { tracks.filter { $0.state != "blank" && $0.lengthBlocks > 0 } }

    /// Start of the first track of the last complete session: mkisofs -C's first number.
    public var lastCompleteSessionStartLBA: UInt64? {
        let last = completeSessions
        guard last > 0 else { return nil }
        return recordedTracks.filter { $0.session == last }.map(\.startLBA).min()
    }

    /// Where the last recorded track starts: what `verify` compares from by default.
    public var lastTrackStartLBA: UInt64? { recordedTracks.last?.startLBA }

    public var lastSessionStateName: String {
        switch lastSessionState {
        case .empty: return "empty"
        case .incomplete: return "incomplete"
        case .reservedOrDamaged: return "reserved or damaged"
        case .complete: return "complete"
        }
    }
}

public enum DiscLayoutReader {
    /// Drives may announce up to 65535 tracks; DiscBurn asks about at most this many (a CD holds 99).
    static let maximumTracks = 1_000

    /// READ DISC INFORMATION (MMC-6 §6.22), then READ TRACK INFORMATION for every track by number, as libburn
    /// does for DVD and BD (mmc.c mmc_read_toc_fmt0 fakes its TOC from 52h on non-CD media). Tracks the drive
    /// will not describe are left out.
    public static func read(drive: OpticalDrive) async throws -> DiscLayout {
        let probe = try await drive.probe()
        guard probe.media.present, probe.media.profile != .none else {
            throw BurnError.noDiscToRead(device: drive.deviceName)
        }
        let disc = try await drive.send(ReadDiscInformation())
        var layout = DiscLayout(profile: probe.media.profile, discStatus: disc.discStatus,
                                lastSessionState: disc.lastSessionState, sessions: Int(disc.numberOfSessions),
                                tracks: [])
        let first = max(1, Int(disc.firstTrackNumber))
        let last = min(Int(disc.lastTrackInLastSession), first + maximumTracks - 1)
        guard last >= first else { return layout }
        for number in first...last {
            guard let info = try? await drive.send(ReadTrackInformation(target: .track(UInt32(number))),
                                                   policy: .none) else { continue }
            layout.tracks.append(track(info, number: number, profile: layout.profile))
        }
        if layout.tracks.isEmpty, let toc = try? await drive.send(ReadTOC(), policy: .none) {
            layout.tracks = tracks(toc, sessions: layout.sessions, profile: layout.profile)
        }
        return layout
    }

    /// Drives without READ TRACK INFORMATION (QEMU's CD-ROM answers 5/20/00): the formatted TOC (MMC-6 §6.26.3.2),
    /// each track up to the next one or the lead-out. It names no sessions: a one-session disc's tracks are in 1.
    static func tracks(_ toc: TableOfContents, sessions: Int, profile: Profile) -> [DiscTrack] {
        let entries = toc.tracks.prefix(maximumTracks)
        var out: [DiscTrack] = []
        for (index, entry) in entries.enumerated() {
            let start = entry.logicalBlockAddress
            let next = index + 1 < entries.count ? entries[entries.startIndex + index + 1].logicalBlockAddress
                : toc.leadOut?.logicalBlockAddress
            guard start >= 0, let end = next, end >= start else { continue }
            out.append(DiscTrack(number: Int(entry.trackNumber), session: sessions <= 1 ? 1 : 0,
                                 startLBA: UInt64(start), lengthBlocks: UInt64(end - start),
                                 mode: profile.family == .cd && !entry.isDataTrack ? "audio" : "data",
                                 state: "complete", nextWritableAddress: nil))
        }
        return out
    }

    static func track(_ info: TrackInformation, number: Int, profile: Profile) -> DiscTrack {
        let state: String
        if info.damage {
            state = "damaged"
        } else if info.blank {
            state = info.rt ? "reserved" : "blank"
        } else if info.nwaValid, info.freeBlocks > 0 {
            state = "open"
        } else {
            state = "complete"
        }
        var length = UInt64(info.trackSize)
        if state == "open", let nwa = info.nextWritableAddress, nwa >= info.trackStartAddress {
            length = UInt64(nwa - info.trackStartAddress)  // written so far, not the room left
        } else if state == "blank" {
            length = 0
        }
        return DiscTrack(number: Int(info.trackNumber == 0 ? UInt16(number) : info.trackNumber),
                         session: Int(info.sessionNumber), startLBA: UInt64(info.trackStartAddress),
                         lengthBlocks: length, mode: modeName(info, profile: profile), state: state,
                         nextWritableAddress: info.nwaValid ? info.nextWritableAddress.map(UInt64.init) : nil)
    }

    /// CD: track mode bit 2 (data) and the data mode (1, 2); DVD and BD tracks hold data only.
    static func modeName(_ info: TrackInformation, profile: Profile) -> String {
        guard profile.family == .cd else { return "data" }
        guard info.trackMode & 0x04 != 0 else { return "audio" }
        switch info.dataMode {
        case 1: return "data mode 1"
        case 2: return "data mode 2"
        default: return "data"
        }
    }
}
