import XCTest
import SCSI
@testable import MMC

final class Read12Tests: XCTestCase {
    func testCDBForSixteenBlocks() {
        let command = Read12(lba: 0x0001_2345, blocks: 16)
        //              op FUA  LBA          length       strm control
        assertCDB(command, "A8 00  00 01 23 45  00 00 00 10  00   00")
        XCTAssertEqual(allocationLength(command.transfer), 32768)
        XCTAssertEqual(command.timeout, .seconds(60))
        XCTAssertEqual(Read12.name, "READ (12)")
    }

    func testStreamingBit() {
        let command = Read12(lba: 0x10, blocks: 0x0011_2233, streaming: true)
        assertCDB(command, "A8 00  00 00 00 10  00 11 22 33  80  00")
        XCTAssertEqual(command.expectedBytes, 0x0011_2233 * 2048)
    }

    func testForceUnitAccessBit() {
        let command = Read12(lba: 0xFEDC_BA98, blocks: 1, forceUnitAccess: true)
        assertCDB(command, "A8 08  FE DC BA 98  00 00 00 01  00  00")
    }

    func testBlockSize() {
        let command = Read12(lba: 0, blocks: 2, blockSizeBytes: 2352)
        XCTAssertEqual(allocationLength(command.transfer), 4704)
    }

    func testParseShortAnswerReturnsWhatArrived() throws {
        let command = Read12(lba: 0, blocks: 32)
        let data = garbage(count: 5000, seed: 4)
        XCTAssertEqual(try command.parse(data), data)
        XCTAssertEqual(try command.parse([]), [])
    }

    func testParseSixtyFourKilobytesOfGarbage() throws {
        let command = Read12(lba: 0, blocks: 8)
        let data = garbage(count: 65536, seed: 0xBEEF)
        XCTAssertEqual(try command.parse(data), Array(data.prefix(16384)))
    }
}
