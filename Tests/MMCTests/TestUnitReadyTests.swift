import XCTest
import SCSI
@testable import MMC

final class TestUnitReadyTests: XCTestCase {
    func testCDBIsSixZeroBytes() {
        XCTAssertEqual(TestUnitReady().cdb.bytes, [0x00, 0x00, 0x00, 0x00, 0x00, 0x00])
        XCTAssertEqual(TestUnitReady().transfer, .none)
        XCTAssertEqual(TestUnitReady().request.timeout, .seconds(30))
        XCTAssertEqual(TestUnitReady.name, "TEST UNIT READY")
    }

    func testIgnoresAnyData() throws {
        try TestUnitReady().parse([])
        for seed in MMCAHostile.garbageSeeds.prefix(20) {
            try TestUnitReady().parse(MMCAHostile.garbage(seed: seed, count: 512))
        }
    }
}
