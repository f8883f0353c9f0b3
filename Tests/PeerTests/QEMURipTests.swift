import Foundation
import XCTest

/// The reading issue's checks inside the QEMU guest: rip of the CD-ROM and DVD-ROM drives through SG_IO gives
/// the images' exact SHA-256.
final class QEMURipTests: XCTestCase {
    func testRipOfCDAndDVDGivesTheImagesSHA256() throws {
        let session = try QEMUPeerSession.shared.get()
        // rip.dvd keeps the whole track (--whole-track); rip.dvd.fs stops where the ISO volume at its start ends.
        for (label, image) in [("rip.cd", session.iso), ("rip.dvd", session.dvdImage), ("rip.dvd.fs", session.iso)] {
            let outcome = try XCTUnwrap(session.cli(label), "no \(label) output in the serial log")
            XCTAssertEqual(outcome.status, 0, "\(label): \(outcome.standardError)")
            let last = try XCTUnwrap(outcome.standardOutput.split(separator: "\n").last, label)
            let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
            XCTAssertEqual(result["result"] as? String, "ok", label)
            let expected = try ToolRunner.shell("sha256sum '\(image.path)'", timeout: 120).text.prefix(64)
            XCTAssertEqual(result["sha256"] as? String, String(expected), label)
        }
    }

    /// Issue 11 item 2 on a real kernel: toc of the pressed CD through SG_IO, and msinfo refused (nothing can be
    /// appended to a pressed disc).
    func testTocAndMsinfoOfThePressedCD() throws {
        let session = try QEMUPeerSession.shared.get()
        let toc = try XCTUnwrap(session.cli("toc.cd"), "no toc.cd output in the serial log")
        XCTAssertEqual(toc.status, 0, toc.standardError)
        let last = try XCTUnwrap(toc.standardOutput.split(separator: "\n").last)
        let event = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        XCTAssertEqual(event["event"] as? String, "toc")
        XCTAssertEqual(event["discStatus"] as? String, "complete")
        let tracks = try XCTUnwrap(event["tracks"] as? [[String: Any]])
        let blocks = try FileManager.default.attributesOfItem(atPath: session.iso.path)[.size] as? Int ?? 0
        XCTAssertEqual(tracks.count, 1, "\(tracks)")
        XCTAssertEqual(tracks.first?["startLBA"] as? Int, 0)
        XCTAssertEqual(tracks.first?["lengthBlocks"] as? Int, blocks / 2048)
        let msinfo = try XCTUnwrap(session.cli("msinfo.cd"), "no msinfo.cd output in the serial log")
        XCTAssertNotEqual(msinfo.status, 0)
        XCTAssertTrue(msinfo.standardError.contains("pressed"), msinfo.standardError)
    }
}
