import XCTest
import SCSI
@testable import MMC

final class SendDiscStructureTests: XCTestCase {
    func testLayerBoundaryForDefaultDVDPlusRDLSplit() {
        // Blank DVD+R DL default L0 data zone capacity: 2,086,912 blocks = 001FD800h.
        let command = SendDiscStructure.layerBoundary(layer0DataZoneBlocks: 2_086_912)
        //              op type rsv            fmt length agid control
        assertCDB(command, "BF 00  00 00 00 00 00  20  00 0C  00   00")
        XCTAssertEqual(command.parameterList, bytes("""
            00 0A        # data length: 10 bytes follow
            00 00        # reserved
            00 00 00 00  # reserved
            00 1F D8 00  # L0 data zone capacity
            """))
        XCTAssertEqual(dataOut(command.transfer), command.parameterList)
        XCTAssertEqual(command.formatCode, 0x20)
        XCTAssertEqual(command.mediaType, 0)
        XCTAssertEqual(command.timeout, .seconds(200))
        XCTAssertEqual(SendDiscStructure.name, "SEND DISC STRUCTURE")
    }

    func testLayerBoundaryFromLastLayer0LBA() {
        let fromEnd = SendDiscStructure.layerBoundary(layer0EndLBA: 0x0012_3455)
        XCTAssertEqual(fromEnd.parameterList, bytes("00 0A 00 00 00 00 00 00 00 12 34 56"))
        XCTAssertEqual(fromEnd, SendDiscStructure.layerBoundary(layer0DataZoneBlocks: 0x0012_3456))
    }
}
