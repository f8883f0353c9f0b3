/// A SEND CUE SHEET parameter list (MMC-6 §6.33.3) reduced to what the drive needs to record a CD session at
/// once: where each track's pre-gap and index 1 lie, and where the lead-out starts.
///
/// Entries are 8 bytes: CTL|ADR, TNO, INDEX, DATA FORM, SCMS, MIN, SEC, FRAME (binary absolute time, LBA =
/// frames − 150). Accepted (anything else → 5/26/00 with the field pointer on the offending byte):
/// - ADR 1 time points; ADR 2 (catalog number) and ADR 3 (ISRC) entries are skipped.
/// - First time point: the lead-in (TNO 0) with a drive-generated data form (01h audio, 14h mode 1; the CD-TEXT
///   bit 40h is ignored). Last: the lead-out (TNO AAh) with a generated form.
/// - Between them, tracks numbered consecutively, each with an optional index 0 (pre-gap) and an index 1, then
///   any higher indexes; data form 10h (mode 1, 2048 bytes from the host; the drive adds sync, header, EDC/ECC)
///   or 00h (2352 bytes from the host recorded as they are: CD-DA, or whole data sectors when CTL has the data
///   bit, as cdrecord sends raw data tracks); other forms (mode 2 forms, subchannel bits) are refused. Form 10h
///   under an audio CTL is refused too. Each entry's form holds from its time point to the next entry's.
/// - Time points never go back; MSF valid (minute ≤ 99, second < 60, frame < 75); each track at least 4 s
///   (300 blocks, MMC-6 §6.33.3).
struct CueSheetLayout: Sendable {
    struct Track: Sendable, Hashable {
        var number: Int
        /// Index 0 (pre-gap start); equal to `startLBA` when the track has no pre-gap.
        var preGapLBA: Int
        /// Index 1: the track start.
        var startLBA: Int
        /// One past the last block: the next track's index 1 (its pre-gap counts to this track, as a TOC shows
        /// it) or the lead-out.
        var endLBA: Int
        /// CTL nibble of the track's index 1 entry (bit 2: data track).
        var control: UInt8 = 0x4
    }

    var tracks: [Track]
    /// Each time point's data form from its LBA on, in order (the host's bytes per block follow from it).
    var forms: [(lba: Int, form: UInt8)] = []
    var leadOutLBA: Int
    /// The next block the host must send; starts at the first pre-gap.
    var nextWriteLBA: Int
    /// Parameter-list offsets of the first track's index 1 entry and of the lead-out entry, for field pointers.
    var firstTrackEntryOffset: Int
    var leadOutEntryOffset: Int

    var isComplete: Bool { nextWriteLBA == leadOutLBA }

    static let mode1 = UInt8(0x10)
    static let raw = UInt8(0x00)
    static let generatedForms: Set<UInt8> = [0x01, 0x14]

    private struct Entry {
        var offset: Int
        var track: Int
        var index: Int
        var form: UInt8
        var lba: Int
        var control: UInt8
    }

    static func parse(_ bytes: [UInt8]) throws(CheckCondition) -> CueSheetLayout {
        let entries = try timePoints(bytes)
        guard entries.count >= 3, let leadIn = entries.first, let leadOut = entries.last else {
            throw .parameterListLength
        }
        guard leadIn.track == 0 else { throw .invalidParameter(byte: leadIn.offset + 1) }
        guard generatedForms.contains(leadIn.form & 0x3F) else { throw .invalidParameter(byte: leadIn.offset + 3) }
        guard leadOut.track == 0xAA else { throw .invalidParameter(byte: leadOut.offset + 1) }
        guard generatedForms.contains(leadOut.form) else { throw .invalidParameter(byte: leadOut.offset + 3) }
        for (previous, next) in zip(entries, entries.dropFirst()) where next.lba < previous.lba {
            throw .invalidParameter(byte: next.offset + 5)
        }
        let (tracks, firstOffset) = try trackList(entries.dropFirst().dropLast(), leadOutLBA: leadOut.lba)
        let forms = entries.dropFirst().dropLast().map { (lba: $0.lba, form: $0.form) }
        return CueSheetLayout(tracks: tracks, forms: forms, leadOutLBA: leadOut.lba,
                              nextWriteLBA: tracks[0].preGapLBA, firstTrackEntryOffset: firstOffset,
                              leadOutEntryOffset: leadOut.offset)
    }

