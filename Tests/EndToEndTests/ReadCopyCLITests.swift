import Foundation
import XCTest

final class ReadCopyCLITests: XCTestCase {
    var dir: URL!
    var image: URL!

    override func setUpWithError() throws {
        dir = try temporaryDirectory()
        image = try makeTestISO(in: dir, name: "src.iso", files: 5, bytes: 150_000, factor: 5)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func lastJSON(_ text: String) throws -> [String: Any] {
        let line = try XCTUnwrap(text.split(separator: "\n").last, text)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    func testRipOfAPressedDiscEqualsTheImage() throws {
        let out = dir.appendingPathComponent("ripped.iso")
        let outcome = try CLIRunner.run(["rip", "--drive", "virtual:dvd-rom:\(image.path)", out.path, "--json"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(try lastJSON(outcome.stdout)["result"] as? String, "ok")
        XCTAssertEqual(try Data(contentsOf: out), try Data(contentsOf: image))
        let again = try CLIRunner.run(["rip", "--drive", "virtual:dvd-rom:\(image.path)", out.path])
        XCTAssertNotEqual(again.status, 0, "an existing output is not overwritten")
        XCTAssertTrue(again.stderr.contains("--resume"), again.stderr)
    }

    func testCopyBetweenTwoDrives() throws {
        let state = dir.appendingPathComponent("copy")
        let outcome = try CLIRunner.run(["copy", "--from", "virtual:dvd-rom:\(image.path)", "--to",
                                         "virtual:dvd+r:\(state.path)", "--json"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let result = try lastJSON(outcome.stdout)
        XCTAssertEqual(result["result"] as? String, "ok")
        XCTAssertEqual((result["verify"] as? [String: Any])?["result"] as? String, "match")
        let bytes = try Data(contentsOf: image)
        XCTAssertEqual(try Data(contentsOf: state.appendingPathComponent("media.bin")).prefix(bytes.count), bytes)
    }

    func testBurnToSeveralDrivesListsEachOutcome() throws {
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        let outcome = try CLIRunner.run(["burn", image.path, "--drive", "virtual:dvd+r:\(a.path)",
                                         "--drive", "virtual:cd-r:\(b.path)", "--drive", "virtual:none", "--json"])
        XCTAssertEqual(outcome.status, 1, "one drive was refused")
        let results = try outcome.stdout.split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }.filter { $0["event"] as? String == "result" }
        XCTAssertEqual(results.count, 3)
        let byDrive = Dictionary(uniqueKeysWithValues: results.map { ($0["drive"] as? String ?? "", $0["result"] as? String ?? "") })
        XCTAssertEqual(byDrive["virtual:dvd+r:\(a.path)"], "ok")
        XCTAssertEqual(byDrive["virtual:cd-r:\(b.path)"], "ok")
        XCTAssertEqual(byDrive["virtual:none"], "refused")
    }

    /// One drive: read into a temporary image, eject, the virtual drive's `next=` disc is "inserted", burned and
    /// verified; the temporary image is gone afterwards.
    func testCopyWithOneDriveWaitsForTheNextDiscAndRemovesTheTemporaryImage() throws {
        let state = dir.appendingPathComponent("one")
        let drive = "virtual:dvd-rom:\(image.path)?next=dvd+r:\(state.path)"
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? [])
        let outcome = try CLIRunner.run(["copy", "--from", drive, "--to", drive, "--yes", "--json"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual((try lastJSON(outcome.stdout)["verify"] as? [String: Any])?["result"] as? String, "match")
        let bytes = try Data(contentsOf: image)
        XCTAssertEqual(try Data(contentsOf: state.appendingPathComponent("media.bin")).prefix(bytes.count), bytes)
        let after = Set((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? [])
        XCTAssertTrue(after.subtracting(before).filter { $0.hasPrefix("discburn-copy-") }.isEmpty, "temporary image left behind")
    }

    /// Bad sectors through the CLI: exit 1 with the ranges, then --resume on a healthy drive completes the image.
    func testRipWithBadSectorsThenResume() throws {
        let out = dir.appendingPathComponent("bad.iso")
        let first = try CLIRunner.run(["rip", "--drive", "virtual:dvd-rom:\(image.path)?unreadable=60-63", out.path,
                                       "--retries", "0", "--json"])
        XCTAssertEqual(first.status, 1, first.stderr)
        let result = try lastJSON(first.stdout)
        XCTAssertEqual(result["result"] as? String, "unreadable")
        let bad = try XCTUnwrap(result["badRanges"] as? [[String: Any]])
        XCTAssertEqual(bad.first?["startLBA"] as? Int, 60)
        XCTAssertEqual(bad.first?["blocks"] as? Int, 4)
        let second = try CLIRunner.run(["rip", "--drive", "virtual:dvd-rom:\(image.path)", out.path, "--resume", "--json"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertEqual(try Data(contentsOf: out), try Data(contentsOf: image))
    }

    func testScanReportsUnreadableRangesAndExitsOne() throws {
        let plot = dir.appendingPathComponent("scan.svg")
        let outcome = try CLIRunner.run(["scan", "--drive", "virtual:dvd-rom:\(image.path)?unreadable=10-12",
                                         "--json", "--plot", plot.path])
        XCTAssertEqual(outcome.status, 1, outcome.stderr)
        let json = try XCTUnwrap(try CLIRunner.jsonLines(outcome.stdout).last)
        XCTAssertEqual(json["result"] as? String, "unreadable")
        let ranges = try XCTUnwrap(json["unreadable"] as? [[String: Any]])
        XCTAssertEqual(ranges.first?["startLBA"] as? Int, 10)
        XCTAssertEqual(ranges.first?["blocks"] as? Int, 3)
        XCTAssertTrue(try String(contentsOf: plot, encoding: .utf8).contains("<svg"))
    }
}
