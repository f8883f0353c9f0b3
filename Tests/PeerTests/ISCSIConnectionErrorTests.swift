import XCTest
import SCSI
@testable import ISCSI

/// Connection failures must come back as one clear line naming the portal and the likely fix, quickly.
final class ISCSIConnectionErrorTests: XCTestCase {
    func testClosedPortFailsFastWithAClearMessage() throws {
        let port = try TgtFixture.freePort()   // free a moment ago, so nothing listens there
        let url = "iscsi://127.0.0.1:\(port)/iqn.2026-01.test.discburn:none/1"
        let started = ContinuousClock.now
        XCTAssertThrowsError(try ISCSITransport.connect(url: url, timeout: .seconds(5))) { error in
            guard case ISCSIError.connectionFailed(let parsed, let detail) = error else {
                return XCTFail("expected connectionFailed, got \(error)")
            }
            XCTAssertEqual(parsed.port, port)
            XCTAssertFalse(detail.isEmpty)
            let message = String(describing: error)
            XCTAssertTrue(message.contains("127.0.0.1:\(port)"), message)
            XCTAssertTrue(message.contains("is tgtd running? is the port right?"), message)
            XCTAssertFalse(message.contains("\n"), message)
            print("closed-port message: \(message)")
        }
        XCTAssertLessThan(started.duration(to: .now), .seconds(4))
    }

    func testInvalidURLIsRejectedBeforeConnecting() {
        XCTAssertThrowsError(try ISCSITransport.connect(url: "iscsi://127.0.0.1/notaniqn/1")) { error in
            guard case ISCSIError.invalidURL = error else { return XCTFail("got \(error)") }
        }
    }

    /// A listener that accepts TCP but never speaks iSCSI: login must give up at the timeout, not hang.
    func testSilentListenerTimesOut() throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let url = "iscsi://127.0.0.1:\(listener.port)/iqn.2026-01.test.discburn:silent/1"
        let started = ContinuousClock.now
        XCTAssertThrowsError(try ISCSITransport.connect(url: url, timeout: .seconds(2))) { error in
            guard case ISCSIError.connectTimedOut(_, let after) = error else {
                return XCTFail("expected connectTimedOut, got \(error)")
            }
            XCTAssertEqual(after, .seconds(2))
            XCTAssertTrue(String(describing: error).contains("127.0.0.1:\(listener.port)"))
        }
        let elapsed = started.duration(to: .now)
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(1900))
        XCTAssertLessThan(elapsed, .seconds(5))
    }
}
