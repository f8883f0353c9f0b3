/// Disc Status (READ DISC INFORMATION byte 2 bits 1-0, MMC-6 §6.22.3.1.3).
enum DiscStatus: UInt8, Sendable {
    case empty = 0, incomplete = 1, complete = 2, other = 3
}

/// State of Last Session (READ DISC INFORMATION byte 2 bits 3-2).
enum SessionState: UInt8, Sendable {
    case empty = 0, incomplete = 1, damaged = 2, complete = 3
}

/// A track as READ TRACK INFORMATION and READ TOC see it: a stored record, the invisible track, the single
/// track of overwritable media, or the pressed track.
struct TrackView: Sendable, Hashable {
    var number: Int
    var session: Int
    var startLBA: Int
    /// Track size in blocks (for an open track: up to the end of the user area or its reservation).
    var sizeBlocks: Int
    var recordedBlocks: Int
    /// Reserved by RESERVE TRACK (RT bit).
    var isReserved: Bool
    var isClosed: Bool
    /// The track the drive appends to; writes at its NWA materialize a stored record.
    var isInvisible: Bool
    /// Ruined by a buffer underrun without BURN-Free: READ TRACK INFORMATION's Damage bit, no NWA.
    var isDamaged: Bool = false
    /// CTL nibble of a CD track recorded along a cue sheet (nil: a data track of 2048-byte blocks).
    var control: Int? = nil
    /// Pre-gap blocks recorded before `startLBA` (a hidden first track; see `TrackRecord.preGapBlocks`).
    var preGapBlocks: Int = 0

    /// The first recorded block: the recorded pre-gap's, else `startLBA`.
    var recordedStartLBA: Int { startLBA - preGapBlocks }

    /// The TOC's CONTROL: the cue sheet's, or 4h (data track, recorded uninterrupted).
    var tocControl: UInt8 { UInt8((control ?? 0x4) & 0x0F) }
    var isAudio: Bool { tocControl & 0x4 == 0 }

    var nextWritableLBA: Int { startLBA + recordedBlocks }
    var freeBlocks: Int { isClosed ? 0 : max(0, sizeBlocks - recordedBlocks) }
    var isBlank: Bool { recordedBlocks == 0 }
    var hasNextWritableAddress: Bool { !isClosed && !isDamaged && freeBlocks > 0 }
    var endLBA: Int { startLBA + sizeBlocks }
    func contains(_ lba: Int) -> Bool { lba >= startLBA && lba < endLBA }
}

/// Derived views of a `MediumState`: tracks, sessions, statuses. Pure functions of the state.
extension MediumState {
    /// The session being written on an open sequential disc.
    var openSessionNumber: Int { closedSessions + 1 }

    /// Where the invisible track starts: after the last track, plus the track or session gap.
    var nextTrackStartLBA: Int {
        guard let last = tracks.last else { return 0 }
        let end = last.startLBA + (last.reservedBlocks ?? last.writtenBlocks)
        guard last.session <= closedSessions else { return end + media.trackGapBlocks }
        // CD: lead-out 6,750 + lead-in 4,500 + pre-gap 150 after the first session; later lead-outs are 2,250
        // blocks, so 6,900 (libburn doc/cookbook.txt, "lead-out + 11400 ... + 6900 after further sessions").
        let gap = media.family == .cd && last.session > 1 ? 6_900 : media.sessionGapBlocks
        return end + gap
    }

    /// Every track, including the invisible one on an open sequential disc.
    var trackViews: [TrackView] {
        if writesAnywhere { return [overwritableTrack] }
        var views = tracks.map { view(of: $0) }
        if let invisible = synthesizedInvisibleTrack { views.append(invisible) }
        return views
    }

    private var overwritableTrack: TrackView {
        TrackView(number: 1, session: 1, startLBA: 0, sizeBlocks: capacityBlocks,
                  recordedBlocks: isFormatted ? capacityBlocks : 0, isReserved: false, isClosed: isFormatted,
                  isInvisible: false)
    }

