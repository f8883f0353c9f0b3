import Foundation
import XCTest

/// Issue 11 against tgt's DVD+R over iSCSI (an MMC implementation we did not write): data that is not an image
/// burns and verifies, and toc/msinfo report what tgt makes of a disc burned with --multi: tgt keeps no
/// sessions: after CLOSE the profile becomes DVD-ROM (Vendor-notes/tgt.md), so msinfo refuses.
final class TgtLayoutTests: XCTestCase {
    private func discburn() throws -> String {
        try XCTUnwrap(PeerEnvironment.builtProduct("discburn"), "build the discburn product first (swift build)").path
    }

    private func lastJSON(_ text: String) throws -> [String: Any] {
        let line = try XCTUnwrap(text.split(separator: "\n").last { $0.hasPrefix("{") }, text)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
    }

    func testDataBurnsAndTocMsinfoOnTgtDVDPlusR() throws {
        let tgt = try TgtFixture.startWithStandardMedia()
        defer { tgt.stop() }
        let bytes = Data((0..<(300 * 2048 + 5)).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 11) })
        let data = tgt.directory.appendingPathComponent("backup.bin")
        try bytes.write(to: data)
        let burned = try ToolRunner.run(try discburn(), ["burn", data.path, "--drive", tgt.blank.url, "--multi",
                                                         "--json"], timeout: 120, check: false)
        XCTAssertEqual(burned.status, 0, burned.text)
        let result = try lastJSON(burned.text)
        XCTAssertEqual((result["verify"] as? [String: Any])?["result"] as? String, "match", burned.text)
        XCTAssertTrue(burned.text.contains("burning it as data"), burned.text)
        XCTAssertEqual(try Data(contentsOf: tgt.blank.backingFile).prefix(bytes.count), bytes)

        let toc = try ToolRunner.run(try discburn(), ["toc", "--drive", tgt.blank.url, "--json"], timeout: 60,
                                     check: false)
        XCTAssertEqual(toc.status, 0, toc.text)
        let event = try lastJSON(toc.text)
        let tracks = try XCTUnwrap(event["tracks"] as? [[String: Any]], toc.text)
        XCTAssertEqual(tracks.count, 1, toc.text)
        XCTAssertEqual(tracks.first?["startLBA"] as? Int, 0)
        XCTAssertEqual(tracks.first?["lengthBlocks"] as? Int, 304, "301 blocks padded to 16: \(toc.text)")
        let msinfo = try ToolRunner.run(try discburn(), ["msinfo", "--drive", tgt.blank.url], timeout: 60, check: false)
        XCTAssertNotEqual(msinfo.status, 0, msinfo.text)
        XCTAssertTrue(msinfo.text.contains("no session can be added"), msinfo.text)
    }
}
