import XCTest
import SCSI
@testable import MMC

final class SetCDSpeedTests: XCTestCase {
    func testDefaultIsMaximumBothWays() {
        let command = SetCDSpeed()
        //              op rot read   write  rsv
        assertCDB(command, "BB 00  FF FF  FF FF  00 00 00 00 00 00")
        XCTAssertEqual(command.transfer, .none)
        XCTAssertEqual(SetCDSpeed.name, "SET CD SPEED")
    }

    func testWriteAt40xWithCAV() {
        // 40x CD = 40 × 176.4 = 7056 kB/s = 1B90h.
        let command = SetCDSpeed(writeKilobytesPerSecond: 7056, rotationControl: .constantAngularVelocity)
        assertCDB(command, "BB 01  FF FF  1B 90  00 00 00 00 00 00")
    }

    func testReadSpeed() {
        let command = SetCDSpeed(readKilobytesPerSecond: 0x1234, writeKilobytesPerSecond: 0x0B10)
        assertCDB(command, "BB 00  12 34  0B 10  00 00 00 00 00 00")
    }
}
