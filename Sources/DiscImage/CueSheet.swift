/// The parts of a CUE sheet DiscImage checks itself before libcdio sees it: FILE and TRACK lines.
/// (CDRWIN cue sheet format, as documented in the cdrdao/libcdio manuals.)
public struct CueSheet: Sendable, Equatable {
    public struct Track: Sendable, Equatable {
        public var number: Int
        /// AUDIO, MODE1/2048, MODE1/2352, MODE2/2336, MODE2/2352, ...
        public var mode: String
        public var sectorBytes: Int
        /// The FILE the track's data is in (as written in the sheet).
        public var file: String
        /// INDEX 01 position inside `file`, in sectors (mm:ss:ff with 75 frames a second).
        public var startSector: Int64
    }

    public var files: [String]
    public var tracks: [Track]

    /// A cue sheet larger than this is not a cue sheet.
    static let maximumBytes = 256 * 1024

    /// Parses text strictly (libcdio's cue parser gets only sheets that pass here); throws `notADiscImage` naming
    /// the first line that is not a well-formed cue command, and when there is no FILE or no TRACK line.
    public static func parse(_ text: String, path: String) throws -> CueSheet {
        var sheet = CueSheet(files: [], tracks: [])
        var lineNumber = 0
        var sawIndexOne = true
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            // "\r\n" is one Character in Swift: CRLF sheets must split on it too.
            lineNumber += 1
            let line = String(rawLine)
            func refuse(_ why: String) -> DiscImageError {
                .notADiscImage(path: path, detail: "cue sheet line \(lineNumber): \(why)")
            }
            if line.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) {
                throw refuse("control characters")
            }
            guard let words = Self.words(line) else { throw refuse("a quoted string is not closed") }
            guard let keyword = words.first?.uppercased() else { continue }
            switch keyword {
            case "FILE":
                guard words.count == 3, Self.fileTypes.contains(words[2].uppercased()), !words[1].isEmpty else {
                    throw refuse("FILE needs a name and a type (BINARY or MOTOROLA)")
                }
                sheet.files.append(words[1])
            case "TRACK":
                guard words.count == 3, let number = Int(words[1]), (1...99).contains(number) else {
                    throw refuse("TRACK needs a number 1-99 and a mode")
                }
                guard let file = sheet.files.last else { throw refuse("TRACK before any FILE") }
                guard number == (sheet.tracks.last?.number ?? (number - 1)) + 1 else {
                    throw refuse("track \(number) out of order")
                }
                guard sawIndexOne else { throw refuse("the track before has no INDEX 01") }
                let mode = words[2].uppercased()
                guard Self.trackModes.contains(mode) else { throw refuse("unknown track mode '\(words[2])'") }
                sheet.tracks.append(Track(number: number, mode: mode, sectorBytes: sectorBytes(mode),
                                          file: file, startSector: 0))
                sawIndexOne = false
            case "INDEX":
                guard words.count == 3, let number = Int(words[1]), (0...99).contains(number),
                      let sector = msfSectors(words[2]) else {
                    throw refuse("INDEX needs a number 0-99 and a position mm:ss:ff")
                }
                guard !sheet.tracks.isEmpty else { throw refuse("INDEX before any TRACK") }
                if number == 1 {
                    sheet.tracks[sheet.tracks.count - 1].startSector = sector
                    sawIndexOne = true
                }
            case "PREGAP", "POSTGAP":
                guard words.count == 2, msfSectors(words[1]) != nil, !sheet.tracks.isEmpty else {
                    throw refuse("\(keyword) needs a length mm:ss:ff inside a track")
                }
            default:
                guard Self.otherKeywords.contains(keyword) else { throw refuse("unknown command '\(words[0])'") }
            }
        }
        guard !sheet.files.isEmpty, !sheet.tracks.isEmpty, sawIndexOne else {
            throw DiscImageError.notADiscImage(path: path, detail: "a .cue sheet needs FILE, TRACK and INDEX 01 lines")
        }
        return sheet
    }

    /// The FILE types libcdio reads data from.
    static let fileTypes: Set<String> = ["BINARY", "MOTOROLA"]
    static let trackModes: Set<String> = [
        "AUDIO", "CDG", "MODE1/2048", "MODE1/2352", "MODE2/2048", "MODE2/2324", "MODE2/2336", "MODE2/2352",
        "CDI/2336", "CDI/2352",
    ]
    /// Commands that carry text or flags only (CDRWIN and CD-TEXT); REM lines are comments.
    static let otherKeywords: Set<String> = [
        "REM", "FLAGS", "ISRC", "CATALOG", "CDTEXTFILE", "TITLE", "PERFORMER", "SONGWRITER", "COMPOSER",
        "ARRANGER", "MESSAGE", "DISC_ID", "GENRE", "TOC_INFO1", "TOC_INFO2", "UPC_EAN", "SIZE_INFO",
    ]

    /// Bytes per sector for a track mode (AUDIO and the /2352 modes are raw sectors).
    static func sectorBytes(_ mode: String) -> Int {
        if let slash = mode.firstIndex(of: "/"), let size = Int(mode[mode.index(after: slash)...]) { return size }
        return mode == "AUDIO" ? 2352 : 2048
    }

    /// "mm:ss:ff" → sectors; minutes 0-99, seconds 0-59, frames 0-74 (75 a second).
    static func msfSectors(_ text: String) -> Int64? {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, fields.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy({ $0.isASCII && $0.isNumber }) })
        else { return nil }
        let parts = fields.compactMap { Int64($0) }
        guard parts.count == 3, parts[0] <= 99, parts[1] <= 59, parts[2] <= 74 else { return nil }
        return (parts[0] * 60 + parts[1]) * 75 + parts[2]
    }

    /// Splits a line into words, keeping "quoted strings" whole; nil when a quote is not closed.
    static func words(_ line: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
            } else if character.isWhitespace && !quoted {
                if !current.isEmpty { words.append(current); current = "" }
            } else {
                current.append(character)
            }
        }
        if quoted { return nil }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
