import Foundation
import XCTest

final class BurnCLITests: XCTestCase {
    var dir: URL!
    var image: URL!

    override func setUpWithError() throws {
        dir = try temporaryDirectory()
        image = try makeTestISO(in: dir, name: "cli.iso", files: 8, bytes: 100_000, factor: 3)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func jsonLines(_ text: String) throws -> [[String: Any]] { try CLIRunner.jsonLines(text) }

    func testBurnJSONEventsEndWithResult() throws {
        let state = dir.appendingPathComponent("disc")
        let outcome = try CLIRunner.run(["burn", image.path, "--drive", "virtual:bd-r:\(state.path)", "--json"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let events = try jsonLines(outcome.stdout)
        XCTAssertEqual(events.first?["event"] as? String, "plan")
        XCTAssertTrue(events.contains { $0["event"] as? String == "progress" })
        let result = try XCTUnwrap(events.last)
        XCTAssertEqual(result["event"] as? String, "result")
        XCTAssertEqual(result["result"] as? String, "ok")
        XCTAssertEqual(result["underruns"] as? Int, 0)
        XCTAssertNotNil(result["minFifoPercent"])
        // The image is smaller than the drive's buffer: the buffer never got full, so there is no minimum to
        // report (the burn to a throttled drive in ReportCLITests has one).
        XCTAssertNil(result["minDriveBufferPercent"])
        let size = try FileManager.default.attributesOfItem(atPath: image.path)[.size] as? Int ?? 0
        XCTAssertEqual(result["bytesWritten"] as? Int, (size / 2048 + 31) / 32 * 32 * 2048, "padded to 32-block clusters")
        let verify = try XCTUnwrap(result["verify"] as? [String: Any])
        XCTAssertEqual(verify["result"] as? String, "match")
        XCTAssertEqual((verify["sha256"] as? String)?.count, 64)
        XCTAssertNil(verify["firstMismatchLBA"])
        XCTAssertEqual((verify["unreadableRanges"] as? [Any])?.count, 0)
        // probe afterwards, in another process, sees the closed disc.
        let probe = try CLIRunner.json(["probe", "--drive", "virtual:bd-r:\(state.path)", "--json"])
        let media = try XCTUnwrap(probe["media"] as? [String: Any])
        XCTAssertEqual(media["discStatus"] as? String, "complete")
        // verify as its own command.
        let again = try CLIRunner.run(["verify", image.path, "--drive", "virtual:bd-r:\(state.path)", "--json"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try jsonLines(again.stdout).last?["result"] as? String, "match", again.stdout)
    }

    /// The CLI burns every writable virtual medium; a later `probe` (another process) sees the closed disc and
    /// DIR/media.bin starts with exactly the image.
    func testBurnEveryWritableVirtualMediumThroughTheCLI() throws {
        let expected: [(String, String)] = [
            ("cd-r", "complete"), ("cd-rw", "complete"), ("dvd-r", "complete"), ("dvd-rw", "complete"),
            ("dvd+r", "complete"), ("dvd+r-dl", "complete"), ("dvd+rw", "complete"), ("dvd-ram", "other"),
            ("bd-r", "complete"), ("bd-re", "complete"),
        ]
        let imageBytes = try Data(contentsOf: image)
        for (media, status) in expected {
            let state = dir.appendingPathComponent("all-\(media)")
            let outcome = try CLIRunner.run(["burn", image.path, "--drive", "virtual:\(media):\(state.path)", "--json"])
            XCTAssertEqual(outcome.status, 0, "\(media): \(outcome.stderr)")
            let result = try XCTUnwrap(try jsonLines(outcome.stdout).last, media)
            XCTAssertEqual((result["verify"] as? [String: Any])?["result"] as? String, "match", media)
            let probe = try CLIRunner.json(["probe", "--drive", "virtual:\(media):\(state.path)", "--json"])
            let after = try XCTUnwrap(probe["media"] as? [String: Any], media)
            XCTAssertEqual(after["discStatus"] as? String, status, media)
            if !["dvd+rw", "dvd-ram", "bd-re"].contains(media) {
                XCTAssertEqual(after["sessions"] as? Int, 1, media)
            }
            let onDisc = try Data(contentsOf: state.appendingPathComponent("media.bin")).prefix(imageBytes.count)
            XCTAssertEqual(onDisc, imageBytes, "\(media): media.bin does not start with the image")
        }
    }

    func testDryRunWritesNothing() throws {
        let state = dir.appendingPathComponent("dry")
        let outcome = try CLIRunner.run(["burn", image.path, "--drive", "virtual:dvd-r:\(state.path)", "--dry-run", "--speed", "8x"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("DVD-R DAO"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("8x"), outcome.stdout)
        let probe = try CLIRunner.json(["probe", "--drive", "virtual:dvd-r:\(state.path)", "--json"])
        XCTAssertEqual((probe["media"] as? [String: Any])?["discStatus"] as? String, "blank")
    }

    func testRefusalsAreOneLineAndNonZero() throws {
        let cases: [([String], String)] = [
            (["burn", image.path, "--drive", "virtual:dvd-rom:\(image.path)"], "pressed"),
            (["burn", image.path, "--drive", "virtual:none"], "no disc"),
            (["burn", image.path, "--drive", "virtual:dvd+r", "--dummy"], "--dummy"),
            (["burn", dir.appendingPathComponent("missing.iso").path, "--drive", "virtual:dvd+r"], "missing.iso"),
            (["burn", image.path, "--drive", "virtual:dvd+r", "--speed", "fast"], "--speed"),
            (["burn", image.path, "--drive", "/dev/null"], "not a SCSI device"),
        ]
        for (arguments, needle) in cases {
            let outcome = try CLIRunner.run(arguments)
            XCTAssertNotEqual(outcome.status, 0, arguments.joined(separator: " "))
            XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
            XCTAssertTrue(outcome.stderr.contains(needle), "\(needle): \(outcome.stderr)")
        }
    }

    func testDummyOnCDRWLeavesItBlank() throws {
        let state = dir.appendingPathComponent("dummy")
        let outcome = try CLIRunner.run(["burn", image.path, "--drive", "virtual:cd-rw:\(state.path)", "--dummy", "--json"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let result = try XCTUnwrap(try jsonLines(outcome.stdout).last)
        XCTAssertEqual((result["verify"] as? [String: Any])?["result"] as? String, "skipped")
        let probe = try CLIRunner.json(["probe", "--drive", "virtual:cd-rw:\(state.path)", "--json"])
        XCTAssertEqual((probe["media"] as? [String: Any])?["discStatus"] as? String, "blank")
    }

    /// SIGINT mid-burn: the burn stops, says what the disc holds, exits 130.
    func testSigintStopsTheBurnAndExits130() throws {
        let big = dir.appendingPathComponent("big.iso")
        FileManager.default.createFile(atPath: big.path, contents: try Data(contentsOf: image))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 64 * 1024 * 1024)  // the ISO's own volume size stays smaller: valid, padded
        try handle.close()
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = ["burn", big.path, "--drive", "virtual:dvd+r?speed=1x", "--json"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Wait for the first progress event, then interrupt.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("\"progress\"") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        kill(process.processIdentifier, SIGINT)
        seen.append(out.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        let result = try XCTUnwrap(try jsonLines(String(decoding: seen, as: UTF8.self)).last)
        XCTAssertEqual(result["result"] as? String, "interrupted")
        XCTAssertEqual(result["interrupted"] as? Bool, true)
        XCTAssertTrue((result["mediumState"] as? String ?? "").contains("blocks"), "\(result)")
    }
}
