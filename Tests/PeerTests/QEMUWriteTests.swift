import Foundation
import XCTest

/// Burning through a real kernel's SG_IO (sr and sg drivers) to tgt's blank DVD+R LUNs, passed through by QEMU
/// (PEERS.md §3), in the shared standard guest (QEMUPeerSession + QEMUBurnSteps): our burns through /dev/srN,
/// /dev/sgN and as a non-root user, a refused burn, verify and rip of a burned LUN, and xorriso's and
/// growisofs's burns of the same image. The LUNs' backing files are checked on the host.
final class QEMUWriteTests: XCTestCase {
    private func session() throws -> QEMUPeerSession {
        let session = try QEMUPeerSession.shared.get()
        XCTAssertTrue(session.run.reachedEnd, String(session.run.serialLog.suffix(4000)))
        return session
    }

    private func lastJSON(_ text: String, _ label: String) throws -> [String: Any] {
        let line = try XCTUnwrap(text.split(separator: "\n").last { $0.hasPrefix("{") }, "\(label): \(text)")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
    }

    /// The image's blocks rounded up to the 16-block DVD+R packet.
    private func paddedBlocks(_ session: QEMUPeerSession) throws -> Int {
        (try TestMedia.size(of: session.burnISO) / 2048 + 15) / 16 * 16
    }

    /// `backing` = `image` followed by zeros; with `exactBlocks`, exactly that many blocks long.
    private func assertHoldsImage(_ backing: URL, _ image: URL, exactBlocks: Int?, _ label: String) throws {
        let written = try Data(contentsOf: backing), expected = try Data(contentsOf: image)
        XCTAssertGreaterThanOrEqual(written.count, expected.count, "\(label): the LUN holds less than the image")
        XCTAssertTrue(written.prefix(expected.count) == expected, "\(label): the LUN does not start with the image")
        XCTAssertTrue(written.dropFirst(expected.count).allSatisfy { $0 == 0 }, "\(label): padding is not zeros")
        if let exactBlocks { XCTAssertEqual(written.count, exactBlocks * 2048, "\(label): length") }
    }

    func testTheBurnImageEndsInsideAPacket() throws {
        let session = try session()
        XCTAssertNotEqual(try TestMedia.size(of: session.burnISO) / 2048 % 16, 0)
    }

    func testProbeOfTheBlankLUNThroughSrSgAndAsUser() throws {
        let session = try session()
        for label in ["probe.lun.sr", "probe.lun.sg", "probe.lun.user"] {
            let media = try session.report(label).media
            XCTAssertEqual(media["profile"] as? String, "DVD+R", label)
            XCTAssertEqual(media["discStatus"] as? String, "blank", label)
            XCTAssertEqual(media["nextWritableAddress"] as? Int, 0, label)
            XCTAssertEqual(media["freeBlocks"] as? Int, 2_295_104, label)
        }
    }

    func testOurBurnsThroughSrSgAndAsUserWriteTheImageAndZeroPaddingToThePacket() throws {
        let session = try session()
        let blocks = try paddedBlocks(session)
        for (label, lun) in [("burn.sr", BurnLUN.ourBlock), ("burn.sg", .ourGeneric), ("burn.user", .ourUser)] {
            let outcome = try XCTUnwrap(session.cli(label), "no \(label) output")
            XCTAssertEqual(outcome.status, 0, "\(label): \(outcome.standardError)")
            let result = try lastJSON(outcome.standardOutput, label)
            XCTAssertEqual(result["result"] as? String, "ok", "\(label): \(outcome.standardOutput.suffix(1500))")
            XCTAssertEqual((result["verify"] as? [String: Any])?["result"] as? String, "match", label)
            let backing = try XCTUnwrap(session.lunBackingFiles[lun.rawValue])
            try assertHoldsImage(backing, session.burnISO, exactBlocks: blocks, label)
        }
    }

