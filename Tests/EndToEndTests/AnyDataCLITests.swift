import Foundation
import XCTest

/// Issue 11 items 4 and 5: data that is not an image, standard input, and rips that equal the burned ISO.
final class AnyDataCLITests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func randomData(_ bytes: Int, name: String) throws -> URL {
        var generator = SystemRandomNumberGenerator()
        let url = dir.appendingPathComponent(name)
        try Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: url)
        return url
    }

    /// Runs discburn with `input` on standard input.
    private func run(_ arguments: [String], input: URL) throws -> CLIRunner.Outcome {
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = arguments
        let outFile = dir.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errFile = dir.appendingPathComponent("stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        FileManager.default.createFile(atPath: errFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        process.standardInput = try FileHandle(forReadingFrom: input)
        try process.run()
        process.waitUntilExit()
        let outData = try Data(contentsOf: outFile), errData = try Data(contentsOf: errFile)
        return CLIRunner.Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                                 stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }

    /// `sha256sum FILE` (coreutils).
    private func sha256(_ file: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [file.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return String(text.prefix(64))
    }

    /// What the virtual disc holds from LBA 0, `bytes` long.
    private func discBytes(_ state: URL, _ bytes: Int) throws -> Data {
        try Data(contentsOf: state.appendingPathComponent("media.bin")).prefix(bytes)
    }

    func testRandomDataBurnsAfterANoticeAndVerifies() throws {
        let data = try randomData(3 * 2048 * 100 + 7, name: "backup.tar")
        let state = dir.appendingPathComponent("cd")
        let outcome = try CLIRunner.run(["burn", data.path, "--drive", "virtual:cd-r:\(state.path)"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("not an ISO 9660 or UDF image") && outcome.stdout.contains("as data"),
                      outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("Verify: match"), outcome.stdout)
        XCTAssertEqual(try discBytes(state, 3 * 2048 * 100 + 7), try Data(contentsOf: data))
        let quiet = try CLIRunner.run(["burn", data.path, "--data", "--drive", "virtual:dvd+r", "--dry-run"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertFalse(quiet.stdout.contains("not an ISO 9660"), quiet.stdout)
    }

    func testTruncatedISOStaysRefusedUnlessForced() throws {
        let image = try makeTestISO(in: dir, name: "src.iso", files: 3, bytes: 100_000, factor: 3)
        let bytes = try Data(contentsOf: image)
        let cut = dir.appendingPathComponent("cut.iso")
        try bytes.prefix(bytes.count - 30 * 2048).write(to: cut)
        let refused = try CLIRunner.run(["burn", cut.path, "--drive", "virtual:dvd+r"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("truncated"), refused.stderr)
        let forced = try CLIRunner.run(["burn", cut.path, "--force", "--drive", "virtual:dvd+r"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertTrue(forced.stdout.contains("--force"), forced.stdout)
    }

    func testStandardInputUntilItEndsOnDVDPlusRWAndBDRE() throws {
        let data = try randomData(1_000_000, name: "stream.bin")
        for media in ["dvd+rw", "bd-re"] {
            let state = dir.appendingPathComponent(media)
            let outcome = try run(["burn", "-", "--drive", "virtual:\(media):\(state.path)", "--json"], input: data)
            XCTAssertEqual(outcome.status, 0, "\(media): \(outcome.stderr)")
            let result = try XCTUnwrap(try CLIRunner.jsonLines(outcome.stdout).last)
            let verify = try XCTUnwrap(result["verify"] as? [String: Any])
            XCTAssertEqual(verify["result"] as? String, "match", media)
            XCTAssertEqual(verify["blocks"] as? Int ?? verify["blocksCompared"] as? Int, (1_000_000 + 2047) / 2048, media)
            XCTAssertEqual(try discBytes(state, 1_000_000), try Data(contentsOf: data), media)
        }
    }

    func testStandardInputNeedsSizeOnWriteOnceMedia() throws {
        let data = try randomData(500_000, name: "stream.bin")
        let refused = try run(["burn", "-", "--drive", "virtual:dvd+r"], input: data)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("--size") && refused.stderr.contains("write-once"), refused.stderr)
        let state = dir.appendingPathComponent("dvdr")
        let sized = try run(["burn", "-", "--size", "500000", "--drive", "virtual:dvd+r:\(state.path)"], input: data)
        XCTAssertEqual(sized.status, 0, sized.stderr)
        XCTAssertTrue(sized.stdout.contains("Verify: match"), sized.stdout)
        XCTAssertEqual(try discBytes(state, 500_000), try Data(contentsOf: data))
        // Input shorter than --size fails the burn, saying so.
        let short = try run(["burn", "-", "--size", "900000", "--drive", "virtual:dvd+rw"], input: data)
        XCTAssertNotEqual(short.status, 0)
        XCTAssertTrue((short.stdout + short.stderr).contains("ended after 500000 of the 900000 bytes"),
                      short.stdout + short.stderr)
    }

    func testRipOfABurnedISOHasTheISOsSHA256AndWholeTrackKeepsThePadding() throws {
        let image = try makeTestISO(in: dir, name: "small.iso", files: 1, bytes: 10_000, factor: 2)
        let iso = try Data(contentsOf: image)
        for media in ["cd-r", "dvd+r", "bd-r"] {
            let drive = "virtual:\(media):\(dir.appendingPathComponent(media).path)"
            XCTAssertEqual(try CLIRunner.run(["burn", image.path, "--drive", drive]).status, 0, media)
            let rip = dir.appendingPathComponent("\(media).iso")
            let ripped = try CLIRunner.json(["rip", "--drive", drive, rip.path, "--json"])
            XCTAssertEqual(ripped["sha256"] as? String, try sha256(image), "\(media): \(ripped)")
            XCTAssertEqual(try Data(contentsOf: rip), iso, media)
            let whole = dir.appendingPathComponent("\(media)-whole.iso")
            XCTAssertEqual(try CLIRunner.run(["rip", "--drive", drive, "--whole-track", whole.path]).status, 0)
            let padded = try Data(contentsOf: whole)
            XCTAssertGreaterThan(padded.count, iso.count, "\(media): the track holds padding after the volume")
            XCTAssertEqual(padded.prefix(iso.count), iso, media)
        }
    }
}
