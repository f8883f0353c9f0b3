import XCTest
import MMC
import SCSI

final class PreventAllowMediumRemovalTests: XCTestCase {
    func testCDB() throws {
        // byte 4: Persistent (bit 1), Prevent (bit 0)
        XCTAssertEqual(PreventAllowMediumRemoval(prevent: true).cdb.bytes, [0x1E, 0, 0, 0, 0x01, 0])
        XCTAssertEqual(PreventAllowMediumRemoval(prevent: false).cdb.bytes, [0x1E, 0, 0, 0, 0x00, 0])
        XCTAssertEqual(PreventAllowMediumRemoval(prevent: true, persistent: true).cdb.bytes, [0x1E, 0, 0, 0, 0x03, 0])
        XCTAssertEqual(PreventAllowMediumRemoval(prevent: true).transfer, .none)
        try PreventAllowMediumRemoval(prevent: false).parse([1, 2, 3])
    }
}
