import XCTest
import SCSI
@testable import MMC

final class BlankTests: XCTestCase {
    func testMinimalImmediate() {
        let command = Blank(type: .minimal)
        //              op IMMED|type start        rsv
        assertCDB(command, "A1 11         00 00 00 00  00 00 00 00 00 00")
        XCTAssertEqual(command.transfer, .none)
        XCTAssertEqual(command.timeout, .seconds(200))
        XCTAssertEqual(Blank.name, "BLANK")
    }

    func testFullWithoutImmediate() {
        let command = Blank(type: .full, immediate: false)
        assertCDB(command, "A1 00 00 00 00 00 00 00 00 00 00 00")
        XCTAssertEqual(command.timeout, .seconds(7200))
    }

    func testTrackTailAtLBA() {
        assertCDB(Blank(type: .trackTail, trackOrLBA: 0x0102_0304), "A1 14 01 02 03 04 00 00 00 00 00 00")
    }

    func testTrackNumber() {
        assertCDB(Blank(type: .track, trackOrLBA: 2, immediate: false), "A1 02 00 00 00 02 00 00 00 00 00 00")
    }

    func testBlankingTypeCodes() {
        XCTAssertEqual(BlankingType.full.rawValue, 0)
        XCTAssertEqual(BlankingType.minimal.rawValue, 1)
        XCTAssertEqual(BlankingType.track.rawValue, 2)
        XCTAssertEqual(BlankingType.unreserveTrack.rawValue, 3)
        XCTAssertEqual(BlankingType.trackTail.rawValue, 4)
        XCTAssertEqual(BlankingType.unclose.rawValue, 5)
        XCTAssertEqual(BlankingType.session.rawValue, 6)
        assertCDB(Blank(type: .unreserveTrack), "A1 13 00 00 00 00 00 00 00 00 00 00")
        assertCDB(Blank(type: .unclose), "A1 15 00 00 00 00 00 00 00 00 00 00")
        assertCDB(Blank(type: .session), "A1 16 00 00 00 00 00 00 00 00 00 00")
        XCTAssertEqual(BlankingType.session.description, "session")
        XCTAssertEqual(BlankingType(rawValue: 7).description, "blanking type 7")
    }
}
