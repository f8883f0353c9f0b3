import Foundation
import XCTest

/// The reading issue's checks inside the QEMU guest: rip of the CD-ROM and DVD-ROM drives through SG_IO gives
/// the images' exact SHA-256.
final class QEMURipTests: XCTestCase {
    func testRipOfCDAndDVDGivesTheImagesSHA256() throws {
        let session = try QEMUPeerSession.shared.get()
        for (label, image) in [("rip.cd", session.iso), ("rip.dvd", session.dvdImage)] {
            let outcome = try XCTUnwrap(session.cli(label), "no \(label) output in the serial log")
            XCTAssertEqual(outcome.status, 0, "\(label): \(outcome.standardError)")
            let last = try XCTUnwrap(outcome.standardOutput.split(separator: "\n").last, label)
            let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
            XCTAssertEqual(result["result"] as? String, "ok", label)
            let expected = try ToolRunner.shell("sha256sum '\(image.path)'", timeout: 120).text.prefix(64)
            XCTAssertEqual(result["sha256"] as? String, String(expected), label)
        }
    }
}
