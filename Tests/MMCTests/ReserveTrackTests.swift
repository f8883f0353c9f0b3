import XCTest
import SCSI
@testable import MMC

final class ReserveTrackTests: XCTestCase {
    func testSizeForm() {
        let command = ReserveTrack(blocks: 0x0012_3456)
        //              op ARSV rsv        size         control
        assertCDB(command, "53 00  00 00 00  00 12 34 56  00")
        XCTAssertEqual(command.reservation, .size(blocks: 0x0012_3456))
        XCTAssertEqual(command.transfer, .none)
        XCTAssertEqual(command.timeout, .seconds(200))
        XCTAssertEqual(ReserveTrack.name, "RESERVE TRACK")
    }

    func testSizeFormUsesAllFourBytes() {
        assertCDB(ReserveTrack(blocks: 0xFEDC_BA98), "53 00 00 00 00 FE DC BA 98 00")
    }

    func testAddressForm() {
        let command = ReserveTrack(reservationLBA: 0x00AB_CDEF)
        //              op ARSV LBA          rsv       control
        assertCDB(command, "53 01  00 AB CD EF  00 00 00  00")
        XCTAssertEqual(command.reservation, .address(lba: 0x00AB_CDEF))
    }
}
