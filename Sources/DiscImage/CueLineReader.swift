/// Line-by-line state of `BurnableCue.parse`: collects FILE/TRACK/INDEX/gap lines and refuses what cannot be
/// burned exactly, then lays the tracks out in their files.
struct CueLineReader {
    struct PendingTrack {
        var number: Int
        var mode: BurnableCue.TrackMode
        var fileIndex: Int
        var line: Int
        /// INDEX number → sector position in the file.
        var indexes: [Int: Int] = [:]
        var preGapBlocks = 0
        var postGapBlocks = 0
        var flagBits: UInt8 = 0
    }

    let cuePath: String
    var files: [(name: String, path: String, line: Int)] = []
    var tracks: [PendingTrack] = []

    init(cuePath: String) { self.cuePath = cuePath }

    /// "mm:ss:ff" → sectors (minutes 0-99, seconds < 60, frames < 75), nil otherwise.
    static func sectors(_ text: String) -> Int64? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) }),
              let m = Int64(parts[0]), let s = Int64(parts[1]), let f = Int64(parts[2]),
              (0...99).contains(m), (0..<60).contains(s), (0..<75).contains(f) else { return nil }
        return (m * 60 + s) * 75 + f
    }

    func refuse(_ line: Int?, _ reason: String) -> CueSheetError {
        CueSheetError(path: cuePath, line: line, reason: reason)
    }

    mutating func take(_ text: String, line: Int) throws {
        guard let words = CueSheet.words(text) else { throw refuse(line, "a quoted string is not closed") }
        guard let keyword = words.first?.uppercased() else { return }
        switch keyword {
        case "REM": return
        case "FILE": try file(words, line: line)
        case "TRACK": try track(words, line: line)
        case "INDEX": try index(words, line: line)
        case "PREGAP", "POSTGAP": try gap(keyword, words, line: line)
        case "FLAGS": try flags(words, line: line)
        case "TITLE", "PERFORMER", "SONGWRITER", "CDTEXTFILE", "COMPOSER", "ARRANGER", "MESSAGE":
            throw refuse(line, "\(keyword) is CD-TEXT, which DiscBurn does not write; remove the line to burn without it")
        case "CATALOG", "ISRC":
            throw refuse(line, "\(keyword) is not sent to the drive by DiscBurn; remove the line to burn without it")
        default:
            throw refuse(line, "'\(keyword)' is not a cue sheet command DiscBurn can burn")
        }
    }

    private mutating func file(_ words: [String], line: Int) throws {
        guard words.count == 3 else { throw refuse(line, "FILE needs a name and a type: FILE \"name.bin\" BINARY") }
        let type = words[2].uppercased()
        guard type == "BINARY" else {
            throw refuse(line, "FILE type \(type) is not supported (only BINARY: raw sectors); convert '\(words[1])' "
                + "to a raw .bin first")
        }
        guard let path = BurnableCue.resolve(words[1], cuePath: cuePath) else {
            throw refuse(line, "FILE '\(words[1])' must be a relative path inside the cue sheet's directory "
                + "(no leading /, no ..)")
        }
        guard files.count < BurnableCue.maximumTracks else { throw refuse(line, "more than 99 FILE lines") }
        files.append((words[1], path, line))
    }

    private mutating func track(_ words: [String], line: Int) throws {
        guard words.count == 3, let number = Int(words[1]), (1...99).contains(number) else {
            throw refuse(line, "TRACK needs a number 1-99 and a mode: TRACK 01 MODE1/2352")
        }
        guard !files.isEmpty else { throw refuse(line, "TRACK before any FILE line") }
        guard let mode = BurnableCue.TrackMode(rawValue: words[2].uppercased()) else {
            throw refuse(line, "track mode \(words[2]) cannot be burned exactly (DiscBurn burns AUDIO, MODE1/2048, "
                + "MODE1/2352 and MODE2/2352)")
        }
        if let last = tracks.last {
            guard number == last.number + 1 else { throw refuse(line, "track \(number) does not follow track \(last.number)") }
            guard last.indexes[1] != nil else { throw refuse(last.line, "track \(last.number) has no INDEX 01") }
        }
        tracks.append(PendingTrack(number: number, mode: mode, fileIndex: files.count - 1, line: line))
    }

    private mutating func index(_ words: [String], line: Int) throws {
        guard words.count == 3, let number = Int(words[1]), (0..<BurnableCue.maximumIndexes + 1).contains(number),
              let sector = CueLineReader.sectors(words[2]), sector <= Int64(BurnableCue.maximumDiscBlocks) else {
            throw refuse(line, "INDEX needs a number 00-99 and a time mm:ss:ff")
        }
        guard var track = tracks.last else { throw refuse(line, "INDEX before any TRACK line") }
        guard track.fileIndex == files.count - 1 else {
            throw refuse(line, "track \(track.number) continues in another FILE; split the track into one file")
        }
        let expected = track.indexes.isEmpty ? nil : (track.indexes.keys.max() ?? 0) + 1
        guard expected.map({ $0 == number }) ?? (number <= 1) else {
            throw refuse(line, "INDEX \(words[1]) is out of order in track \(track.number)")
        }
        guard track.postGapBlocks == 0 else { throw refuse(line, "INDEX after POSTGAP in track \(track.number)") }
        let previous = track.indexes.values.max() ?? previousSectorInFile(track)
        guard Int(sector) >= previous else {
            throw refuse(line, "INDEX \(words[1]) of track \(track.number) lies before the previous index")
        }
        track.indexes[number] = Int(sector)
        tracks[tracks.count - 1] = track
    }

    /// The last index of the previous track in the same file (tracks of a file follow each other).
    private func previousSectorInFile(_ track: PendingTrack) -> Int {
        tracks.dropLast().last(where: { $0.fileIndex == track.fileIndex })?.indexes.values.max() ?? 0
    }

    private mutating func gap(_ keyword: String, _ words: [String], line: Int) throws {
        guard words.count == 2, let sectors = CueLineReader.sectors(words[1]),
              sectors <= Int64(BurnableCue.maximumDiscBlocks) else {
            throw refuse(line, "\(keyword) needs a time mm:ss:ff")
        }
        guard var track = tracks.last else { throw refuse(line, "\(keyword) before any TRACK line") }
        if keyword == "PREGAP" {
            guard track.indexes.isEmpty else { throw refuse(line, "PREGAP must come before the track's INDEX lines") }
            track.preGapBlocks = Int(sectors)
        } else {
            guard track.indexes[1] != nil else { throw refuse(line, "POSTGAP must come after the track's INDEX 01") }
            guard (track.indexes.keys.max() ?? 0) < BurnableCue.maximumIndexes else {
                throw refuse(line, "POSTGAP needs an index of its own and track \(track.number) already uses INDEX 99")
            }
            track.postGapBlocks = Int(sectors)
        }
        tracks[tracks.count - 1] = track
    }

    private mutating func flags(_ words: [String], line: Int) throws {
        guard var track = tracks.last, track.indexes.isEmpty else {
            throw refuse(line, "FLAGS must follow a TRACK line, before its INDEX lines")
        }
        for flag in words.dropFirst().map({ $0.uppercased() }) {
            switch flag {
            case "DCP": track.flagBits |= 0x2
            case "4CH" where track.mode == .audio: track.flagBits |= 0x8
            case "PRE" where track.mode == .audio: track.flagBits |= 0x1
            default:
                throw refuse(line, "FLAGS \(flag) cannot be burned on a \(track.mode.rawValue) track by DiscBurn; remove it")
            }
        }
        tracks[tracks.count - 1] = track
    }

    /// Lays out the tracks in their files, checking sizes.
    func finish(fileBytes: (String) throws -> Int64) throws -> BurnableCue {
        guard !tracks.isEmpty else { throw refuse(nil, "the cue sheet has no TRACK line") }
        guard let last = tracks.last, last.indexes[1] != nil else {
            throw refuse(tracks.last?.line, "track \(tracks.last?.number ?? 0) has no INDEX 01")
        }
        var result: [BurnableCue.Track] = []
        for (fileIndex, file) in files.enumerated() {
            let inFile = tracks.filter { $0.fileIndex == fileIndex }
            guard !inFile.isEmpty else { throw refuse(file.line, "FILE '\(file.name)' holds no track") }
            result += try layOut(inFile, file: file, fileBytes: fileBytes)
        }
        let cue = BurnableCue(cuePath: cuePath, tracks: result)
        guard cue.totalBlocks <= BurnableCue.maximumDiscBlocks else {
            throw refuse(nil, "\(cue.totalBlocks) sectors do not fit a CD (at most 99:59:74)")
        }
        return cue
    }

    private func layOut(_ inFile: [PendingTrack], file: (name: String, path: String, line: Int),
                        fileBytes: (String) throws -> Int64) throws -> [BurnableCue.Track] {
        let sectorBytes = inFile[0].mode.fileSectorBytes
        guard inFile.allSatisfy({ $0.mode.fileSectorBytes == sectorBytes }) else {
            throw refuse(file.line, "FILE '\(file.name)' mixes 2048- and 2352-byte tracks; give each its own file")
        }
        let size: Int64
        do { size = try fileBytes(file.path) } catch let missing as DiscImageError {
            guard case .missingTrackFile = missing else {
                throw refuse(file.line, "FILE '\(file.name)' cannot be read (\(missing))")
            }
            throw missing  // names the file that does not exist and the fix
        } catch {
            throw refuse(file.line, "FILE '\(file.name)' cannot be read (\(error))")
        }
        guard size % Int64(sectorBytes) == 0 else {
            throw refuse(file.line, "'\(file.name)' is \(size) bytes, not a whole number of \(sectorBytes)-byte sectors")
        }
        let fileSectors = Int(size / Int64(sectorBytes))
        var laid: [BurnableCue.Track] = []
        for (n, track) in inFile.enumerated() {
            let first = track.indexes[0] ?? track.indexes[1]!
            let start = track.indexes[1]!
            if n == 0, first != 0 {
                throw refuse(track.line, "the first \(first) sectors of '\(file.name)' belong to no track")
            }
            let end = n + 1 < inFile.count ? (inFile[n + 1].indexes[0] ?? inFile[n + 1].indexes[1]!) : fileSectors
            guard end >= start, end - start >= 1 else {
                throw refuse(track.line, "track \(track.number) has no sectors in '\(file.name)' "
                    + "(\(fileSectors) sectors in the file)")
            }
            guard end - start + track.postGapBlocks >= 300 else {
                throw refuse(track.line, "track \(track.number) is \(end - start + track.postGapBlocks) sectors; a CD "
                    + "track holds at least 300 (4 seconds, MMC-6 §6.33.3)")
            }
            let extra = track.indexes.keys.filter { $0 >= 2 }.sorted().map { track.indexes[$0]! - start }
            guard extra.allSatisfy({ $0 < end - start }) else {
                throw refuse(track.line, "an INDEX of track \(track.number) lies past its end")
            }
            laid.append(BurnableCue.Track(
                number: track.number, mode: track.mode, path: file.path,
                fileOffsetBytes: Int64(first) * Int64(sectorBytes), preGapInFileBlocks: start - first,
                generatedPreGapBlocks: track.preGapBlocks, blocks: end - start, extraIndexOffsets: extra,
                postGapBlocks: track.postGapBlocks, flagBits: track.flagBits))
        }
        return laid
    }
}
