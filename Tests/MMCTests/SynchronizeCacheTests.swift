import XCTest
import SCSI
@testable import MMC

final class SynchronizeCacheTests: XCTestCase {
    func testImmediate() {
        let command = SynchronizeCache()
        //              op IMMED LBA          rsv  blocks control
        assertCDB(command, "35 02   00 00 00 00  00   00 00  00")
        XCTAssertEqual(command.transfer, .none)
        XCTAssertEqual(command.timeout, .seconds(200))
        XCTAssertEqual(SynchronizeCache.name, "SYNCHRONIZE CACHE")
    }

    func testNotImmediate() {
        let command = SynchronizeCache(immediate: false)
        assertCDB(command, "35 00  00 00 00 00  00  00 00  00")
        XCTAssertEqual(command.timeout, .seconds(3600))
    }
}