    private func view(of t: TrackRecord) -> TrackView {
        let size: Int
        if let reserved = t.reservedBlocks {
            size = reserved
        } else if t.isClosed {
            size = t.writtenBlocks
        } else {
            size = max(t.writtenBlocks, capacityBlocks - t.startLBA)
        }
        return TrackView(number: t.number, session: t.session, startLBA: t.startLBA, sizeBlocks: size,
                         recordedBlocks: t.writtenBlocks, isReserved: t.reservedBlocks != nil, isClosed: t.isClosed,
                         isInvisible: t.isGrowing, isDamaged: t.isRuined, control: t.control,
                         preGapBlocks: t.preGapBlocks ?? 0)
    }

    /// The not-yet-stored invisible track after the last stored one, when the disc is open.
    private var synthesizedInvisibleTrack: TrackView? {
        guard writesSequentially, !isFinalized, !isRuined else { return nil }
        if let last = tracks.last, last.isGrowing { return nil }
        let start = min(nextTrackStartLBA, capacityBlocks)
        return TrackView(number: tracks.count + 1, session: openSessionNumber, startLBA: start,
                         sizeBlocks: capacityBlocks - start, recordedBlocks: 0, isReserved: false, isClosed: false,
                         isInvisible: true)
    }

    var invisibleTrack: TrackView? { trackViews.last(where: { $0.isInvisible }) }

    var isBlank: Bool {
        if writesAnywhere { return !isFormatted }
        return tracks.isEmpty
    }

    var discStatus: DiscStatus {
        if media == .dvdRAM { return .other }
        if writesAnywhere { return isFormatted ? .complete : .empty }
        if isFinalized { return .complete }
        return tracks.isEmpty ? .empty : .incomplete
    }

    /// A buffer underrun without BURN-Free left a damaged track open: the disc takes no more writes.
    var isRuined: Bool { tracks.contains { $0.isRuined && !$0.isClosed } }

    /// State of Last Session: 10b "damaged" on a ruined disc (MMC-6 §6.22.3.1.3).
    var lastSessionState: SessionState {
        if isRuined { return .damaged }
        switch discStatus {
        case .empty: return .empty
        case .complete, .other: return .complete
        case .incomplete: return tracks.contains(where: { $0.session == openSessionNumber }) ? .incomplete : .empty
        }
    }

    /// Sessions READ DISC INFORMATION counts: closed ones plus the open (possibly empty) one.
    var sessionCount: Int {
        if !writesSequentially { return 1 }
        return isFinalized ? max(1, closedSessions) : closedSessions + 1
    }

    /// Tracks of the last session, first and last numbers (the invisible track included).
    var lastSessionTrackRange: ClosedRange<Int> {
        let views = trackViews
        let inLast = views.filter { $0.session == sessionCount }
        guard let first = inLast.first?.number, let last = inLast.last?.number else {
            let n = max(1, views.last?.number ?? 1)
            return n...n
        }
        return first...last
    }

    /// Tracks a TOC lists: closed tracks (CD: only tracks of closed sessions; DVD/BD fabricate a TOC from
    /// complete tracks), the single track of formatted overwritable media, the pressed track.
    var tocTracks: [TrackView] {
        trackViews.filter { t in
            guard t.isClosed else { return false }
            return media.family != .cd || t.session <= closedSessions
        }
    }

    /// LBA READ CAPACITY returns: the last block of the last complete session; 0 on a disc without one
    /// (Pioneer R-series command reference, READ CAPACITY; MMC-6 §6.19).
    var readCapacityLastLBA: Int {
        if writesAnywhere { return isFormatted ? max(0, capacityBlocks - 1) : 0 }
        let closed = trackViews.filter { $0.session <= closedSessions && $0.recordedBlocks > 0 }
        guard let last = closed.last else { return 0 }
        return last.startLBA + last.recordedBlocks - 1
    }

    /// The first block of `range` that holds no recorded user data, nil when all of it is readable.
    func firstUnrecordedLBA(in range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        if writesAnywhere { return isFormatted && range.upperBound <= capacityBlocks ? nil : range.lowerBound }
        var cursor = range.lowerBound
        for t in tracks.sorted(by: { $0.startLBA < $1.startLBA }) {
            if t.recordedStartLBA > cursor { break }
            cursor = max(cursor, t.nextWritableLBA)
            if cursor >= range.upperBound { return nil }
        }
        return cursor < range.upperBound ? cursor : nil
    }
}
