import XCTest
import SCSI
@testable import MMC

final class CloseTrackSessionTests: XCTestCase {
    func testCloseTrackOne() {
        let command = CloseTrackSession(function: .closeTrack, trackNumber: 1)
        //              op IMMED func rsv track  rsv        control
        assertCDB(command, "5B 01   01   00  00 01  00 00 00 00")
        XCTAssertEqual(command.transfer, .none)
        XCTAssertEqual(command.timeout, .seconds(200))
        XCTAssertEqual(CloseTrackSession.name, "CLOSE TRACK SESSION")
    }

    func testCloseSession() {
        assertCDB(CloseTrackSession(function: .closeSession), "5B 01 02 00 00 00 00 00 00 00")
    }

    func testFinalizeWithoutImmediate() {
        let command = CloseTrackSession(function: .finalize, immediate: false)
        assertCDB(command, "5B 00 06 00 00 00 00 00 00 00")
        XCTAssertEqual(command.timeout, .seconds(3600))
    }

    func testTrackNumberUsesBothBytes() {
        assertCDB(CloseTrackSession(function: .closeTrack, trackNumber: 0x1234, immediate: false),
                  "5B 00 01 00 12 34 00 00 00 00")
    }

    func testCloseFunctionCodes() {
        XCTAssertEqual(CloseFunction.stopBackgroundFormat.rawValue, 0b000)
        XCTAssertEqual(CloseFunction.closeTrack.rawValue, 0b001)
        XCTAssertEqual(CloseFunction.closeSession.rawValue, 0b010)
        XCTAssertEqual(CloseFunction.stopBackgroundFormatCompatible.rawValue, 0b011)
        XCTAssertEqual(CloseFunction.closeSessionExtendedLeadOut.rawValue, 0b100)
        XCTAssertEqual(CloseFunction.finalizeMinimalRadius.rawValue, 0b101)
        XCTAssertEqual(CloseFunction.finalize.rawValue, 0b110)
        assertCDB(CloseTrackSession(function: .finalizeMinimalRadius), "5B 01 05 00 00 00 00 00 00 00")
        assertCDB(CloseTrackSession(function: CloseFunction(rawValue: 7)), "5B 01 07 00 00 00 00 00 00 00")
    }

    func testDescriptions() {
        XCTAssertEqual(CloseFunction.closeSession.description, "close session")
        XCTAssertEqual(CloseFunction(rawValue: 7).description, "close function 7")
    }
}
