import Foundation
import XCTest

/// A first track with INDEX 00 or PREGAP (issue 11): real cue sheets have them (a hidden first track, or a rip
/// that kept track 1's pre-gap). The disc's first pre-gap is 2 seconds from LBA −150; what the cue sheet adds
/// to it (its INDEX 00 sectors, a PREGAP longer than 2 seconds) lies from LBA 0 on and moves INDEX 01 past 0
/// (libburn doc/cookbook.txt "Composing a Cue Sheet", write.c). Burned, verified, ripped back to the same bin.
final class CueFirstTrackPreGapCLITests: CueCLITestCase {
    /// The TOC's track starts (INDEX 01 of each track).
    private func tocStarts(_ drive: String) throws -> [Int] {
        let toc = try CLIRunner.json(["toc", "--drive", drive, "--json"])
        return (toc["tracks"] as? [[String: Any]] ?? []).compactMap { $0["startLBA"] as? Int }
    }

    /// A hidden first track: 300 sectors of audio before track 1's INDEX 01. The TOC puts track 1 at LBA 300,
    /// the rip gives back the same bin with INDEX 00 00:00:00, and the ripped bin/cue burns again.
    func testHiddenFirstTrackAudioBurnsAndRipsBackTheSameBin() throws {
        let bin = dir.appendingPathComponent("htoa.bin")
        try CueFixture.append(to: bin, .audio, lba: 0, sectors: 1050, seed: 21)
        let cue = try write("htoa.cue", """
            FILE "htoa.bin" BINARY
              TRACK 01 AUDIO
                INDEX 00 00:00:00
                INDEX 01 00:04:00
              TRACK 02 AUDIO
                INDEX 01 00:09:25

            """)
        let drive = try burnAndVerify(cue, "htoa")
        XCTAssertEqual(try tocStarts(drive), [300, 700])
        let ripped = try rip(drive, to: "back.cue")
        XCTAssertEqual(ripped.bin, try Data(contentsOf: bin), "the hidden track's sectors are on the disc from LBA 0")
        XCTAssertEqual(ripped.cue, """
            FILE "back.bin" BINARY
              TRACK 01 AUDIO
                INDEX 00 00:00:00
                INDEX 01 00:04:00
              TRACK 02 AUDIO
                INDEX 01 00:09:25

            """)
        let again = try burnAndVerify(dir.appendingPathComponent("back.cue"), "again")
        XCTAssertEqual(try tocStarts(again), [300, 700])
    }

    /// `INDEX 00 00:00:00` + `INDEX 01 00:02:00` on a raw data track: the 150 in-file pre-gap sectors carry the
    /// addresses of LBA 0…149 and go there; INDEX 01 is LBA 150.
    func testDataTrackWithInFilePreGapKeepsItsSectors() throws {
        let bin = dir.appendingPathComponent("data.bin")
        try CueFixture.append(to: bin, .mode1Raw, lba: 0, sectors: 450, seed: 22)
        let cue = try write("data.cue", "FILE \"data.bin\" BINARY\r\n  TRACK 01 MODE1/2352\r\n    INDEX 00 00:00:00\r\n"
            + "    INDEX 01 00:02:00\r\n")
        let drive = try burnAndVerify(cue, "data")
        XCTAssertEqual(try tocStarts(drive), [150])
        let ripped = try rip(drive, to: "data-back.cue")
        XCTAssertEqual(ripped.bin, try Data(contentsOf: bin))
        XCTAssertTrue(ripped.cue.contains("TRACK 01 MODE1/2352\n    INDEX 00 00:00:00\n    INDEX 01 00:02:00\n"),
                      ripped.cue)
    }

    /// A rip that kept LBA -150...-1 as INDEX 00 (its sectors carry those addresses) cannot be burned exactly:
    /// the burner writes that pre-gap itself. Refused before any WRITE, naming what to remove.
    func testInFilePreGapAddressedBeforeLBAZeroIsRefusedNamingTheFix() throws {
        let bin = dir.appendingPathComponent("lead.bin")
        try CueFixture.append(to: bin, .mode1Raw, lba: -150, sectors: 450, seed: 25)
        let cue = try write("lead.cue", "FILE \"lead.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 00 00:00:00\n"
            + "    INDEX 01 00:02:00\n")
        let state = dir.appendingPathComponent("lead-disc")
        let outcome = try CLIRunner.run(["burn", cue.path, "--drive", "virtual:cd-r:\(state.path)"])
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("2-second pre-gap") && outcome.stderr.contains("remove those 150 sectors"),
                      outcome.stderr)
        let probe = try CLIRunner.json(["probe", "--drive", "virtual:cd-r:\(state.path)", "--json"])
        XCTAssertEqual((probe["media"] as? [String: Any])?["discStatus"] as? String, "blank")
    }

    /// PREGAP on track 1: the first 2 seconds are the mandatory pre-gap before LBA 0, the rest (here 1 second)
    /// is generated silence from LBA 0 that the rip keeps as INDEX 00.
    func testFirstTrackPreGapLongerThanTwoSecondsMovesIndexOne() throws {
        let bin = dir.appendingPathComponent("p.bin")
        try CueFixture.append(to: bin, .audio, lba: 0, sectors: 400, seed: 23)
        let cue = try write("p.cue", "FILE \"p.bin\" BINARY\n  TRACK 01 AUDIO\n    PREGAP 00:03:00\n    INDEX 01 00:00:00\n")
        let drive = try burnAndVerify(cue, "p")
        XCTAssertEqual(try tocStarts(drive), [75])
        let ripped = try rip(drive, to: "p-back.cue")
        XCTAssertEqual(ripped.bin, Data(count: 75 * 2352) + (try Data(contentsOf: bin)))
        XCTAssertTrue(ripped.cue.contains("INDEX 00 00:00:00\n    INDEX 01 00:01:00\n"), ripped.cue)
        // On a raw data track the generated part past LBA 0 is mode 0 sectors: the rip keeps them as INDEX 00 and
        // the ripped bin/cue burns again.
        let data = dir.appendingPathComponent("d.bin")
        try CueFixture.append(to: data, .mode1Raw, lba: 75, sectors: 300, seed: 24)
        let dataCue = try write("d.cue", "FILE \"d.bin\" BINARY\n  TRACK 01 MODE1/2352\n    PREGAP 00:03:00\n"
            + "    INDEX 01 00:00:00\n")
        let ripped2 = try rip(try burnAndVerify(dataCue, "d"), to: "d-back.cue")
        XCTAssertEqual(ripped2.bin.suffix(300 * 2352), try Data(contentsOf: data))
        XCTAssertEqual(ripped2.bin[75 * 2352 - 2337], 0, "mode 0 gap sector")
        XCTAssertEqual(try tocStarts(try burnAndVerify(dir.appendingPathComponent("d-back.cue"), "d-again")), [75])
        // A PREGAP of 2 seconds or less is the mandatory one: INDEX 01 stays at LBA 0.
        let short = try write("s.cue", "FILE \"p.bin\" BINARY\n  TRACK 01 AUDIO\n    PREGAP 00:02:00\n    INDEX 01 00:00:00\n")
        XCTAssertEqual(try tocStarts(try burnAndVerify(short, "s")), [0])
    }
}
