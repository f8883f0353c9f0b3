import Foundation
import XCTest

/// Issue 13 through the CLI: outputs never replace special files or inputs (4), special files as images (5),
/// numbers out of range (6), disk full during rip and while logging (4, 12).
final class HostileCLITests: XCTestCase {
    var dir: URL!
    var image: URL!

    override func setUpWithError() throws {
        dir = try temporaryDirectory()
        image = try makeTestISO(in: dir, name: "in.iso", files: 4, bytes: 200_000, factor: 7)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    private func assertOneLineError(_ outcome: CLIRunner.Outcome, contains text: String,
                                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(outcome.status, 1, outcome.stderr, file: file, line: line)
        XCTAssertTrue(outcome.stderr.hasPrefix("discburn: error: "), outcome.stderr, file: file, line: line)
        XCTAssertTrue(outcome.stderr.contains(text), "wanted '\(text)' in: \(outcome.stderr)", file: file, line: line)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr, file: file, line: line)
    }

    private func fileType(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & S_IFMT
    }

    /// Runs the binary from a shell (for ulimit and traps), returning status and stderr.
    private func shell(_ line: String) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", line]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    // MARK: 4. output paths

    func testLogAndPlotNeverReplaceAFIFOOrASymlink() throws {
        let fifo = path("log.fifo")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let other = path("other.txt")
        try Data("keep".utf8).write(to: URL(fileURLWithPath: other))
        let link = path("log.link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: other)
        let drive = "virtual:dvd-rom:\(image.path)"
        for output in [fifo, link] {
            assertOneLineError(try CLIRunner.run(["probe", "--drive", drive, "--scsi-log", output]),
                               contains: "not a regular file")
            assertOneLineError(try CLIRunner.run(["scan", "--drive", drive, "--plot", output]),
                               contains: "not a regular file")
        }
        XCTAssertEqual(fileType(fifo), S_IFIFO)
        XCTAssertEqual(fileType(link), S_IFLNK)
        XCTAssertEqual(try String(contentsOfFile: other, encoding: .utf8), "keep")
    }

    func testAnOutputThatIsAnInputIsRefusedAndTheInputKept() throws {
        let original = try Data(contentsOf: image)
        let hardLink = path("same-inode.iso")
        XCTAssertEqual(link(image.path, hardLink), 0)
        let disc = path("disc")
        let drive = "virtual:dvd-rom:\(image.path)"
        let cases: [[String]] = [
            ["burn", image.path, "--drive", "virtual:dvd+r:\(disc)", "--scsi-log", image.path],
            ["burn", image.path, "--drive", "virtual:dvd+r:\(disc)", "--scsi-log", hardLink],
            ["scan", "--drive", drive, "--plot", image.path],
            ["scan", "--drive", drive, "--plot", hardLink],
            ["probe", "--drive", drive, "--scsi-log", hardLink],
            ["verify", image.path, "--drive", drive, "--scsi-log", image.path],
            ["rip", "--drive", drive, path("out.iso"), "--map", image.path],
            ["rip", "--drive", drive, hardLink, "--resume"],
        ]
        for arguments in cases {
            let outcome = try CLIRunner.run(arguments)
            assertOneLineError(outcome, contains: "is also an input")
            XCTAssertEqual(try Data(contentsOf: image), original, "input damaged by: \(arguments)")
        }
        let burnedLog = path("burn.log")
        let logOnDisc = try CLIRunner.run(["burn", image.path, "--drive", "virtual:dvd+r:\(disc)",
                                           "--scsi-log", disc + "/media.bin"])
        assertOneLineError(logOnDisc, contains: "is also an input")
        XCTAssertFalse(FileManager.default.fileExists(atPath: burnedLog))
    }

    func testLoggingOntoAFullDiskDoesNotKillTheBurn() throws {
        let disc = path("full-disc")
        let log = path("full.log")
        // SIGXFSZ ignored + a file size limit: write(2) fails with EFBIG past 2,000 KiB, as on a full disk. The
        // image (about 1.2 MB) fits on the virtual disc; its log (hex of every WRITE, twice the size) does not.
        let imageBytes = try Data(contentsOf: image)
        XCTAssertLessThan(imageBytes.count, 1_900_000)
        let result = try shell("trap '' XFSZ; ulimit -f 2000; exec '\(CLIRunner.binary.path)' burn '\(image.path)' "
            + "--drive 'virtual:dvd+r:\(disc)' --scsi-log '\(log)' --scsi-log-data --json")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("\"result\":\"ok\"") || result.stdout.contains("\"result\" : \"ok\""),
                      result.stdout.suffix(600) + result.stderr)
        XCTAssertTrue(result.stderr.contains("--scsi-log"), "the lost log is reported: \(result.stderr)")
        let media = try Data(contentsOf: URL(fileURLWithPath: disc + "/media.bin"))
        XCTAssertEqual(media.prefix(imageBytes.count), imageBytes)
    }

