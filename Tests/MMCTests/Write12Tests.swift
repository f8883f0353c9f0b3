import XCTest
import SCSI
@testable import MMC

final class Write12Tests: XCTestCase {
    func testSixteenBlocksWithStreaming() {
        let data = garbage(count: 16 * 2048, seed: 12)
        let command = Write12(lba: 0x0001_2345, data: data, streaming: true)
        //              op FUA  LBA          length       strm control
        assertCDB(command, "AA 00  00 01 23 45  00 00 00 10  80   00")
        XCTAssertEqual(dataOut(command.transfer), data)
        XCTAssertEqual(command.blocks, 16)
        XCTAssertEqual(command.timeout, .seconds(200), "libburn: 200 s for WRITE")
        XCTAssertEqual(Write12.name, "WRITE (12)")
    }

    func testWithoutStreaming() {
        let command = Write12(lba: 0x00BA_73E0, data: [UInt8](repeating: 0, count: 32 * 2048))
        assertCDB(command, "AA 00  00 BA 73 E0  00 00 00 20  00  00")
    }

    func testForceUnitAccess() {
        let command = Write12(lba: 1, data: [UInt8](repeating: 0, count: 2048), forceUnitAccess: true)
        assertCDB(command, "AA 08  00 00 00 01  00 00 00 01  00  00")
    }

    func testLargeBlockCountUsesAllFourLengthBytes() {
        // 70000 blocks of 1 byte: more than WRITE (10) can carry.
        let command = Write12(lba: 0, data: [UInt8](repeating: 0, count: 70000), blockSizeBytes: 1)
        assertCDB(command, "AA 00  00 00 00 00  00 01 11 70  00  00")
    }
}
