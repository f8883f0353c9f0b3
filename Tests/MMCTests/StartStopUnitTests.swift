import XCTest
import MMC
import SCSI

final class StartStopUnitTests: XCTestCase {
    func testActions() {
        // byte 4: LoEj (bit 1), Start (bit 0)
        XCTAssertEqual(StartStopUnit(action: .stop).cdb.bytes, [0x1B, 0x00, 0x00, 0x00, 0x00, 0x00])
        XCTAssertEqual(StartStopUnit(action: .start).cdb.bytes, [0x1B, 0x00, 0x00, 0x00, 0x01, 0x00])
        XCTAssertEqual(StartStopUnit(action: .eject).cdb.bytes, [0x1B, 0x00, 0x00, 0x00, 0x02, 0x00])
        XCTAssertEqual(StartStopUnit(action: .load).cdb.bytes, [0x1B, 0x00, 0x00, 0x00, 0x03, 0x00])
    }

    func testImmediateTransferAndTimeout() throws {
        let cmd = StartStopUnit(action: .eject, immediate: true)
        XCTAssertEqual(cmd.cdb.bytes, [0x1B, 0x01, 0x00, 0x00, 0x02, 0x00])
        XCTAssertEqual(cmd.transfer, .none)
        XCTAssertEqual(cmd.timeout, .seconds(30))
        XCTAssertEqual(StartStopUnit(action: .load).timeout, .seconds(60))
        XCTAssertEqual(cmd.request.cdb, cmd.cdb)
        try cmd.parse([])
        try cmd.parse([0xFF])
    }
}
