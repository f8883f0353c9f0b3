import XCTest
@testable import DiscImage

/// The cue parser for burning: layouts of tracks in their files, and refusals of untrusted text.
final class BurnableCueTests: XCTestCase {
    /// Parses `text` as /discs/game.cue with files of the given sizes (in bytes).
    func parse(_ text: String, sizes: [String: Int64] = ["/discs/a.bin": 2352 * 1000]) throws -> BurnableCue {
        try BurnableCue.parse(text, cuePath: "/discs/game.cue") { path in
            guard let size = sizes[path] else { throw DiscImageError.emptyFile(path: path) }
            return size
        }
    }

    func refusal(_ text: String, sizes: [String: Int64] = ["/discs/a.bin": 2352 * 1000],
                 file: StaticString = #filePath, line: UInt = #line) -> CueSheetError? {
        do {
            _ = try parse(text, sizes: sizes)
            XCTFail("accepted: \(text)", file: file, line: line)
            return nil
        } catch let error as CueSheetError {
            return error
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return nil
        }
    }

    func testTracksIndexesAndGapsLaidOutInTheirFiles() throws {
        let cue = try parse("""
            REM COMMENT "x"\r
            FILE "a.bin" BINARY\r
              TRACK 01 MODE2/2352\r
                INDEX 01 00:00:00\r
              TRACK 02 AUDIO\r
                FLAGS DCP PRE\r
                PREGAP 00:01:00\r
                INDEX 00 00:05:00\r
                INDEX 01 00:06:00\r
                INDEX 02 00:07:00\r
                POSTGAP 00:00:10\r
            FILE "sub dir/b.bin" BINARY\r
              TRACK 03 MODE1/2048\r
                INDEX 01 00:00:00\r
            """, sizes: ["/discs/a.bin": 2352 * 1000, "/discs/sub dir/b.bin": 2048 * 400])
        XCTAssertEqual(cue.tracks.map(\.number), [1, 2, 3])
        XCTAssertEqual(cue.tracks.map(\.mode), [.mode2Raw, .audio, .mode1])
        XCTAssertEqual(cue.tracks.map(\.path), ["/discs/a.bin", "/discs/a.bin", "/discs/sub dir/b.bin"])
        XCTAssertEqual(cue.tracks.map(\.fileOffsetBytes), [0, 375 * 2352, 0])
        XCTAssertEqual(cue.tracks.map(\.preGapInFileBlocks), [0, 75, 0])
        XCTAssertEqual(cue.tracks.map(\.generatedPreGapBlocks), [0, 75, 0])
        XCTAssertEqual(cue.tracks.map(\.blocks), [375, 550, 400])
        XCTAssertEqual(cue.tracks[1].extraIndexOffsets, [75])
        XCTAssertEqual(cue.tracks.map(\.postGapBlocks), [0, 10, 0])
        XCTAssertEqual(cue.tracks.map(\.control), [0x4, 0x3, 0x4])
        XCTAssertEqual(cue.totalBlocks, 375 + 75 + 75 + 550 + 10 + 400)
    }

    /// Track 1's INDEX 00 sectors and a PREGAP longer than the mandatory 2 seconds lie from LBA 0 on and move
    /// INDEX 01 (libburn cookbook: the first pre-gap is at least 2 seconds from 00:00:00; write.c raises track 1's
    /// pregap to 150). A PREGAP of 2 seconds or less is the mandatory one.
    func testFirstTrackPreGapIsPlacedFromLBAMinus150() throws {
        let hidden = try parse("FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 00 00:00:00\n    INDEX 01 00:04:00\n")
        XCTAssertEqual(hidden.discPlacements.map { [$0.preGapLBA, $0.startLBA, $0.endLBA] }, [[-150, 300, 1000]])
        XCTAssertEqual(hidden.totalBlocks, 1000)
        let both = try parse("FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    PREGAP 00:03:00\n    INDEX 00 00:00:00\n"
            + "    INDEX 01 00:01:00\n")
        XCTAssertEqual(both.discPlacements.map { [$0.preGapLBA, $0.startLBA, $0.endLBA] }, [[-150, 150, 1075]])
        XCTAssertEqual(both.totalBlocks, 1075)
        let short = try parse("FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    PREGAP 00:01:00\n    INDEX 01 00:00:00\n")
        XCTAssertEqual(short.discPlacements.map { [$0.preGapLBA, $0.startLBA, $0.endLBA] }, [[-150, 0, 1000]])
        XCTAssertEqual(short.totalBlocks, 1000)
        [hidden, both, short].forEach { Self.checkPlacements($0) }
    }

