import Foundation
import XCTest

/// `image info` on a bin/cue says what `burn` does with it: both read the cue sheet with the burn's parser, so a
/// cue that burns is "ready to burn" (whatever its bin is called) and one that burn refuses is refused by info
/// with the same cause.
final class ImageInfoCueCLITests: CueCLITestCase {
    /// The bin is not called like the cue (libcdio's cue reader looked for game.bin and said "not a disc image").
    func testCueWhoseBinHasAnotherNameIsDescribedAsBurnWillBurnIt() throws {
        try CueFixture.append(to: dir.appendingPathComponent("Track 01.bin"), .mode1Raw, lba: 0, sectors: 300, seed: 31)
        try CueFixture.append(to: dir.appendingPathComponent("Track 02.bin"), .audio, lba: 300, sectors: 450, seed: 32)
        let cue = try write("game.cue", """
            FILE "Track 01.bin" BINARY
              TRACK 01 MODE1/2352
                INDEX 01 00:00:00
            FILE "Track 02.bin" BINARY
              TRACK 02 AUDIO
                INDEX 00 00:00:00
                INDEX 01 00:02:00

            """)
        let info = try CLIRunner.run(["image", "info", cue.path])
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("ready to burn"), info.stdout)
        XCTAssertTrue(info.stdout.contains("Track 01:     mode1, 2352 bytes/sector, 450 blocks from LBA 0"), info.stdout)
        XCTAssertTrue(info.stdout.contains("Track 02:     audio, 2352 bytes/sector, 300 blocks from LBA 450"), info.stdout)
        let json = try CLIRunner.json(["image", "info", cue.path, "--json"])
        let tracks = try XCTUnwrap(json["tracks"] as? [[String: Any]], "\(json)")
        XCTAssertEqual(tracks.compactMap { $0["startLBA"] as? Int }, [0, 450])
        let burn = try CLIRunner.run(["burn", cue.path, "--drive", "virtual:cd-r", "--dry-run"])
        XCTAssertEqual(burn.status, 0, burn.stderr)
    }

    /// Each cue that burn refuses is refused by info too, naming the same cause, in one line.
    func testCuesThatBurnRefusesAreNotReadyToBurn() throws {
        try CueFixture.append(to: dir.appendingPathComponent("a.bin"), .audio, lba: 0, sectors: 300, seed: 33)
        try CueFixture.append(to: dir.appendingPathComponent("moved.bin"), .mode1Raw, lba: 10, sectors: 300, seed: 34)
        let track = "\n  TRACK 01 AUDIO\n    INDEX 01 00:00:00\n"
        let cases: [(String, String, String)] = [
            ("cdtext", "TITLE \"Album\"\nFILE \"a.bin\" BINARY" + track, "CD-TEXT"),
            ("isrc", "FILE \"a.bin\" BINARY" + track + "    ISRC ABCDE1234567\n", "ISRC"),
            ("mode2-2336", "FILE \"a.bin\" BINARY\n  TRACK 01 MODE2/2336\n    INDEX 01 00:00:00\n", "MODE2/2336"),
            ("short", "FILE \"a.bin\" BINARY" + track + "  TRACK 02 AUDIO\n    INDEX 01 00:02:00\n", "300"),
            ("moved", "FILE \"moved.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n", "address"),
            ("missing", "FILE \"gone.bin\" BINARY" + track, "gone.bin"),
        ]
        for (name, text, cause) in cases {
            let cue = try write("\(name).cue", text)
            let burn = try CLIRunner.run(["burn", cue.path, "--drive", "virtual:cd-r", "--dry-run"])
            XCTAssertNotEqual(burn.status, 0, name)
            let info = try CLIRunner.run(["image", "info", cue.path])
            XCTAssertNotEqual(info.status, 0, "\(name): \(info.stdout)")
            XCTAssertFalse(info.stdout.contains("ready to burn"), "\(name): \(info.stdout)")
            XCTAssertTrue(info.stderr.contains(cause) && burn.stderr.contains(cause),
                          "\(name): info '\(info.stderr)' burn '\(burn.stderr)'")
            XCTAssertEqual(info.stderr.split(separator: "\n").count, 1, "\(name): \(info.stderr)")
        }
    }
}
