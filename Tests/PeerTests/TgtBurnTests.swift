import Foundation
import XCTest

/// Burning to tgt's blank DVD+R over iSCSI: an MMC implementation we did not write.
/// tgt lacks RESERVE TRACK and never advances the NWA (Vendor-notes/tgt.md); the DVD+R strategy reserves nothing
/// and counts addresses itself from the NWA read before the first WRITE, so neither matters.
final class TgtBurnTests: XCTestCase {
    nonisolated(unsafe) static var fixture: Result<TgtFixture, Error>?

    override class func setUp() {
        fixture = Result { try TgtFixture.startWithStandardMedia() }
    }

    override class func tearDown() {
        try? fixture?.get().stop()
        fixture = nil
    }

    private func discburn() throws -> String {
        try XCTUnwrap(PeerEnvironment.builtProduct("discburn"), "build the discburn product first (swift build)").path
    }

    private func lastJSON(_ text: String) throws -> [String: Any] {
        let line = try XCTUnwrap(text.split(separator: "\n").last { $0.hasPrefix("{") }, text)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
    }

    func testBurnToBlankDVDPlusRVerifiesAndBackingFileHoldsTheImage() throws {
        let tgt = try XCTUnwrap(Self.fixture).get()
        defer { try? tgt.resetToBlank(tgt.blank) }
        let iso = try XCTUnwrap(tgt.isoFile)
        let output = try ToolRunner.run(try discburn(), ["burn", iso.path, "--drive", tgt.blank.url, "--json"],
                                        timeout: 120, check: false)
        XCTAssertEqual(output.status, 0, output.text)
        let result = try lastJSON(output.text)
        XCTAssertEqual(result["result"] as? String, "ok", output.text)
        let verify = try XCTUnwrap(result["verify"] as? [String: Any])
        XCTAssertEqual(verify["result"] as? String, "match", output.text)

        let image = try Data(contentsOf: iso)
        let backing = try Data(contentsOf: tgt.blank.backingFile)
        XCTAssertGreaterThanOrEqual(backing.count, image.count)
        XCTAssertEqual(backing.prefix(image.count), image, "the LUN's backing file must start with the image")
        XCTAssertTrue(backing.dropFirst(image.count).allSatisfy { $0 == 0 }, "padding to 16 blocks is zeros")
        XCTAssertLessThan(backing.count - image.count, 16 * 2048)
    }

    func testPressedDVDROMIsRefusedBeforeAnyWrite() throws {
        let tgt = try XCTUnwrap(Self.fixture).get()
        let iso = try XCTUnwrap(tgt.isoFile)
        let before = try Data(contentsOf: tgt.rom.backingFile)
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("tgt-refusal-\(UUID()).jsonl")
        defer { try? FileManager.default.removeItem(at: log) }
        let output = try ToolRunner.run(try discburn(), ["burn", iso.path, "--drive", tgt.rom.url,
                                                         "--scsi-log", log.path], timeout: 60, check: false)
        XCTAssertNotEqual(output.status, 0)
        XCTAssertTrue(output.text.contains("pressed DVD-ROM"), output.text)
        let trace = try String(contentsOf: log, encoding: .utf8)
        XCTAssertFalse(trace.contains("\"cdb\":\"2a"), "a WRITE(10) reached the drive")
        XCTAssertEqual(try Data(contentsOf: tgt.rom.backingFile), before)
    }
}

/// Reading issue: rip of tgt's DVD-ROM LUN over iSCSI equals its backing ISO.
final class TgtRipTests: XCTestCase {
    func testRipOfTheROMLUNEqualsItsBackingISO() throws {
        let tgt = try TgtFixture.startWithStandardMedia()
        defer { tgt.stop() }
        let discburn = try XCTUnwrap(PeerEnvironment.builtProduct("discburn")).path
        let out = tgt.directory.appendingPathComponent("ripped.iso")
        let output = try ToolRunner.run(discburn, ["rip", "--drive", tgt.rom.url, out.path, "--json"], timeout: 120,
                                        check: false)
        XCTAssertEqual(output.status, 0, output.text)
        XCTAssertEqual(try Data(contentsOf: out), try Data(contentsOf: tgt.rom.backingFile))
    }
}
