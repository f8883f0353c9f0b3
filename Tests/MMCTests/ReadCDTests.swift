import XCTest
import SCSI
@testable import MMC

final class ReadCDTests: XCTestCase {
    func testMode1UserData() {
        let command = ReadCD(lba: 0x0001_2345, blocks: 16)
        //              op type LBA          length    main sub control
        assertCDB(command, "BE 08  00 01 23 45  00 00 10  10   00  00")
        XCTAssertEqual(allocationLength(command.transfer), 32768)
        XCTAssertEqual(command.timeout, .seconds(60))
        XCTAssertEqual(ReadCD.name, "READ CD")
    }

    func testSectorTypesAndSizes() {
        let audio = ReadCD(lba: 0, blocks: 2, expectedSectorType: .cdda)
        assertCDB(audio, "BE 04  00 00 00 00  00 00 02  10  00  00")
        XCTAssertEqual(audio.expectedBytes, 4704)
        XCTAssertEqual(ReadCD(lba: 0, blocks: 1, expectedSectorType: .mode2Formless).expectedBytes, 2336)
        let form1 = ReadCD(lba: 0, blocks: 1, expectedSectorType: .mode2Form1)
        assertCDB(form1, "BE 10  00 00 00 00  00 00 01  10  00  00")
        XCTAssertEqual(form1.expectedBytes, 2048)
        let form2 = ReadCD(lba: 0, blocks: 1, expectedSectorType: .mode2Form2)
        assertCDB(form2, "BE 14  00 00 00 00  00 00 01  10  00  00")
        XCTAssertEqual(form2.expectedBytes, 2324)
        XCTAssertNil(ReadCD.ExpectedSectorType.any.userDataBytes)
    }

    func testWholeSectors() {
        let any = ReadCD(wholeSectorsAt: 450, blocks: 3)
        //          op type LBA          length    main sub control
        assertCDB(any, "BE 00  00 00 01 C2  00 00 03  F8   00  00")
        XCTAssertEqual(any.expectedBytes, 3 * 2352)
        XCTAssertEqual(allocationLength(any.transfer), 7056)
        assertCDB(ReadCD(wholeSectorsAt: 0, blocks: 1, expectedSectorType: .cdda), "BE 04  00 00 00 00  00 00 01  F8  00  00")
    }

    func testTwentyFourBitLength() {
        assertCDB(ReadCD(lba: 0xFFFF_FF6A, blocks: 0x12_3456), "BE 08  FF FF FF 6A  12 34 56  10  00  00")
    }

    func testParseShortAndGarbage() throws {
        let command = ReadCD(lba: 0, blocks: 4)
        let short = garbage(count: 3000, seed: 20)
        XCTAssertEqual(try command.parse(short), short)
        let long = garbage(count: 65536, seed: 21)
        XCTAssertEqual(try command.parse(long), Array(long.prefix(8192)))
    }
}
