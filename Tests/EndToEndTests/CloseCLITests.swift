import Foundation
import XCTest

/// `discburn close` (issue 9 point 6) and `burn --stream-recording` (point 2) through the built CLI.
final class CloseCLITests: XCTestCase {
    var dir: URL!
    var image: URL!

    override func setUpWithError() throws {
        dir = try temporaryDirectory()
        image = try makeTestISO(in: dir, name: "close.iso", files: 4, bytes: 50_000, factor: 3)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// A blank disc and an appendable one whose sessions are all closed: nothing to close; --finalize on the
    /// latter is refused in one line naming the fix (drives answer a close of an empty session with 5/2C/00).
    func testCloseSaysWhenThereIsNothingToCloseAndRefusesAnEmptyFinalize() throws {
        let drive = "virtual:dvd+r:\(dir.appendingPathComponent("disc").path)"
        let nothing = try CLIRunner.run(["close", "--drive", drive])
        XCTAssertEqual(nothing.status, 0, nothing.stderr)
        XCTAssertTrue(nothing.stdout.contains("nothing to do"), nothing.stdout)
        let burn = try CLIRunner.run(["burn", image.path, "--drive", drive, "--multi", "--no-verify"])
        XCTAssertEqual(burn.status, 0, burn.stderr)
        let again = try CLIRunner.run(["close", "--drive", drive])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("no open session"), again.stdout)
        let finalize = try CLIRunner.run(["close", "--drive", drive, "--finalize"])
        XCTAssertNotEqual(finalize.status, 0)
        XCTAssertTrue(finalize.stderr.contains("without --multi"), finalize.stderr)
        XCTAssertEqual(finalize.stderr.split(separator: "\n").count, 1, finalize.stderr)
        let probe = try CLIRunner.json(["probe", "--drive", drive, "--json"])
        let media = try XCTUnwrap(probe["media"] as? [String: Any])
        XCTAssertEqual(media["discStatus"] as? String, "appendable", "unchanged")
    }

    func testStreamRecordingIsExplainedAndRefusedOffBD() throws {
        let help = try CLIRunner.run(["burn", "--help"])
        let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        XCTAssertTrue(flat.contains("--stream-recording") && flat.contains("defect management"), help.stdout)
        let refused = try CLIRunner.run(["burn", image.path, "--drive", "virtual:dvd+r", "--stream-recording"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("--stream-recording is not possible"), refused.stderr)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
    }

    /// Point 11: blank and format hold the tray (PREVENT before, ALLOW after); point 8: BD-R is formatted with
    /// type 32h sub-type 01b (descriptor byte C9h), spares without Pseudo-OverWrite.
    func testBlankAndFormatHoldTheTrayAndBDRFormatHasNoPOW() throws {
        let cases: [(args: [String], opcode: String)] = [
            (["blank", "--drive", "virtual:cd-rw:\(dir.appendingPathComponent("rw").path)", "--fast"], "a1"),
            (["format", "--drive", "virtual:bd-r:\(dir.appendingPathComponent("bd").path)"], "04"),
        ]
        for (args, opcode) in cases {
            let log = dir.appendingPathComponent("\(opcode).jsonl")
            let outcome = try CLIRunner.run(args + ["--scsi-log", log.path, "--scsi-log-data"])
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            let records = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map {
                try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            let cdbs = records.map { ($0["cdb"] as? String ?? "").lowercased() }
            let prevent = try XCTUnwrap(cdbs.firstIndex { $0.hasPrefix("1e") && $0.dropFirst(8).hasPrefix("01") })
            let command = try XCTUnwrap(cdbs.firstIndex { $0.hasPrefix(opcode) })
            let allow = try XCTUnwrap(cdbs.lastIndex { $0.hasPrefix("1e") && $0.dropFirst(8).hasPrefix("00") })
            XCTAssertLessThan(prevent, command, opcode)
            XCTAssertGreaterThan(allow, command, opcode)
            if opcode == "04" {
                let list = (records[command]["dataOut"] as? String ?? "").lowercased()
                XCTAssertEqual(list.dropFirst(16).prefix(2), "c9", "format type 32h, sub-type 01b: \(list)")
            }
        }
    }
}