    func testPathsStayNextToTheCueSheet() {
        XCTAssertEqual(BurnableCue.resolve("a.bin", cuePath: "/d/x.cue"), "/d/a.bin")
        XCTAssertEqual(BurnableCue.resolve("./s//a.bin", cuePath: "/d/x.cue"), "/d/./s/a.bin")
        XCTAssertEqual(BurnableCue.resolve("a.bin", cuePath: "x.cue"), "a.bin")
        for bad in ["/etc/passwd", "../a.bin", "s/../../a.bin", "", "a\0.bin"] {
            XCTAssertNil(BurnableCue.resolve(bad, cuePath: "/d/x.cue"), bad)
        }
    }

    func testRefusalsNameTheLineAndTheCause() {
        let track = "FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
        let cases: [(String, Int?, String)] = [
            ("PERFORMER \"x\"\n" + track, 1, "CD-TEXT"),
            (track + "    SONGWRITER \"y\"\n", 4, "CD-TEXT"),
            ("FILE \"a.mp3\" MP3\n", 1, "MP3"),
            ("FILE \"a.bin\" BINARY\n  TRACK 01 MODE1/2336\n", 2, "MODE1/2336"),
            ("FILE \"a.bin\" BINARY\n  TRACK 00 AUDIO\n", 2, "1-99"),
            ("  TRACK 01 AUDIO\n", 1, "before any FILE"),
            (track + "  TRACK 03 AUDIO\n", 4, "does not follow"),
            ("FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:60:00\n", 3, "mm:ss:ff"),
            ("FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:75\n", 3, "mm:ss:ff"),
            ("FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 02 00:00:00\n", 3, "out of order"),
            (track + "  TRACK 02 AUDIO\n    INDEX 01 00:10:00\n    INDEX 02 00:09:00\n", 6, "before the previous"),
            ("FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n    FLAGS SCMS\n", 3, "SCMS"),
            (track + "    FLAGS DCP\n", 4, "before its INDEX"),
            ("FILE \"a.bin\" BINARY\n  TRACK 01 MODE1/2352\n    FLAGS 4CH\n", 3, "4CH"),
            (track + "  TRACK 02 AUDIO\n", 4, "no INDEX 01"),
            ("FILE \"a.bin\" BINARY\n", nil, "no TRACK"),
            (track + "FILE \"a.bin\" BINARY\n", 4, "holds no track"),
            ("FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\n  TRACK 02 AUDIO\n", 2, "no INDEX 01"),
            ("FILE \"a.bin\" BINARY\n  TRACK 01 AUDIO\nFILE \"a.bin\" BINARY\n    INDEX 01 00:00:00\n", 4,
             "another FILE"),
            ("GARBAGE here\n", 1, "not a cue sheet command"),
        ]
        for (text, line, cause) in cases {
            guard let error = refusal(text) else { continue }
            XCTAssertEqual(error.line, line, "\(text) → \(error)")
            XCTAssertTrue(error.reason.contains(cause), "\(text) → \(error)")
            XCTAssertTrue(error.description.hasPrefix("'/discs/game.cue'"), error.description)
        }
    }

