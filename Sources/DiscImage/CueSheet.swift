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

    /// Parses text; throws `notADiscImage` when it has no FILE or no TRACK line.
    public static func parse(_ text: String, path: String) throws -> CueSheet {
        var sheet = CueSheet(files: [], tracks: [])
        // "\r\n" is one Character in Swift: CRLF sheets must split on it too.
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
            let words = Self.words(String(rawLine))
            guard let keyword = words.first?.uppercased() else { continue }
            switch keyword {
            case "FILE" where words.count >= 2: sheet.files.append(words[1])
            case "TRACK" where words.count >= 3:
                guard let number = Int(words[1]), let file = sheet.files.last else { continue }
                let mode = words[2].uppercased()
                sheet.tracks.append(Track(number: number, mode: mode, sectorBytes: sectorBytes(mode),
                                          file: file, startSector: 0))
            case "INDEX" where words.count >= 3 && words[1] == "01":
                if let sector = msfSectors(words[2]), !sheet.tracks.isEmpty {
                    sheet.tracks[sheet.tracks.count - 1].startSector = sector
                }
            default: continue
            }
        }
        guard !sheet.files.isEmpty, !sheet.tracks.isEmpty else {
            throw DiscImageError.notADiscImage(path: path, detail: "a .cue sheet without FILE and TRACK lines")
        }
        return sheet
    }

    /// Bytes per sector for a track mode (AUDIO and the /2352 modes are raw sectors).
    static func sectorBytes(_ mode: String) -> Int {
        if let slash = mode.firstIndex(of: "/"), let size = Int(mode[mode.index(after: slash)...]) { return size }
        return mode == "AUDIO" ? 2352 : 2048
    }

    /// "mm:ss:ff" → sectors.
    static func msfSectors(_ text: String) -> Int64? {
        let parts = text.split(separator: ":").compactMap { Int64($0) }
        guard parts.count == 3, parts.allSatisfy({ $0 >= 0 && $0 < 100_000 }) else { return nil }
        return (parts[0] * 60 + parts[1]) * 75 + parts[2]
    }

    /// Splits a line into words, keeping "quoted strings" whole.
    static func words(_ line: String) -> [String] {
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
        if !current.isEmpty { words.append(current) }
        return words
    }
}
