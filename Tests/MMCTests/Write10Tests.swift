import XCTest
import SCSI
@testable import MMC

final class Write10Tests: XCTestCase {
    func testSixteenBlocksAtLBA12345() {
        let data = garbage(count: 16 * 2048, seed: 10)
        let command = Write10(lba: 0x0001_2345, data: data)
        //              op FUA  LBA          rsv  length  control
        assertCDB(command, "2A 00  00 01 23 45  00   00 10   00")
        XCTAssertEqual(dataOut(command.transfer), data)
        XCTAssertEqual(command.transfer.expectedLength, 32768)
        XCTAssertEqual(command.blocks, 16)
        XCTAssertEqual(command.timeout, .seconds(200), "libburn: 200 s for WRITE")
        XCTAssertEqual(Write10.name, "WRITE (10)")
        XCTAssertEqual(command.request.transfer, .toDevice(data))
    }

    func testForceUnitAccess() {
        let command = Write10(lba: 7, data: [UInt8](repeating: 0, count: 2048), forceUnitAccess: true)
        assertCDB(command, "2A 08  00 00 00 07  00  00 01  00")
    }

    func testSignedLBAForSAOPregap() {
        let command = Write10(signedLBA: -150, data: [UInt8](repeating: 0, count: 150 * 2048))
        XCTAssertEqual(command.lba, 0xFFFF_FF6A)
        assertCDB(command, "2A 00  FF FF FF 6A  00  00 96  00")
    }

    func testAudioBlockSize() {
        let command = Write10(lba: 0, data: [UInt8](repeating: 1, count: 4 * 2352), blockSizeBytes: 2352)
        XCTAssertEqual(command.blocks, 4)
        assertCDB(command, "2A 00  00 00 00 00  00  00 04  00")
    }

    func testMaximumBlockCount() {
        let command = Write10(lba: 0, data: [UInt8](repeating: 0, count: 65535 * 16), blockSizeBytes: 16)
        assertCDB(command, "2A 00  00 00 00 00  00  FF FF  00")
    }

    func testVoidParseAcceptsAnything() throws {
        let command = Write10(lba: 0, data: [UInt8](repeating: 0, count: 2048))
        XCTAssertNoThrow(try command.parse(garbage(count: 65536, seed: 11)))
    }
}
