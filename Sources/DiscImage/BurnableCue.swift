#if canImport(Glibc)
import Glibc
#endif

/// A CDRWIN cue sheet read for burning: every line understood or refused, every FILE resolved next to the cue
/// sheet, every track's sectors located in its file. (Cue sheet syntax as libcdio's and cdrdao's manuals document
/// it; the inspection parser `CueSheet` stays as it is.)
///
/// Burnable: FILE … BINARY (several), TRACK nn AUDIO | MODE1/2048 | MODE1/2352 | MODE2/2352, INDEX 00-99,
/// PREGAP, POSTGAP (on the first track too: a hidden pre-gap, see `firstTrackPreGapBlocks`), FLAGS DCP/4CH/PRE, REM. Refused, naming the line: anything that would not reach the disc as
/// written (CD-TEXT: TITLE, PERFORMER, SONGWRITER, CDTEXTFILE; CATALOG and ISRC, which this burner does not
/// send; FLAGS SCMS; subchannel modes CDG), WAVE/MP3/AIFF/MOTOROLA files, MODE2/2336 and CDI tracks, absolute
/// paths and `..`. Untrusted input: at most 256 KiB of text, 99 tracks, 99 indexes a track, 99:59:74 on the disc.
public struct BurnableCue: Sendable, Hashable {
    public enum TrackMode: String, Sendable, Hashable, Codable {
        case audio = "AUDIO"
        case mode1 = "MODE1/2048"
        case mode1Raw = "MODE1/2352"
        case mode2Raw = "MODE2/2352"

        /// Bytes of one sector in the track's file.
        public var fileSectorBytes: Int { self == .mode1 ? 2048 : 2352 }
        public var isData: Bool { self != .audio }
    }

    public struct Track: Sendable, Hashable {
        public var number: Int
        public var mode: TrackMode
        /// The file's path, resolved next to the cue sheet.
        public var path: String
        /// Byte offset in `path` of the track's first sector in the file (INDEX 00 if given, else INDEX 01).
        public var fileOffsetBytes: Int64
        /// Sectors between INDEX 00 and INDEX 01 that are in the file.
        public var preGapInFileBlocks: Int
        /// PREGAP: sectors of silence / empty data the burner generates before INDEX 01.
        public var generatedPreGapBlocks: Int
        /// Sectors from INDEX 01 to the track's end in the file.
        public var blocks: Int
        /// INDEX 02… as sector offsets from INDEX 01.
        public var extraIndexOffsets: [Int]
        /// POSTGAP: generated sectors after the track's data.
        public var postGapBlocks: Int
        /// FLAGS as the CTL nibble: 4CH 8h, DCP 2h, PRE 1h (the data bit 4h is added for data tracks).
        public var flagBits: UInt8

        /// CTL nibble for the cue sheet and the TOC (MMC-6 §6.33.3.4).
        public var control: UInt8 { (mode.isData ? 0x4 : 0) | flagBits }
    }

    public var cuePath: String
    public var tracks: [Track]

    /// Sectors the host sends from LBA 0 to the lead-out (gaps included). The first track's generated pre-gap
    /// fills the mandatory 2 seconds before LBA 0 first (`firstTrackPreGapBlocks`); only what is longer lies past 0.
    public var totalBlocks: Int {
        tracks.enumerated().reduce(0) { sum, item in
            let generated = item.offset == 0
                ? max(0, item.element.generatedPreGapBlocks - Self.firstTrackPreGapBlocks)
                : item.element.generatedPreGapBlocks
            return sum + generated + item.element.preGapInFileBlocks + item.element.blocks + item.element.postGapBlocks
        }
    }

    /// The disc's first track is preceded by a pre-gap of at least 2 seconds from absolute time 00:00:00 (LBA
    /// −150) to LBA 0 (libburn doc/cookbook.txt, "Composing a Cue Sheet": "a pause encoding or pre-gap of at
    /// least 2 seconds … Optional further sectors may occupy addresses larger than 0"; MMC-6 §6.33.3). A PREGAP on
    /// track 1 is that gap, never shorter than 150 sectors (libburn write.c raises track 1's pregap2_size to 150);
    /// the track's INDEX 00 sectors from its file follow it from LBA 0 on, as libburn's cue reader places a
    /// track's source from its INDEX 00 (structure.c, cue_interpret_line) after the generated pre-gap.
    /// cdrdao agrees for INDEX 00 (cue2toc turns it into START; GenericMMC.cc puts track 1's index 0 at the session
    /// start and its index 1 at +150 + START). For PREGAP on track 1 the two differ: cdrdao adds it to the 2 seconds
    /// (cue2toc: PREGAP = ZERO + START), libburn counts the 2 seconds in it; DiscBurn follows libburn, so the common
    /// `PREGAP 00:02:00` on track 1 keeps INDEX 01 at LBA 0.
    public static let firstTrackPreGapBlocks = 150

