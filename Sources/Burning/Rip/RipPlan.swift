import MMC
import SCSI

/// What a rip reads: a range of the disc, found from the track information of one session.
public struct RipExtent: Sendable, Hashable {
    public var startLBA: UInt64
    public var blocks: UInt64
    public var session: Int
    public var profile: Profile
    /// How the range was found ("tracks 1-1 of session 1", "READ CAPACITY").
    public var source: String
}

public enum RipError: Error, Sendable, CustomStringConvertible {
    case noMedium(device: String)
    case blankMedium(device: String)
    case noSuchSession(requested: Int, sessions: Int)
    case outputExists(path: String)
    case mapMismatch(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .noMedium(let d): return "no disc in \(d): insert the disc to rip and close the tray"
        case .blankMedium(let d): return "the disc in \(d) is blank: there is nothing to rip"
        case .noSuchSession(let n, let count):
            return "--session \(n) does not exist: the disc has \(count) complete session(s), numbered from 1"
        case .outputExists(let p):
            return "\(p) already exists: choose another name, remove it, or continue an interrupted rip with --resume"
        case .mapMismatch(let p, let r): return "the rip map \(p) does not fit this disc (\(r)); remove it to start again"
        case .cannotWrite(let p, let r): return "cannot write \(p): \(r)"
        }
    }
}

enum RipPlanner {
    /// The range to read: the tracks of `session` (default: the last complete session) from READ TRACK
    /// INFORMATION (MMC-6 §6.27); drives without it (QEMU answers 5/20/00) fall back to READ CAPACITY from 0.
    /// Unless `wholeTrack`, a range holding an ISO 9660 volume, or else a UDF volume (UDF-only images), ends
    /// with the volume (FileSystemExtent).
    static func extent(drive: OpticalDrive, session requested: Int?, wholeTrack: Bool = false) async throws -> RipExtent {
        var extent = try await trackExtent(drive: drive, session: requested)
        guard !wholeTrack else { return extent }
        var name = "ISO 9660"
        var found = await FileSystemExtent.isoVolumeBlocks(drive: drive, startLBA: extent.startLBA)
        if found == nil {
            name = "UDF"
            found = await FileSystemExtent.udfVolumeBlocks(drive: drive, startLBA: extent.startLBA,
                                                           trackBlocks: extent.blocks)
        }
        guard let volume = found, volume < extent.blocks else { return extent }
        extent.source += ", \(name) volume of \(volume) blocks (\(extent.blocks - volume) blocks of padding left "
            + "out: --whole-track keeps them)"
        extent.blocks = volume
        return extent
    }

    static func trackExtent(drive: OpticalDrive, session requested: Int?) async throws -> RipExtent {
        let probe = try await drive.probe()
        guard probe.media.present else { throw RipError.noMedium(device: drive.deviceName) }
        let profile = probe.media.profile
        if probe.media.discStatus == .blank { throw RipError.blankMedium(device: drive.deviceName) }
        let disc = try await drive.send(ReadDiscInformation())
        let sessions = Int(disc.numberOfSessions)
        let complete = disc.lastSessionState == .complete ? sessions : max(0, sessions - 1)
        let session = requested ?? max(1, complete)
        if let requested, requested < 1 || requested > max(1, complete) {
            throw RipError.noSuchSession(requested: requested, sessions: complete)
        }
        var start: UInt64?
        var end: UInt64 = 0
        var numbers: [Int] = []
        let first = Int(disc.firstTrackNumber), last = Int(disc.lastTrackInLastSession)
        if first >= 1, last >= first {
            for number in first...last {
                guard let track = try? await drive.send(ReadTrackInformation(target: .track(UInt32(number))),
                                                        policy: .none),
                      Int(track.sessionNumber) == session, !track.blank else { continue }
                let trackEnd = UInt64(track.trackStartAddress) + UInt64(track.trackSize)
                start = min(start ?? UInt64(track.trackStartAddress), UInt64(track.trackStartAddress))
                end = max(end, trackEnd)
                numbers.append(number)
            }
        }
        if let start, end > start {
            let label = numbers.count == 1 ? "track \(numbers[0])" : "tracks \(numbers.first!)-\(numbers.last!)"
            return RipExtent(startLBA: start, blocks: end - start, session: session, profile: profile,
                             source: "\(label) of session \(session)")
        }
        let capacity = try await drive.send(ReadCapacity())
        guard capacity.blocks > 0 else { throw RipError.blankMedium(device: drive.deviceName) }
        return RipExtent(startLBA: 0, blocks: capacity.blocks, session: session, profile: profile,
                         source: "READ CAPACITY (the drive reports no track information)")
    }
}
