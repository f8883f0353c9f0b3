import XCTest
import SCSI
@testable import MMC

final class Read10Tests: XCTestCase {
    func testCDBForSixteenBlocks() {
        let command = Read10(lba: 0x0001_2345, blocks: 16)
        //              op FUA  LBA          rsv  length  control
        assertCDB(command, "28 00  00 01 23 45  00   00 10   00")
        XCTAssertEqual(allocationLength(command.transfer), 32768)
        XCTAssertEqual(command.expectedBytes, 32768)
        XCTAssertEqual(command.timeout, .seconds(60))
        XCTAssertEqual(Read10.name, "READ (10)")
        XCTAssertEqual(command.request.cdb, command.cdb)
    }

    func testCDBWithForceUnitAccessAndMaximumFields() {
        let command = Read10(lba: 0xFFFF_FFFF, blocks: 0xFFFF, forceUnitAccess: true)
        assertCDB(command, "28 08  FF FF FF FF  00  FF FF  00")
        XCTAssertEqual(command.expectedBytes, 65535 * 2048)
    }

    func testAllocationFollowsBlockSize() {
        let command = Read10(lba: 0, blocks: 3, blockSizeBytes: 2352)
        assertCDB(command, "28 00  00 00 00 00  00  00 03  00")
        XCTAssertEqual(allocationLength(command.transfer), 3 * 2352)
    }

    func testParseCompleteAnswer() throws {
        let command = Read10(lba: 0, blocks: 2)
        let data = garbage(count: 4096, seed: 1)
        XCTAssertEqual(try command.parse(data), data)
    }

    func testParseShortAnswerReturnsWhatArrived() throws {
        let command = Read10(lba: 100, blocks: 3)
        let data = garbage(count: 2048 + 100, seed: 2)
        let parsed = try command.parse(data)
        XCTAssertEqual(parsed.count, 2148)
        XCTAssertEqual(parsed, data)
        XCTAssertLessThan(parsed.count, command.expectedBytes)
    }

    func testParseEmptyAnswer() throws {
        XCTAssertEqual(try Read10(lba: 0, blocks: 1).parse([]), [])
    }

    func testParseCutsExcessBytes() throws {
        let command = Read10(lba: 0, blocks: 1)
        let data = garbage(count: 2049, seed: 3)
        XCTAssertEqual(try command.parse(data), Array(data.prefix(2048)))
    }

    func testParseSixtyFourKilobytesOfGarbage() throws {
        let command = Read10(lba: 0, blocks: 16)
        let data = garbage(count: 65536, seed: 0xD15C)
        let parsed = try command.parse(data)
        XCTAssertEqual(parsed.count, 32768)
        XCTAssertEqual(parsed, Array(data.prefix(32768)))
    }
}