    // MARK: 5. special files

    func testFIFOAndDirectoryAreRefusedAsImagesWithoutBlocking() throws {
        let fifo = path("image.fifo")
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let directory = path("a-directory")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let bin = CLIRunner.binary.path
        for line in ["burn '\(fifo)' --drive 'virtual:dvd+r:\(path("d1"))'",
                     "verify '\(fifo)' --drive 'virtual:dvd-rom:\(image.path)'",
                     "probe --drive 'virtual:dvd-rom:\(fifo)'",
                     "probe --drive 'virtual:dvd-rom:\(directory)'"] {
            let result = try shell("timeout 30 '\(bin)' \(line)")
            XCTAssertNotEqual(result.status, 124, "blocked: \(line)")
            XCTAssertEqual(result.status, 1, "\(line): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("not a regular file") || result.stderr.contains("is a directory"),
                          "\(line): \(result.stderr)")
        }
    }

    // MARK: 6. numbers

    func testHugeNumbersAreRefusedNotTrapped() throws {
        let drive = "virtual:dvd-rom:\(image.path)"
        assertOneLineError(try CLIRunner.run(["verify", image.path, "--drive", drive, "--start", "99999999999"]),
                           contains: "--start")
        let disc = path("state-disc")
        // A burn leaves the state file (reading commands create nothing).
        XCTAssertEqual(try CLIRunner.run(["burn", image.path, "--drive", "virtual:dvd+r:\(disc)", "--no-verify"]).status, 0)
        let statePath = disc + "/state.json"
        var state = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statePath)))
            as? [String: Any])
        state["tracks"] = [["number": 1, "session": 1, "startLBA": Int.max - 5, "writtenBlocks": 10,
                            "isClosed": false]]
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: statePath))
        let probe = try CLIRunner.run(["probe", "--drive", "virtual:dvd+r:\(disc)"])
        assertOneLineError(probe, contains: "state")
    }

    // MARK: 12. disk full during rip

    func testRipOntoAFullDiskSaysSoAndCanBeResumed() throws {
        let out = path("ripped.iso")
        let drive = "virtual:dvd-rom:\(image.path)"
        let result = try shell("trap '' XFSZ; ulimit -f 300; exec '\(CLIRunner.binary.path)' rip --drive '\(drive)' '\(out)'")
        XCTAssertEqual(result.status, 1, result.stderr)
        let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("discburn: error: ") }
        XCTAssertEqual(errors.count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("cannot write"), result.stderr)
        XCTAssertFalse(result.stderr.contains("NSCocoaErrorDomain") || result.stderr.contains("The operation"),
                       result.stderr)
        let mapExists = FileManager.default.fileExists(atPath: out + ".map")
        XCTAssertTrue(mapExists || !FileManager.default.fileExists(atPath: out), "a partial image without a map")
        let again = try CLIRunner.run(["rip", "--drive", drive, out] + (mapExists ? ["--resume"] : []))
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), try Data(contentsOf: image))
    }
}
