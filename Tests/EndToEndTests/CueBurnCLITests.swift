import Foundation
import XCTest

/// bin/cue burning through the CLI: each cue variant burns SAO to a virtual CD-R, rips back to a bin/cue equal
/// to the source, and verifies; a cue that cannot be burned exactly is refused with nothing written.
final class CueBurnCLITests: CueCLITestCase {
    /// The bug this file exists for: `burn game.cue` wrote the cue sheet's text as a data track and said
    /// "ok". The disc must hold the bin's sectors instead.
    func testBurningACueWritesTheBinNotTheCueText() throws {
        let bin = dir.appendingPathComponent("game.bin")
        try CueFixture.append(to: bin, .mode1, lba: 0, sectors: 400, seed: 1)
        let cue = try write("game.cue", "FILE \"game.bin\" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n")
        let state = dir.appendingPathComponent("disc")
        let outcome = try CLIRunner.run(["burn", cue.path, "--drive", "virtual:cd-r:\(state.path)", "--json"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let media = try Data(contentsOf: state.appendingPathComponent("media.bin"))
        XCTAssertEqual(media.prefix(400 * 2048), try Data(contentsOf: bin), "the disc does not hold the bin's sectors")
        XCTAssertFalse(media.prefix(64).starts(with: Data("FILE".utf8)), "the cue sheet's text was burned")
    }

    /// MODE1/2352 data and two AUDIO tracks from two FILEs, CRLF line ends, FLAGS DCP, INDEX 01 inside a file:
    /// burned, verified, ripped back to a bin equal to the two files end to end and a cue with the same tracks.
    func testMixedModeFromTwoFilesRipsBackByteForByte() throws {
        let data = dir.appendingPathComponent("data.bin"), audio = dir.appendingPathComponent("audio tracks.bin")
        try CueFixture.append(to: data, .mode1Raw, lba: 0, sectors: 400, seed: 2)
        try CueFixture.append(to: audio, .audio, lba: 400, sectors: 650, seed: 3)
        let cue = try write("mixed.cue", [
            "REM made by the test", "FILE \"data.bin\" BINARY", "  TRACK 01 MODE1/2352", "    INDEX 01 00:00:00",
            "FILE \"audio tracks.bin\" BINARY", "  TRACK 02 AUDIO", "    FLAGS DCP", "    INDEX 01 00:00:00",
            "  TRACK 03 AUDIO", "    INDEX 01 00:04:00", "",
        ].joined(separator: "\r\n"))
        let drive = try burnAndVerify(cue, "mixed")
        let ripped = try rip(drive, to: "back.cue")
        XCTAssertEqual(ripped.bin, try Data(contentsOf: data) + Data(contentsOf: audio))
        XCTAssertEqual(ripped.cue, """
            FILE "back.bin" BINARY
              TRACK 01 MODE1/2352
                INDEX 01 00:00:00
              TRACK 02 AUDIO
                FLAGS DCP
                INDEX 01 00:05:25
              TRACK 03 AUDIO
                INDEX 01 00:09:25

            """)
        // The ripped bin/cue burns again and verifies: the round trip closes.
        _ = try burnAndVerify(dir.appendingPathComponent("back.cue"), "again")
    }

    /// MODE2/2352 (XA form 1 and form 2 sectors), then AUDIO with PREGAP, INDEX 02 and POSTGAP, then AUDIO with
    /// its pre-gap in the file (INDEX 00). Each track's sectors come back from INDEX 01 on; generated gaps are
    /// silence, the in-file pre-gap is there.
    func testXAAndAudioWithGapsAndIndexes() throws {
        let xa = dir.appendingPathComponent("xa.bin"), audio = dir.appendingPathComponent("a.bin")
        try CueFixture.append(to: xa, .mode2Raw, lba: 0, sectors: 300, seed: 4)
        try CueFixture.append(to: audio, .audio, lba: 0, sectors: 675, seed: 5)
        let cue = try write("xa.cue", """
            FILE "xa.bin" BINARY
              TRACK 01 MODE2/2352
                INDEX 01 00:00:00
            FILE "a.bin" BINARY
              TRACK 02 AUDIO
                PREGAP 00:02:00
                INDEX 01 00:00:00
                INDEX 02 00:02:00
                POSTGAP 00:01:00
              TRACK 03 AUDIO
                INDEX 00 00:04:00
                INDEX 01 00:05:00

            """)
        let drive = try burnAndVerify(cue, "xa")
        let ripped = try rip(drive, to: "xa-back.cue")
        XCTAssertTrue(ripped.cue.contains("TRACK 01 MODE2/2352\n    INDEX 01 00:00:00"), ripped.cue)
        XCTAssertTrue(ripped.cue.contains("TRACK 02 AUDIO\n    INDEX 01 00:06:00"), ripped.cue)   // 300 + 150
        XCTAssertTrue(ripped.cue.contains("TRACK 03 AUDIO\n    INDEX 01 00:12:00"), ripped.cue)   // 900
        let bin = ripped.bin, xaBytes = try Data(contentsOf: xa), audioBytes = try Data(contentsOf: audio)
        func sectors(_ range: Range<Int>) -> Data { bin.subdata(in: (range.lowerBound * 2352)..<(range.upperBound * 2352)) }
        func source(_ data: Data, _ range: Range<Int>) -> Data {
            data.subdata(in: (range.lowerBound * 2352)..<(range.upperBound * 2352))
        }
        XCTAssertEqual(bin.count, 1200 * 2352)
        XCTAssertEqual(sectors(0..<300), xaBytes, "XA sectors, form 1 and form 2, byte for byte")
        XCTAssertEqual(sectors(300..<450), Data(count: 150 * 2352), "PREGAP is silence")
        XCTAssertEqual(sectors(450..<750), source(audioBytes, 0..<300))
        XCTAssertEqual(sectors(750..<825), Data(count: 75 * 2352), "POSTGAP is silence")
        XCTAssertEqual(sectors(825..<1200), source(audioBytes, 300..<675), "INDEX 00 pre-gap and track 3")
    }

    /// What cannot be burned exactly is refused before the first WRITE, naming the cause; the disc stays blank.
    func testCuesThatCannotBeBurnedExactlyAreRefusedWithNothingWritten() throws {
        try CueFixture.append(to: dir.appendingPathComponent("t.bin"), .audio, lba: 0, sectors: 300, seed: 6)
        try CueFixture.append(to: dir.appendingPathComponent("r.bin"), .mode1Raw, lba: 10, sectors: 300, seed: 7)
        let track = "\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
        let cases: [(String, String, String)] = [
            ("cdtext", "TITLE \"Album\"\nFILE \"t.bin\" BINARY" + track, "CD-TEXT"),
            ("cdtextfile", "CDTEXTFILE \"x.cdt\"\nFILE \"t.bin\" BINARY" + track, "CD-TEXT"),
            ("catalog", "CATALOG 0123456789012\nFILE \"t.bin\" BINARY" + track, "CATALOG"),
            ("isrc", "FILE \"t.bin\" BINARY" + track + "    ISRC ABCDE1234567\n", "ISRC"),
            ("wave", "FILE \"t.wav\" WAVE" + track, "WAVE"),
            ("absolute", "FILE \"/etc/passwd\" BINARY" + track, "relative path"),
            ("escape", "FILE \"../t.bin\" BINARY" + track, "relative path"),
            ("cdg", "FILE \"t.bin\" BINARY\n  TRACK 01 CDG\n    INDEX 01 00:00:00\n", "CDG"),
            ("mode2-2336", "FILE \"t.bin\" BINARY\n  TRACK 01 MODE2/2336\n    INDEX 01 00:00:00\n", "MODE2/2336"),
            ("short", "FILE \"t.bin\" BINARY" + track + "  TRACK 02 AUDIO\n    INDEX 01 00:02:00\n", "300"),
            ("orphan", "FILE \"t.bin\" BINARY\n  TRACK 01 AUDIO\n    INDEX 01 00:00:10\n", "belong to no track"),
            ("missing", "FILE \"gone.bin\" BINARY" + track, "gone.bin"),
            ("moved", "FILE \"r.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n", "address"),
        ]
        for (name, text, cause) in cases {
            let cue = try write("\(name).cue", text)
            let state = dir.appendingPathComponent("refused-\(name)")
            let outcome = try CLIRunner.run(["burn", cue.path, "--drive", "virtual:cd-r:\(state.path)"])
            XCTAssertNotEqual(outcome.status, 0, name)
            XCTAssertTrue(outcome.stderr.contains(cause), "\(name): \(outcome.stderr)")
            XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, "\(name): one line: \(outcome.stderr)")
            let probe = try CLIRunner.json(["probe", "--drive", "virtual:cd-r:\(state.path)", "--json"])
            XCTAssertEqual((probe["media"] as? [String: Any])?["discStatus"] as? String, "blank", name)
        }
        for suffix in ["toc", "nrg"] {
            let image = try write("image.\(suffix)", "CD_ROM\n")
            let outcome = try CLIRunner.run(["burn", image.path, "--drive", "virtual:cd-r:\(dir.path)/\(suffix)"])
            XCTAssertNotEqual(outcome.status, 0)
            XCTAssertTrue(outcome.stderr.contains("bin/cue"), outcome.stderr)
        }
    }

    /// A bin/cue is a CD image: refused on a DVD, and on a CD that already holds a session (SAO needs a blank CD).
    func testCueRefusedOnDVDAndOnAnAppendableCD() throws {
        try CueFixture.append(to: dir.appendingPathComponent("g.bin"), .mode1, lba: 0, sectors: 300, seed: 8)
        let cue = try write("g.cue", "FILE \"g.bin\" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n")
        let dvd = try CLIRunner.run(["burn", cue.path, "--drive", "virtual:dvd-r:\(dir.path)/dvd"])
        XCTAssertNotEqual(dvd.status, 0)
        XCTAssertTrue(dvd.stderr.contains("CD-R"), dvd.stderr)
        let iso = try makeTestISO(in: dir, name: "first.iso", files: 2, bytes: 10_000, factor: 2)
        let cd = "virtual:cd-r:\(dir.path)/cd"
        XCTAssertEqual(try CLIRunner.run(["burn", iso.path, "--drive", cd, "--multi"]).status, 0)
        let second = try CLIRunner.run(["burn", cue.path, "--drive", cd])
        XCTAssertNotEqual(second.status, 0)
        XCTAssertTrue(second.stderr.contains("blank"), second.stderr)
        let tao = try CLIRunner.run(["burn", cue.path, "--drive", "virtual:cd-r:\(dir.path)/tao", "--mode", "tao"])
        XCTAssertNotEqual(tao.status, 0)
        XCTAssertTrue(tao.stderr.contains("session at once"), tao.stderr)
        let two = try CLIRunner.run(["burn", cue.path, "--drive", "virtual:cd-r:\(dir.path)/one",
                                     "--drive", "virtual:cd-r:\(dir.path)/two"])
        XCTAssertNotEqual(two.status, 0)
        XCTAssertTrue(two.stderr.contains("one drive at a time"), two.stderr)
    }

    /// verify finds a changed audio sector and an unreadable one; a rip that hits an unreadable sector leaves
    /// no partial bin/cue behind.
    func testVerifyAndRipReportWhatDiffers() throws {
        let bin = dir.appendingPathComponent("v.bin")
        try CueFixture.append(to: bin, .mode1Raw, lba: 0, sectors: 300, seed: 9)
        try CueFixture.append(to: bin, .audio, lba: 300, sectors: 300, seed: 10)
        let cue = try write("v.cue", "FILE \"v.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n"
            + "  TRACK 02 AUDIO\n    INDEX 01 00:04:00\n")
        let drive = try burnAndVerify(cue, "v")
        var bytes = try Data(contentsOf: bin)
        bytes[450 * 2352 + 100] ^= 0xFF
        try bytes.write(to: bin)
        let changed = try CLIRunner.run(["verify", cue.path, "--drive", drive, "--json"])
        XCTAssertEqual(changed.status, 1)
        let result = try XCTUnwrap(try CLIRunner.jsonLines(changed.stdout).last)
        XCTAssertEqual(result["result"] as? String, "mismatch", changed.stdout)
        XCTAssertEqual(result["firstMismatchLBA"] as? Int, 450, changed.stdout)
        let unreadable = try CLIRunner.run(["verify", cue.path, "--drive", drive + "?unreadable=20-21"])
        XCTAssertEqual(unreadable.status, 1, unreadable.stdout)
        let out = dir.appendingPathComponent("partial.cue")
        let rip = try CLIRunner.run(["rip", out.path, "--drive", drive + "?unreadable=500"])
        XCTAssertNotEqual(rip.status, 0)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("partial.bin").path))
    }
}
