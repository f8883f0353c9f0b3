import Foundation
import XCTest

/// bin/cue burning through the CLI: each cue variant burns SAO to a virtual CD-R, rips back to a bin/cue equal
/// to the source, and verifies; a cue that cannot be burned exactly is refused with nothing written.
final class CueBurnCLITests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func write(_ name: String, _ text: String) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

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
}
