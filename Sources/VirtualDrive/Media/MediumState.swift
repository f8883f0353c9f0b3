/// One track recorded or reserved on sequential media. The invisible track at the end of an open disc is not
/// stored until the first block is written to it.
struct TrackRecord: Codable, Sendable, Hashable {
    var number: Int
    var session: Int
    var startLBA: Int
    /// Size fixed by RESERVE TRACK; nil for a track that grows with each write until it is closed.
    var reservedBlocks: Int?
    /// Blocks written from `startLBA`; the next writable address is `startLBA + writtenBlocks`.
    var writtenBlocks: Int
    var isClosed: Bool

    /// A buffer underrun without BURN-Free ruined the track: no more writes, no close (version 2; absent = false).
    var isDamaged: Bool?
    /// CD tracks recorded along a cue sheet: the CTL nibble (bit 2 data, clear for audio); their whole 2352-byte
    /// sectors are in the disc's `RawSectorStore` (absent: a mode 1 data track of 2048-byte blocks).
    var control: Int?
    /// The first track of a cue-sheet session whose pre-gap reaches past the session's start (a hidden first
    /// track, index 1 after LBA 0): the pre-gap blocks recorded before `startLBA`, readable as this track's
    /// (absent = 0).
    var preGapBlocks: Int?

    var nextWritableLBA: Int { startLBA + writtenBlocks }
    /// The first recorded block of the track: its recorded pre-gap's first block, else `startLBA`.
    var recordedStartLBA: Int { startLBA - (preGapBlocks ?? 0) }
    var isGrowing: Bool { reservedBlocks == nil && !isClosed }
    var isRuined: Bool { isDamaged == true }
}

/// Everything a virtual disc remembers between commands and between processes (DIR/state.json).
///
/// Versioned: `format` names the file type and `version` its layout; a reader refuses other formats and newer
/// versions. Version 1 fields:
/// - `media`: the `VirtualMediaKind` raw value ("dvd+r").
/// - `capacityBlocks`: last possible lead-out / user capacity now (formatted capacity once formatted).
/// - `tracks`: recorded or reserved tracks of sequential media (number, session, startLBA, reservedBlocks,
///   writtenBlocks, isClosed); the invisible track is implied after the last one.
/// - `closedSessions`, `isFinalized`: session state of sequential media.
/// - `isFormatted`, `recordedEndLBA`: overwritable media; one past the highest block written since formatting.
/// - `layerZeroBlocks`: DVD+R DL layer 0 data zone capacity (settable until the first write).
/// - `writeParameters`: the current Write Parameters mode page 05h (MMC-6 §7.5), page code byte first.
/// Version 2 adds (both optional, absent in version 1 files):
/// - `tracks[].isDamaged`: the track was ruined by a buffer underrun without BURN-Free (a coaster).
/// - `linkedUnderruns`: buffer underruns the drive survived by lossless linking while writing this disc.
/// Version 3 adds (optional, absent in version 1 and 2 files = false):
/// - `isRestrictedOverwrite`: a DVD-RW formatted to restricted overwrite (profile 0013h) by FORMAT UNIT; BLANK
///   returns it to sequential recording (see `RestrictedOverwrite.swift`).
/// Version 4 adds (optional, absent in older files = false; see `MediumStates.swift`):
/// - `isIntermediate`: a restricted overwrite DVD-RW in the intermediate state of a quick format (15h).
/// - `incrementalNotCurrent`: a minimally blanked DVD-RW: feature 0021h not current, DAO only.
/// - `backgroundFormatSuspended`: a DVD+RW whose background format is suspended (BG status 01b).
/// - `isPseudoOverwrite`: a BD-R formatted with Pseudo-OverWrite (FORMAT UNIT 32h sub-type 00b).
struct MediumState: Codable, Sendable, Hashable {
    static let formatName = "discburn-virtual-medium"
    static let currentVersion = 4

