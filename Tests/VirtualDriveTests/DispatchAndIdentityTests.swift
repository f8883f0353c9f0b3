import SCSI
import XCTest
@testable import VirtualDrive

final class DispatchAndIdentityTests: XCTestCase {
    func testDeviceNameNamesTheMedium() {
        XCTAssertEqual(VirtualDrive(media: .dvdPlusR).deviceName, "virtual:dvd+r")
        XCTAssertEqual(VirtualDrive(media: .none).deviceName, "virtual:none")
    }

    func testUnknownOpcodeIsInvalidCommand() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        XCTAssertSense(try drive.send(cdb(0x5D), allocation: 0), "5/24/00")  // SEND CUE SHEET: size 0
        XCTAssertSense(try drive.send(cdb(0xBE), allocation: 0), "5/64/00")  // READ CD: implemented, but not a CD
        XCTAssertSense(try drive.send(cdb(0xFF), allocation: 0), "5/20/00")
        XCTAssertSense(try drive.send(cdb(0x1A), allocation: 0), "5/20/00")  // MODE SENSE(6)
    }

    func testReservedBitIsInvalidFieldWithFieldPointer() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        let r = try drive.send(cdb(Op.readDiscInfo, [1: 0x08, 8: 34]))  // byte 1 bit 3 reserved
        XCTAssertSense(r, "5/24/00")
        // Sense-key specific: SKSV | C/D | BPV | bit 3, field pointer = byte 1.
        XCTAssertEqual(Array(r.sense[15...17]), [0x80 | 0x40 | 0x08 | 0x03, 0x00, 0x01])
        XCTAssertTrue(r.dataIn.isEmpty)
    }

    func testNACAInControlByteIsRefused() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        XCTAssertSense(try drive.send(cdb(Op.testUnitReady, [5: 0x04]), allocation: 0), "5/24/00")
        XCTAssertGood(try drive.send(cdb(Op.testUnitReady, [5: 0xC0]), allocation: 0))  // vendor bits allowed
    }

    func testWrongCDBLengthIsRefused() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        let twelve = [Op.testUnitReady] + [UInt8](repeating: 0, count: 11)
        XCTAssertSense(try drive.send(twelve, allocation: 0), "5/24/00")
    }

    func testStandardInquiry() throws {
        let drive = VirtualDrive(media: .none)
        let d = try drive.data(cdb(Op.inquiry, [4: 96]))
        XCTAssertEqual(d.count, 36)
        XCTAssertEqual(d[0], 0x05)        // peripheral device type 5
        XCTAssertEqual(d[1], 0x80)        // RMB
        XCTAssertEqual(d[3] & 0x0F, 0x02) // response data format
        XCTAssertEqual(d[4], 31)          // additional length
        XCTAssertEqual(String(decoding: d[8..<16], as: UTF8.self), "DISCBURN")
        XCTAssertEqual(String(decoding: d[16..<32], as: UTF8.self), "VIRTUAL WRITER  ")
        XCTAssertEqual(String(decoding: d[32..<36], as: UTF8.self), "1.0 ")
    }

    func testInquiryAllocationLengthTruncates() throws {
        let drive = VirtualDrive(media: .none)
        let r = try drive.send(cdb(Op.inquiry, [4: 5]), allocation: 255)
        XCTAssertEqual(r.dataIn, [0x05, 0x80, 0x06, 0x02, 31])
        XCTAssertEqual(r.residual, 250)
        // Transport buffer smaller than the CDB's allocation length: never more than the buffer.
        XCTAssertEqual(try drive.send(cdb(Op.inquiry, [4: 96]), allocation: 8).dataIn.count, 8)
        XCTAssertEqual(try drive.send(cdb(Op.inquiry, [4: 0]), allocation: 36).dataIn.count, 0)
    }

    func testInquiryVPDPages() throws {
        let drive = VirtualDrive(media: .none)
        XCTAssertEqual(try drive.data(cdb(Op.inquiry, [1: 1, 2: 0x00, 4: 255])), [0x05, 0x00, 0x00, 0x02, 0x00, 0x80])
        let serial = try drive.data(cdb(Op.inquiry, [1: 1, 2: 0x80, 4: 255]))
        XCTAssertEqual(serial[1], 0x80)
        XCTAssertEqual(serial.u16(2), serial.count - 4)
        XCTAssertEqual(String(decoding: serial[4...], as: UTF8.self), "DB0000VIRTUAL1")
        XCTAssertSense(try drive.send(cdb(Op.inquiry, [1: 1, 2: 0x83, 4: 255])), "5/24/00")
        XCTAssertSense(try drive.send(cdb(Op.inquiry, [2: 0x80, 4: 255])), "5/24/00")  // page without EVPD
    }

    func testNoMediumAnswersNotReadyForMediumCommands() throws {
        let drive = VirtualDrive(media: .none)
        XCTAssertSense(try drive.testUnitReady(), "2/3A/01")
        XCTAssertSense(try drive.send(cdb(Op.readDiscInfo, [8: 34])), "2/3A/01")
        XCTAssertSense(try drive.send(cdb(Op.readCapacity)), "2/3A/01")
        XCTAssertSense(try drive.read10(lba: 0, blocks: 1), "2/3A/01")
        // Commands that do not need a medium still answer.
        XCTAssertEqual(try drive.currentProfile(), 0x0000)
        XCTAssertGood(try drive.send(cdb(Op.modeSense10, [2: 0x2A, 8: 255])))
        XCTAssertGood(try drive.send(cdb(Op.readBufferCapacity, [8: 12])))
    }

    func testRequestSenseWithoutConditionIsNoSense() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        let d = try drive.data(cdb(Op.requestSense, [4: 18]))
        XCTAssertEqual(d.count, 18)
        XCTAssertEqual(d[0], 0x70)
        XCTAssertEqual(d[2] & 0x0F, 0)
        XCTAssertEqual(d[12], 0)
        XCTAssertEqual(d[13], 0)
        XCTAssertSense(try drive.send(cdb(Op.requestSense, [1: 0x01, 4: 18])), "5/24/00")  // DESC unsupported
    }

    func testRequestSenseReportsNoMedium() throws {
        let drive = VirtualDrive(media: .none)
        let d = try drive.data(cdb(Op.requestSense, [4: 18]))
        XCTAssertEqual(d[2], 0x02)
        XCTAssertEqual(d[12], 0x3A)
        XCTAssertEqual(d[13], 0x01)
    }

    func testInjectedCommandFaultFiresOnce() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        drive.inject(.failNextCommand(opcode: Op.readDiscInfo, sense: SenseData(key: .hardwareError, asc: 0x44, ascq: 0)))
        XCTAssertSense(try drive.send(cdb(Op.readDiscInfo, [8: 34])), "4/44/00")
        XCTAssertGood(try drive.send(cdb(Op.readDiscInfo, [8: 34])))
    }
}
