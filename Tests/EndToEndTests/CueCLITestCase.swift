import Foundation
import XCTest

/// What the bin/cue CLI tests share: a scratch directory, cue sheets written into it, a burn to a fresh virtual
/// CD-R that must succeed and verify (twice: in the burn and with `verify`), and a rip back to a bin/cue.
class CueCLITestCase: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func write(_ name: String, _ text: String) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Burns `cue` to a fresh virtual CD-R, expects success and a matching verification; returns the drive spec.
    func burnAndVerify(_ cue: URL, _ name: String) throws -> String {
        let drive = "virtual:cd-r:" + dir.appendingPathComponent(name).path
        let outcome = try CLIRunner.run(["burn", cue.path, "--drive", drive, "--json"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let result = try XCTUnwrap(try CLIRunner.jsonLines(outcome.stdout).last)
        XCTAssertEqual(result["result"] as? String, "ok", outcome.stdout)
        XCTAssertEqual((result["verify"] as? [String: Any])?["result"] as? String, "match", outcome.stdout)
        let again = try CLIRunner.run(["verify", cue.path, "--drive", drive, "--json"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try CLIRunner.jsonLines(again.stdout).last?["result"] as? String, "match", again.stdout)
        return drive
    }

    /// Rips the disc in `drive` to `name` (a .cue) and returns the bin written beside it and the cue's text.
    func rip(_ drive: String, to name: String) throws -> (bin: Data, cue: String) {
        let cue = dir.appendingPathComponent(name)
        let outcome = try CLIRunner.run(["rip", cue.path, "--drive", drive, "--json"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return (try Data(contentsOf: cue.deletingPathExtension().appendingPathExtension("bin")),
                try String(contentsOf: cue, encoding: .utf8))
    }
}