    /// The ADR 1 entries with their LBAs.
    private static func timePoints(_ bytes: [UInt8]) throws(CheckCondition) -> [Entry] {
        var entries: [Entry] = []
        var offset = 0
        while offset + 8 <= bytes.count {
            let e = Array(bytes[offset..<offset + 8])
            switch e[0] & 0x0F {
            case 1:
                guard e[5] <= 99, e[6] < 60, e[7] < 75 else { throw .invalidParameter(byte: offset + 5) }
                let frames = (Int(e[5]) * 60 + Int(e[6])) * 75 + Int(e[7])
                entries.append(Entry(offset: offset, track: Int(e[1]), index: Int(e[2]), form: e[3],
                                     lba: frames - 150, control: e[0] >> 4))
            case 2, 3:
                break  // media catalog number, ISRC
            default:
                throw .invalidParameter(byte: offset)
            }
            offset += 8
        }
        return entries
    }

    /// Tracks from the entries between lead-in and lead-out.
    private static func trackList(_ entries: ArraySlice<Entry>,
                                  leadOutLBA: Int) throws(CheckCondition) -> ([Track], Int) {
        var tracks: [Track] = []
        var firstOffset = 0
        var hasStart: [Bool] = []
        for e in entries {
            guard (1...99).contains(e.track) else { throw .invalidParameter(byte: e.offset + 1) }
            guard e.form == raw || (e.form == mode1 && e.control & 0x4 != 0) else {
                throw .invalidParameter(byte: e.offset + 3)
            }
            if let last = tracks.last, last.number == e.track {
                guard e.index >= 1, e.index <= 99 else { throw .invalidParameter(byte: e.offset + 2) }
                if e.index == 1, hasStart.last == false {
                    tracks[tracks.count - 1].startLBA = e.lba
                    tracks[tracks.count - 1].control = e.control
                    hasStart[hasStart.count - 1] = true
                    if tracks.count == 1 { firstOffset = e.offset }
                }
                continue
            }
            guard tracks.last.map({ e.track == $0.number + 1 }) ?? true, hasStart.last ?? true else {
                throw .invalidParameter(byte: e.offset + 1)
            }
            guard e.index <= 1 else { throw .invalidParameter(byte: e.offset + 2) }
            tracks.append(Track(number: e.track, preGapLBA: e.lba, startLBA: e.lba, endLBA: leadOutLBA,
                                control: e.control))
            hasStart.append(e.index == 1)
            if tracks.count == 1, e.index == 1 { firstOffset = e.offset }
        }
        guard !tracks.isEmpty, hasStart.allSatisfy({ $0 }) else { throw .parameterListLength }
        for i in tracks.indices.dropLast() { tracks[i].endLBA = tracks[i + 1].startLBA }
        for t in tracks where t.endLBA - t.startLBA < 300 {
            throw .invalidParameter(byte: t.number == tracks[0].number ? firstOffset : 0)
        }
        return (tracks, firstOffset)
    }
}

extension CueSheetLayout {
    /// The data form of the block at `lba` (the first entry's before it: the first pre-gap).
    func form(at lba: Int) -> UInt8 {
        forms.last(where: { $0.lba <= lba })?.form ?? forms.first?.form ?? Self.mode1
    }

    /// Bytes the host sends for a block of `form`.
    static func hostBytes(_ form: UInt8) -> Int { form == raw ? 2352 : 2048 }

    /// Bytes a WRITE of `blocks` from `lba` carries along this cue sheet.
    func writeBytes(lba: Int, blocks: Int) -> Int {
        (0..<blocks).reduce(0) { $0 + Self.hostBytes(form(at: lba + $1)) }
    }

    /// The track whose extent (pre-gap to end) holds `lba`.
    func track(at lba: Int) -> Track? {
        tracks.last(where: { $0.preGapLBA <= lba })
    }
}
