import Foundation
import XCTest

final class ProbeCLITests: XCTestCase {
    /// Every virtual medium: profile name, disc status and the standard blank capacity as free blocks.
    func testProbeJSONForEveryBlankVirtualMedium() throws {
        let expected: [(drive: String, profile: String, status: String, free: Int)] = [
            ("cd-r", "CD-R", "blank", 359_849),
            ("cd-rw", "CD-RW", "blank", 359_849),
            ("dvd-r", "DVD-R", "blank", 2_298_496),
            ("dvd-rw", "DVD-RW", "blank", 2_298_496),
            ("dvd+r", "DVD+R", "blank", 2_295_104),
            ("dvd+r-dl", "DVD+R DL", "blank", 4_173_824),
            ("bd-r", "BD-R", "blank", 12_219_392),
        ]
        for e in expected {
            let json = try CLIRunner.json(["probe", "--drive", "virtual:\(e.drive)", "--json"])
            let media = try XCTUnwrap(json["media"] as? [String: Any], e.drive)
            XCTAssertEqual(media["present"] as? Bool, true, e.drive)
            XCTAssertEqual(media["profile"] as? String, e.profile, e.drive)
            XCTAssertEqual(media["discStatus"] as? String, e.status, e.drive)
            XCTAssertEqual(media["freeBlocks"] as? Int, e.free, e.drive)
            XCTAssertEqual(media["freeBytes"] as? Int, e.free * 2048, e.drive)
            XCTAssertEqual(media["nextWritableAddress"] as? Int, 0, e.drive)
            let speeds = try XCTUnwrap(media["writeSpeeds"] as? [[String: Any]], e.drive)
            XCTAssertFalse(speeds.isEmpty, "\(e.drive) offers no write speeds")
            let drive = try XCTUnwrap(json["capabilities"] as? [String: Any])
            XCTAssertEqual(drive["vendor"] as? String, "DISCBURN")
            XCTAssertTrue((drive["profiles"] as? [String] ?? []).contains(e.profile), e.drive)
        }
    }

    /// Overwritable media: free space is the writable capacity whatever the disc status says.
    func testProbeJSONForOverwritableVirtualMedia() throws {
        let expected: [(drive: String, profile: String, free: Set<Int>)] = [
            ("dvd+rw", "DVD+RW", [2_295_104]),
            ("dvd-ram", "DVD-RAM", [2_236_704]),
            ("bd-re", "BD-RE", [11_826_176, 12_219_392]),
        ]
        for e in expected {
            let json = try CLIRunner.json(["probe", "--drive", "virtual:\(e.drive)", "--json"])
            let media = try XCTUnwrap(json["media"] as? [String: Any], e.drive)
            XCTAssertEqual(media["profile"] as? String, e.profile, e.drive)
            let free = try XCTUnwrap(media["freeBlocks"] as? Int, e.drive)
            XCTAssertTrue(e.free.contains(free), "\(e.drive): free \(free)")
            if e.drive == "bd-re" {
                let formatted = media["formatted"] as? Bool
                XCTAssertEqual(free, formatted == true ? 11_826_176 : 12_219_392, "BD-RE capacity vs format state")
            }
        }
    }

    func testPressedDVDROMFromImageReportsCompleteWithImageSize() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = dir.appendingPathComponent("disc.iso")
        // 300 sectors of a recognisable pattern: a pressed disc's user data is the image, byte for byte.
        var bytes = [UInt8](repeating: 0, count: 300 * 2048)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i / 2048) }
        try Data(bytes).write(to: image)
        let json = try CLIRunner.json(["probe", "--drive", "virtual:dvd-rom:\(image.path)", "--json"])
        let media = try XCTUnwrap(json["media"] as? [String: Any])
        XCTAssertEqual(media["profile"] as? String, "DVD-ROM")
        XCTAssertEqual(media["discStatus"] as? String, "complete")
        XCTAssertEqual(media["readableBlocks"] as? Int, 300)
        XCTAssertEqual(media["freeBlocks"] as? Int, 0)
    }

    func testEmptyTray() throws {
        let json = try CLIRunner.json(["probe", "--drive", "virtual:none", "--json"])
        let media = try XCTUnwrap(json["media"] as? [String: Any])
        XCTAssertEqual(media["present"] as? Bool, false)
        XCTAssertEqual(media["freeBlocks"] as? Int, 0)
    }

    func testHumanOutputReadsLikeMediainfo() throws {
        let outcome = try CLIRunner.run(["probe", "--drive", "virtual:dvd+r"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("DVD+R (profile 001Bh)"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("blank"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("2295104 blocks, 4700.4 MB"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("16x"), outcome.stdout)
    }

    func testDevNullIsRefusedWithOneLine() throws {
        let outcome = try CLIRunner.run(["probe", "--drive", "/dev/null"])
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.hasPrefix("discburn: error: "), outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("/dev/null"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.lowercased().contains("not a scsi"), outcome.stderr)
    }

    func testMissingDeviceIsRefusedWithOneLine() throws {
        let outcome = try CLIRunner.run(["probe", "--drive", "/dev/sr-does-not-exist", "--json"])
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("/dev/sr-does-not-exist"), outcome.stderr)
        // --json: the error is also one JSON event on stdout, with the same text.
        let events = try CLIRunner.jsonLines(outcome.stdout)
        XCTAssertEqual(events.count, 1, outcome.stdout)
        XCTAssertEqual(events.first?["event"] as? String, "error")
        XCTAssertEqual(events.first?["drive"] as? String, "/dev/sr-does-not-exist")
        XCTAssertEqual("discburn: error: " + (events.first?["message"] as? String ?? "") + "\n", outcome.stderr)
    }

    func testUnknownVirtualMediumListsValidNames() throws {
        let outcome = try CLIRunner.run(["probe", "--drive", "virtual:floppy"])
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr)
        XCTAssertTrue(outcome.stderr.contains("dvd+r"), outcome.stderr)
    }

    func testScsiLogRecordsEveryExchange() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("probe.jsonl")
        let outcome = try CLIRunner.run(["probe", "--drive", "virtual:bd-r", "--scsi-log", log.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 5)
        let first = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        XCTAssertEqual((first["cdb"] as? String)?.prefix(2), "12", "INQUIRY goes first")
        XCTAssertNotNil(first["status"])
        XCTAssertNotNil(first["durationMicroseconds"])
    }

    func testDrivesListsNothingAndSucceedsWithoutHardware() throws {
        let json = try CLIRunner.run(["drives", "--json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let event = try XCTUnwrap(try CLIRunner.jsonLines(json.stdout).last)
        XCTAssertEqual(event["event"] as? String, "drives")
        XCTAssertEqual((event["drives"] as? [Any])?.count, 0, json.stdout)
    }
}