    var format: String = MediumState.formatName
    var version: Int = MediumState.currentVersion
    var media: VirtualMediaKind
    var capacityBlocks: Int
    var tracks: [TrackRecord] = []
    var closedSessions: Int = 0
    var isFinalized: Bool = false
    var isFormatted: Bool = false
    var recordedEndLBA: Int = 0
    var layerZeroBlocks: Int?
    var writeParameters: [UInt8] = WriteParametersPage.defaultBytes
    var linkedUnderruns: Int?
    var isRestrictedOverwrite: Bool?
    var isIntermediate: Bool?
    var incrementalNotCurrent: Bool?
    var backgroundFormatSuspended: Bool?
    var isPseudoOverwrite: Bool?

    /// A fresh blank disc of `media` as it comes out of the box.
    init(blank media: VirtualMediaKind) {
        self.media = media
        capacityBlocks = media.startsFormatted ? media.formattedCapacityBlocks : media.blankCapacityBlocks
        isFormatted = media.startsFormatted
        layerZeroBlocks = media.defaultLayerZeroBlocks
        writeParameters = WriteParametersPage.defaultBytes(for: media)
    }

    /// A pressed disc of `blocks` user blocks: one complete track in one complete session.
    init(pressed media: VirtualMediaKind, blocks: Int) {
        self.media = media
        capacityBlocks = blocks
        tracks = [TrackRecord(number: 1, session: 1, startLBA: 0, reservedBlocks: blocks, writtenBlocks: blocks,
                              isClosed: true)]
        closedSessions = 1
        isFinalized = true
        if media == .dvdROM, blocks > 2_295_104 { layerZeroBlocks = (blocks + 1) / 2 }
    }

    /// Why a stored state was refused.
    struct Invalid: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    /// Checks a decoded state for a supported version and self-consistent numbers.
    func validated() throws -> MediumState {
        guard format == Self.formatName else { throw Invalid(reason: "not a \(Self.formatName) file") }
        guard version >= 1, version <= Self.currentVersion else {
            throw Invalid(reason: "state version \(version) is not supported (this build reads 1...\(Self.currentVersion))")
        }
        guard capacityBlocks >= 0, capacityBlocks <= 1 << 31, closedSessions >= 0, recordedEndLBA >= 0,
              recordedEndLBA <= capacityBlocks else {
            throw Invalid(reason: "capacity or counters out of range")
        }
        if isRestrictedOverwrite == true, media != .dvdRW || !isFormatted || !tracks.isEmpty {
            throw Invalid(reason: "only a formatted dvd-rw can be in restricted overwrite mode")
        }
        try validateVersion4States()
        guard WriteParametersPage(bytes: writeParameters) != nil else {
            throw Invalid(reason: "write parameters page is malformed")
        }
        // Every number is range-checked before any arithmetic: a hostile state.json must not trap (issue 13).
        let blockRange = 0...capacityBlocks
        guard tracks.count <= 10_000, layerZeroBlocks.map(blockRange.contains) ?? true,
              (linkedUnderruns ?? 0) >= 0 else {
            throw Invalid(reason: "track count, layer size or counters out of range")
        }
        for (i, t) in tracks.enumerated() {
            guard blockRange.contains(t.startLBA), blockRange.contains(t.writtenBlocks),
                  t.reservedBlocks.map(blockRange.contains) ?? true else {
                throw Invalid(reason: "track \(i + 1) has a start or size beyond the disc's \(capacityBlocks) blocks")
            }
            guard (0...t.startLBA).contains(t.preGapBlocks ?? 0) else {
                throw Invalid(reason: "track \(i + 1) has a pre-gap before LBA 0")
            }
            guard t.number == i + 1, t.startLBA >= 0, t.writtenBlocks >= 0, t.session >= 1,
                  t.nextWritableLBA <= capacityBlocks,
                  t.reservedBlocks.map({ $0 >= t.writtenBlocks && t.startLBA + $0 <= capacityBlocks }) ?? true else {
                throw Invalid(reason: "track \(i + 1) is inconsistent")
            }
        }
        return self
    }
}