    /// Where a track lies on the disc when the cue is burned session at once from LBA −150 (the one placement
    /// that the burn, `image info` and the rip agree on).
    public struct DiscPlacement: Sendable, Hashable {
        public var track: Track
        /// The pre-gap's first sector (INDEX 00); −150 for the first track; `startLBA` without a pre-gap.
        public var preGapLBA: Int
        /// INDEX 01.
        public var startLBA: Int
        /// One past the track's last sector, its post-gap included.
        public var endLBA: Int
    }

    /// The tracks' places on the disc: the first track's generated pre-gap is at least `firstTrackPreGapBlocks`
    /// from LBA −150, then its INDEX 00 sectors; every later track's pre-gap (PREGAP, then INDEX 00 sectors) comes
    /// right after the track before it.
    public var discPlacements: [DiscPlacement] {
        var lba = -Self.firstTrackPreGapBlocks
        var placed: [DiscPlacement] = []
        for (n, track) in tracks.enumerated() {
            let generated = n == 0 ? max(Self.firstTrackPreGapBlocks, track.generatedPreGapBlocks)
                : track.generatedPreGapBlocks
            let start = lba + generated + track.preGapInFileBlocks
            let end = start + track.blocks + track.postGapBlocks
            placed.append(DiscPlacement(track: track, preGapLBA: lba, startLBA: start, endLBA: end))
            lba = end
        }
        return placed
    }

    static let maximumTracks = 99
    static let maximumIndexes = 99
    /// 99:59:74 less the 2-second pre-gap of the first track.
    public static let maximumDiscBlocks = (99 * 60 + 59) * 75 + 74 - 150

    /// Reads and checks the cue sheet at `cuePath` and the files it names.
    public static func load(cuePath: String) throws -> BurnableCue {
        let file = try ImageFile(path: cuePath)
        guard file.sizeBytes > 0 else { throw DiscImageError.emptyFile(path: cuePath) }
        guard file.sizeBytes <= Int64(CueSheet.maximumBytes) else {
            throw CueSheetError(path: cuePath, line: nil, reason: "\(file.sizeBytes) bytes is too big for a cue sheet "
                + "(at most \(CueSheet.maximumBytes))")
        }
        let bytes = try file.read(at: 0, count: Int(file.sizeBytes))
        let text = String(decoding: bytes, as: UTF8.self)
        guard Array(text.utf8) == bytes else {
            throw CueSheetError(path: cuePath, line: nil, reason: "the cue sheet is not UTF-8 text")
        }
        return try parse(text, cuePath: cuePath) { path in
            var info = stat()
            guard stat(path, &info) == 0 || errno != ENOENT else {
                throw DiscImageError.missingTrackFile(cue: cuePath, file: path)
            }
            return try ImageFile(path: path).sizeBytes
        }
    }

    /// Parses `text`; `fileBytes` gives the size of a resolved FILE path (and throws when it cannot be opened).
    public static func parse(_ text: String, cuePath: String,
                             fileBytes: (String) throws -> Int64) throws -> BurnableCue {
        var reader = CueLineReader(cuePath: cuePath)
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .enumerated() {
            try reader.take(String(line).trimmingCharacters(in: ["\r"]), line: number + 1)
        }
        return try reader.finish(fileBytes: fileBytes)
    }

    /// `name` resolved next to the cue sheet; absolute paths and `..` components are refused (a cue sheet names
    /// its own files, nothing elsewhere on the system).
    static func resolve(_ name: String, cuePath: String) -> String? {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\0") else { return nil }
        let parts = name.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.isEmpty, !parts.contains(where: { $0 == ".." }) else { return nil }
        let directory = cuePath.lastIndex(of: "/").map { String(cuePath[...$0]) } ?? ""
        return directory + parts.joined(separator: "/")
    }
}

/// A refusal of a cue sheet, naming the line and what to change.
public struct CueSheetError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var reason: String

    public init(path: String, line: Int?, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        "'\(path)'" + (line.map { " line \($0)" } ?? "") + ": " + reason
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let last = s.last, set.contains(last) { s = s.dropLast() }
        return String(s)
    }
}
