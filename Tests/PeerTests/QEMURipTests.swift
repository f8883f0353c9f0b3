import Foundation
import XCTest

/// The reading issue's checks inside the QEMU guest: rip of the CD-ROM and DVD-ROM drives through SG_IO gives
/// the images' exact SHA-256, with the padding after the ISO volume kept by --whole-track and left out without.
final class QEMURipTests: XCTestCase {
    func testRipOfCDAndDVDGivesTheImagesSHA256() throws {
        let session = try QEMUPeerSession.shared.get()
        // rip.rom keeps the whole track of tgt's pressed DVD-ROM (ISO + non-zero padding, --whole-track);
        // rip.rom.fs and rip.dvd.fs stop where the ISO volume at the start of the disc ends (rip.dvd.fs on QEMU's
        // 720 MiB DVD-ROM, which reports no track information: the extent comes from READ CAPACITY).
        let isoBlocks = try TestMedia.size(of: session.iso) / 2048
        let rips: [(label: String, image: URL, profile: String, blocks: Int)] = [
            ("rip.cd", session.iso, "CD-ROM", isoBlocks),
            ("rip.rom", session.romImage, "DVD-ROM", isoBlocks + QEMUPeerSession.romPaddingBlocks),
            ("rip.rom.fs", session.iso, "DVD-ROM", isoBlocks),
            ("rip.dvd.fs", session.iso, "DVD-ROM", isoBlocks),
        ]
        for (label, image, profile, blocks) in rips {
            let outcome = try XCTUnwrap(session.cli(label), "no \(label) output in the serial log")
            XCTAssertEqual(outcome.status, 0, "\(label): \(outcome.standardError)")
            let events = try outcome.standardOutput.split(separator: "\n").map {
                try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], label)
            }
            let plan = try XCTUnwrap(events.first { $0["event"] as? String == "plan" }, label)
            XCTAssertEqual(plan["profile"] as? String, profile, label)
            XCTAssertEqual(plan["blocks"] as? Int, blocks, label)
            let result = try XCTUnwrap(events.last, label)
            XCTAssertEqual(result["result"] as? String, "ok", label)
            let expected = try ToolRunner.shell("sha256sum '\(image.path)'", timeout: 120).text.prefix(64)
            XCTAssertEqual(result["sha256"] as? String, String(expected), label)
        }
        // The padding is not zeros: a whole-track rip that skipped it would not give the image's SHA-256.
        let padding = try Data(contentsOf: session.romImage).suffix(QEMUPeerSession.romPaddingBlocks * 2048)
        XCTAssertGreaterThan(Set(padding).count, 200)
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
