import XCTest
import SCSI
@testable import MMC

final class FormatUnitTests: XCTestCase {
    func testCDBHasFmtDataAndFormatCode001() {
        let command = FormatUnit(formatType: 0x26, blocks: 0xFFFF_FFFF)
        //              op FmtData|code rsv
        assertCDB(command, "04 11           00 00 00 00")
        XCTAssertEqual(FormatUnit.name, "FORMAT UNIT")
    }

    func testDVDPlusRWFormat26h() {
        let command = FormatUnit(formatType: 0x26, blocks: 0xFFFF_FFFF)
        let expected = bytes("""
            00 02 00 08   # header: reserved, IMMED, descriptor length 8
            FF FF FF FF   # number of blocks (any size is accepted for 26h)
            98            # format type 26h << 2, sub-type 0
            00 00 00      # type dependent parameter
            """)
        XCTAssertEqual(command.parameterList, expected)
        XCTAssertEqual(dataOut(command.transfer), expected)
        XCTAssertEqual(command.timeout, .seconds(200))
    }

    func testDVDPlusRWRestartBackgroundFormat() {
        let command = FormatUnit(formatType: 0x26, blocks: 0x0023_0540, typeDependentParameter: 1)
        XCTAssertEqual(command.parameterList, bytes("00 02 00 08  00 23 05 40  98  00 00 01"))
    }

    func testBDREFormat30hFullCertification() {
        let command = FormatUnit(formatType: 0x30, subtype: 0b10, blocks: 11_826_176,
                                 typeDependentParameter: 0x00_3000)
        XCTAssertEqual(command.parameterList, bytes("""
            00 02 00 08
            00 B4 74 00
            C2
            00 30 00
            """))
    }

    func testBDREFormat31hWithoutImmediate() {
        let command = FormatUnit(formatType: 0x31, subtype: 0b01, blocks: 0x00BA_7400, immediate: false)
        XCTAssertEqual(command.parameterList, bytes("00 00 00 08  00 BA 74 00  C5  00 00 00"))
        XCTAssertEqual(command.timeout, .seconds(4 * 3600))
    }

    func testMaximumFieldValues() {
        let command = FormatUnit(formatType: 0x3F, subtype: 3, blocks: 1, typeDependentParameter: 0xFF_FFFF)
        XCTAssertEqual(command.parameterList, bytes("00 02 00 08  00 00 00 01  FF  FF FF FF"))
    }
}
