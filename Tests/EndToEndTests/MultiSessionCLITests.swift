import Foundation
import XCTest

/// Issue 11 items 2 and 3: toc, msinfo and appending a session mastered with `xorriso -as mkisofs -C S,N -M`.
final class MultiSessionCLITests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// A directory holding one file `name` with `text`.
    private func tree(_ name: String, _ text: String) throws -> URL {
        let tree = dir.appendingPathComponent("tree-\(name)")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: tree.appendingPathComponent(name))
        return tree
    }

    /// `xorriso -as mkisofs -R [-C msinfo -M previous] -o out tree`.
    private func master(_ out: String, _ tree: URL, msinfo: String? = nil, previous: URL? = nil) throws -> URL {
        let image = dir.appendingPathComponent(out)
        var arguments = ["-as", "mkisofs", "-quiet", "-R", "-V", "SESSIONS", "-o", image.path]
        if let msinfo, let previous { arguments += ["-C", msinfo, "-M", previous.path] }
        try runTool("/usr/bin/xorriso", arguments + [tree.path])
        return image
    }

    @discardableResult
    private func runTool(_ path: String, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "\(path) \(arguments.joined(separator: " ")) (Debian package xorriso)")
        return String(decoding: data, as: UTF8.self)
    }

    private func msinfo(_ drive: String) throws -> String {
        let outcome = try CLIRunner.run(["msinfo", "--drive", drive])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func burn(_ image: URL, _ drive: String) throws {
        let outcome = try CLIRunner.run(["burn", image.path, "--drive", drive, "--multi", "--json"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let result = try XCTUnwrap(try CLIRunner.jsonLines(outcome.stdout).last)
        XCTAssertEqual((result["verify"] as? [String: Any])?["result"] as? String, "match")
    }

    private func tocTracks(_ drive: String) throws -> [[String: Any]] {
        let toc = try CLIRunner.json(["toc", "--drive", drive, "--json"])
        XCTAssertEqual(toc["event"] as? String, "toc")
        return try XCTUnwrap(toc["tracks"] as? [[String: Any]])
    }

    /// First session, msinfo, second session mastered for it; both sessions' files are seen through a rip of
    /// the last session (DiscBurn's reader and libisofs' through xorriso), and the rip equals the image.
    private func appendSecondSession(media: String) throws -> (drive: String, msinfo: String, second: URL) {
        let drive = "virtual:\(media):\(dir.appendingPathComponent("disc").path)"
        let first = try master("first.iso", try tree("one.txt", "first session\n"))
        try burn(first, drive)
        let info = try msinfo(drive)
        let parts = info.split(separator: ",").compactMap { UInt64($0) }
        XCTAssertEqual(parts.count, 2, info)
        XCTAssertEqual(parts.first, 0, "S: the only complete session starts at 0")
        let open = try XCTUnwrap(try tocTracks(drive).last)
        XCTAssertEqual(open["state"] as? String, "blank")
        XCTAssertEqual((open["startLBA"] as? NSNumber)?.uint64Value, parts.last, "N is the open track's start")

        let second = try master("second.iso", try tree("two.txt", "second session\n"), msinfo: info, previous: first)
        try burn(second, drive)
        let tracks = try tocTracks(drive).filter { $0["state"] as? String == "complete" }
        XCTAssertEqual(tracks.map { $0["session"] as? Int }, [1, 2])
        XCTAssertEqual(tracks.map { ($0["startLBA"] as? NSNumber)?.uint64Value }, [0, parts.last])

        let rip = dir.appendingPathComponent("last-session.iso")
        let ripped = try CLIRunner.run(["rip", "--drive", drive, rip.path])
        XCTAssertEqual(ripped.status, 0, ripped.stderr)
        XCTAssertEqual(try Data(contentsOf: rip), try Data(contentsOf: second), "the rip of session 2 is the image")
        let n = String(parts[1])
        let listing = try CLIRunner.run(["image", "ls", rip.path, "-R", "--start-lba", n])
        XCTAssertEqual(listing.status, 0, listing.stderr)
        XCTAssertTrue(listing.stdout.contains("/one.txt") && listing.stdout.contains("/two.txt"), listing.stdout)
        // libisofs' view: the rip loaded at the address it was mastered for.
        let xorriso = try runTool("/usr/bin/xorriso", ["-displacement", "-" + n, "-indev", rip.path, "-find", "/"])
        XCTAssertTrue(xorriso.contains("'/one.txt'") && xorriso.contains("'/two.txt'"), xorriso)
        // verify compares the last track by default.
        let verify = try CLIRunner.json(["verify", second.path, "--drive", drive, "--json"])
        XCTAssertEqual(verify["result"] as? String, "match")
        return (drive, info, second)
    }

    func testTwoSessionCDRMadeWithMsinfoShowsBothSessionsFiles() throws {
        let (drive, first, _) = try appendSecondSession(media: "cd-r")
        XCTAssertEqual(first, "0,11700", "lead-out 6750 + lead-in 4500 + pre-gap 150 after a 300-block track")
        // After the second session the gap is 6900 (a later session's lead-out is 2250 blocks).
        XCTAssertEqual(try msinfo(drive), "11700,\(11_700 + 300 + 6_900)")
    }

    func testTwoSessionDVDPlusRMadeWithMsinfoShowsBothSessionsFiles() throws {
        let (drive, _, _) = try appendSecondSession(media: "dvd+r")
        let info = try msinfo(drive).split(separator: ",")
        let tracks = try tocTracks(drive)
        XCTAssertEqual(String(info[0]), "\(tracks[1]["startLBA"] as? Int ?? -1)", "S: session 2's first track")
    }

    func testPlainImageAtNextWritableAddressIsRefusedNamingMsinfo() throws {
        let drive = "virtual:cd-r:\(dir.appendingPathComponent("disc").path)"
        let first = try master("first.iso", try tree("one.txt", "first session\n"))
        try burn(first, drive)
        let plain = try master("plain.iso", try tree("two.txt", "not mastered for the disc\n"))
        let outcome = try CLIRunner.run(["burn", plain.path, "--drive", drive, "--multi"])
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertTrue(outcome.stderr.contains("msinfo") && outcome.stderr.contains("mkisofs -C")
                      && outcome.stderr.contains("11700"), outcome.stderr)
        XCTAssertEqual(try tocTracks(drive).filter { $0["state"] as? String == "complete" }.count, 1,
                       "nothing was written")
        // The same image on a blank disc is fine: the refusal is about the address, not the image.
        let blank = try CLIRunner.run(["burn", plain.path, "--drive", "virtual:cd-r", "--dry-run"])
        XCTAssertEqual(blank.status, 0, blank.stderr)
    }

    func testSecondSessionImageIsCheckedForTruncation() throws {
        let drive = "virtual:dvd+r:\(dir.appendingPathComponent("disc").path)"
        let first = try master("first.iso", try tree("one.txt", "first session\n"))
        try burn(first, drive)
        let second = try master("second.iso", try tree("two.txt", "second\n"), msinfo: try msinfo(drive), previous: first)
        let bytes = try Data(contentsOf: second)
        let cut = dir.appendingPathComponent("cut.iso")
        try bytes.prefix(bytes.count - 20 * 2048).write(to: cut)
        let outcome = try CLIRunner.run(["burn", cut.path, "--drive", drive, "--multi"])
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertTrue(outcome.stderr.contains("truncated"), outcome.stderr)
    }

    func testTocMsinfoAndProbeOnBlankAndClosedDiscs() throws {
        let blank = try CLIRunner.run(["msinfo", "--drive", "virtual:cd-r"])
        XCTAssertNotEqual(blank.status, 0)
        XCTAssertTrue(blank.stderr.contains("blank") && blank.stderr.contains("without -C"), blank.stderr)
        let toc = try CLIRunner.json(["toc", "--drive", "virtual:cd-r", "--json"])
        XCTAssertEqual(toc["discStatus"] as? String, "blank")
        XCTAssertNil(toc["msinfo"] as? [String: Any])

        let drive = "virtual:dvd+r:\(dir.appendingPathComponent("closed").path)"
        let image = try master("only.iso", try tree("one.txt", "closed\n"))
        XCTAssertEqual(try CLIRunner.run(["burn", image.path, "--drive", drive]).status, 0)
        let closed = try CLIRunner.run(["msinfo", "--drive", drive])
        XCTAssertNotEqual(closed.status, 0)
        XCTAssertTrue(closed.stderr.contains("closed"), closed.stderr)
        let text = try CLIRunner.run(["toc", "--drive", drive])
        XCTAssertTrue(text.stdout.contains("1      1        0"), text.stdout)
        let probe = try CLIRunner.json(["probe", "--drive", drive, "--json"])
        let media = try XCTUnwrap(probe["media"] as? [String: Any])
        XCTAssertEqual(media["sessions"] as? Int, 1)
        XCTAssertEqual(media["lastSessionState"] as? String, "complete")
    }
}