    func testFileSizesAndLimits() {
        let track = "FILE \"a.bin\" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n"
        XCTAssertTrue(refusal(track, sizes: ["/discs/a.bin": 2048 * 300 + 1])?.reason.contains("whole number") == true)
        XCTAssertTrue(refusal(track, sizes: ["/discs/a.bin": 2048 * 299])?.reason.contains("300") == true)
        XCTAssertTrue(refusal(track, sizes: [:])?.reason.contains("cannot be read") == true)
        XCTAssertTrue(refusal(track, sizes: ["/discs/a.bin": 2048 * 500_000])?.reason.contains("do not fit") == true)
        let mixed = "FILE \"a.bin\" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n  TRACK 02 AUDIO\n"
            + "    INDEX 01 00:10:00\n"
        XCTAssertTrue(refusal(mixed)?.reason.contains("mixes") == true)
        var many = "FILE \"a.bin\" BINARY\n"
        for n in 1...100 { many += "  TRACK \(n) AUDIO\n    INDEX 01 \(String(format: "%02d:%02d:00", n / 15, n * 4 % 60))\n" }
        XCTAssertNotNil(refusal(many))
    }

    /// Untrusted text: random bytes and random cue-like lines never trap; they parse or are refused.
    func testRandomInputIsRefusedNotTrapped() {
        var generator = SystemRandomNumberGenerator()
        let words = ["FILE", "TRACK", "INDEX", "PREGAP", "POSTGAP", "FLAGS", "\"a.bin\"", "BINARY", "AUDIO",
                     "MODE1/2352", "MODE2/2352", "00", "01", "02", "99", "00:00:00", "00:02:00", "99:59:74", "DCP",
                     "\r", "\"", "\n", "\t"]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0..<40, using: &generator)).map { _ in
                words.randomElement(using: &generator)!
            }.joined(separator: Bool.random(using: &generator) ? " " : "\n")
            guard let cue = try? parse(text) else { continue }
            Self.checkPlacements(cue)
        }
    }

    /// What every accepted cue's placement satisfies: track 1's pre-gap from −150, each track after the one
    /// before, INDEX 01 inside its track, the lead-out at `totalBlocks`.
    static func checkPlacements(_ cue: BurnableCue, file: StaticString = #filePath, line: UInt = #line) {
        let placements = cue.discPlacements
        XCTAssertEqual(placements.first?.preGapLBA, -BurnableCue.firstTrackPreGapBlocks, file: file, line: line)
        XCTAssertGreaterThanOrEqual(placements.first?.startLBA ?? -1, 0, file: file, line: line)
        for (previous, next) in zip(placements, placements.dropFirst()) {
            XCTAssertEqual(next.preGapLBA, previous.endLBA, file: file, line: line)
        }
        for p in placements {
            XCTAssertTrue(p.preGapLBA <= p.startLBA && p.startLBA < p.endLBA, "\(p)", file: file, line: line)
        }
        XCTAssertEqual(placements.last?.endLBA, cue.totalBlocks, file: file, line: line)
    }
}

/// The inspection parser (`image info`) reads CRLF cue sheets too: "\r\n" is a single Character in Swift and was
/// not split on, so a CRLF sheet looked like one line without FILE and TRACK.
final class CueSheetLineEndTests: XCTestCase {
    func testCRLFSheet() throws {
        let sheet = try CueSheet.parse("FILE \"a.bin\" BINARY\r\n  TRACK 01 AUDIO\r\n    INDEX 01 00:00:00\r\n"
            + "  TRACK 02 MODE1/2352\r\n    INDEX 01 00:04:00\r\n", path: "x.cue")
        XCTAssertEqual(sheet.files, ["a.bin"])
        XCTAssertEqual(sheet.tracks.map(\.mode), ["AUDIO", "MODE1/2352"])
        XCTAssertEqual(sheet.tracks.map(\.startSector), [0, 300])
    }
}