    func testBurnOfATooLargeImageIsRefusedWithNoWriteReachingTgt() throws {
        let session = try session()
        let outcome = try XCTUnwrap(session.cli("burn.refused.lun"), "no burn.refused.lun output")
        XCTAssertNotEqual(outcome.status, 0)
        let message = outcome.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(message.split(separator: "\n").count, 1, message)
        XCTAssertTrue(message.contains("2295104 free"), message)
        let sequence = try session.sequence(step: "burn-refused", lun: .ourBlock)
        XCTAssertTrue(sequence.commands.contains { $0.opcode == 0x51 && $0.cdb != nil },
                      "the refusal read the disc first: READ DISC INFORMATION reached tgt")
        XCTAssertEqual(sequence.writes.count, 0, "a WRITE reached tgt:\n"
                       + SequenceComparison.render(sequence, title: "burn-refused"))
    }

    func testVerifyAndRipOfTheBurnedLUN() throws {
        let session = try session()
        let verify = try session.report("verify.lun")
        XCTAssertEqual(verify.object["result"] as? String, "match", verify.text)
        let imageSHA = try ToolRunner.shell("sha256sum '\(session.burnISO.path)'").text.prefix(64)
        XCTAssertEqual(verify.object["sha256"] as? String, String(imageSHA))

        let rip = try XCTUnwrap(session.cli("rip.lun"), "no rip.lun output")
        XCTAssertEqual(rip.status, 0, rip.standardError)
        let result = try lastJSON(rip.standardOutput, "rip.lun")
        XCTAssertEqual(result["result"] as? String, "ok", rip.standardOutput)
        // tgt's closed disc reads back as DVD-ROM holding the image and its padding to 16 blocks; the rip stops
        // where the ISO volume ends, so it is the burned image byte for byte (issue 11 item 5).
        let backing = try XCTUnwrap(session.lunBackingFiles[BurnLUN.ourBlock.rawValue])
        XCTAssertGreaterThan(try TestMedia.size(of: backing), try TestMedia.size(of: session.burnISO), "padding on the disc")
        XCTAssertEqual(result["sha256"] as? String, String(imageSHA), rip.standardOutput)
        XCTAssertEqual(session.run.values["rip.lun.bytes"], String(try TestMedia.size(of: session.burnISO)))
    }

    func testXorrisoAndGrowisofsBurnTheSameImageOnTheirLUNs() throws {
        let session = try session()
        for (label, lun) in [("xorriso", BurnLUN.xorriso), ("growisofs", .growisofs)] {
            let rc = session.run.values["\(label).rc"]
            XCTAssertEqual(rc, "0", "\(label): " + (session.run.block(named: "\(label).stderr") ?? "").suffix(3000))
            let backing = try XCTUnwrap(session.lunBackingFiles[lun.rawValue])
            try assertHoldsImage(backing, session.burnISO, exactBlocks: nil, label)
            let sequence = try session.sequence(step: "burn-\(label)", lun: lun)
            XCTAssertEqual(Int(sequence.blocksWritten) * 2048, try TestMedia.size(of: backing), label)
        }
        // libburn's own log of the commands it sent (xorriso -scsi_log on) names the same WRITEs.
        let log = try XCTUnwrap(session.run.block(named: "xorriso.stderr"))
        XCTAssertTrue(log.contains("WRITE(10)\n2a 00 "), "xorriso -scsi_log shows no WRITE(10):\n\(log.prefix(2000))")
    }

    func testTheTraceHoldsOneMarkerPerStepAndEveryWriteOfOurBurn() throws {
        let session = try session()
        let steps = session.run.serialLog.split(separator: "\n").filter { $0.hasPrefix("=== STEP ") }.count
        XCTAssertEqual(session.scsiTrace.markerNumbers.count, steps)
        XCTAssertTrue(session.scsiTrace.markersAreConsecutive, "\(session.scsiTrace.markerNumbers)")
        let sequence = try session.sequence(step: "burn-sr", lun: .ourBlock)
        XCTAssertEqual(Int(sequence.blocksWritten), try paddedBlocks(session))
        XCTAssertEqual(sequence.contiguityKey, "WRITE addresses contiguous from LBA 0")
    }
}
