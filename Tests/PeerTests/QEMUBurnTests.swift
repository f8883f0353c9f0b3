import Foundation
import XCTest

/// The burning issue's checks against QEMU's CD drive behind a real kernel (SG_IO).
final class QEMUBurnTests: XCTestCase {
    func testVerifyOfTheISODriveMatchesThroughSRAndSG() throws {
        let session = try QEMUPeerSession.shared.get()
        let expected = try shell("sha256sum '\(session.iso.path)'").prefix(64)
        for label in ["verify.cd", "verify.cd.sg"] {
            let report = try session.report(label)
            XCTAssertEqual(report.object["result"] as? String, "match", label)
            XCTAssertEqual(report.object["sha256"] as? String, String(expected), label)
        }
    }

    func testBurnToThePressedCDIsRefusedBeforeAnyWrite() throws {
        let session = try QEMUPeerSession.shared.get()
        let outcome = try XCTUnwrap(session.cli("burn.refused"), "no burn.refused output in the serial log")
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertTrue(outcome.standardError.contains("pressed CD-ROM"), outcome.standardError)
        XCTAssertEqual(outcome.standardError.split(separator: "\n").count, 1, outcome.standardError)
        let trace = try XCTUnwrap(session.run.block(named: "trace.burn.refused"))
        XCTAssertTrue(trace.contains("\"cdb\":\"12"), "the trace holds the probe")
        XCTAssertFalse(trace.contains("\"cdb\":\"2a"), "a WRITE(10) reached the drive")
        XCTAssertFalse(trace.contains("\"cdb\":\"aa"), "a WRITE(12) reached the drive")
    }

    private func shell(_ command: String) throws -> String {
        try ToolRunner.shell(command).text
    }
}
