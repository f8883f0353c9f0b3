import XCTest
import SCSI
@testable import MMC

final class InquiryUnitSerialNumberTests: XCTestCase {
    /// Unit Serial Number VPD page (SPC-4 §7.8).
    static let page: [UInt8] = [
        0x05,        // 0: qualifier 0, device type 05h
        0x80,        // 1: page code 80h
        0x00, 0x0C,  // 2-3: page length 12
    ] + Array("  KZ8F123456".utf8)  // 4-15: serial, leading spaces (right-justified)

    func testCDB() {
        XCTAssertEqual(InquiryUnitSerialNumber().cdb.bytes, [0x12, 0x01, 0x80, 0x00, 0xFC, 0x00])
        XCTAssertEqual(InquiryUnitSerialNumber(allocationLength: 0x0102).cdb.bytes,
                       [0x12, 0x01, 0x80, 0x01, 0x02, 0x00])
        XCTAssertEqual(InquiryUnitSerialNumber().transfer, .fromDevice(allocationLength: 252))
    }

    func testParsesSerial() throws {
        XCTAssertEqual(try InquiryUnitSerialNumber().parse(Self.page), "KZ8F123456")
    }

    func testPageLengthClampsTheSerial() throws {
        var bytes = Self.page
        bytes[3] = 6  // only "  KZ8F"
        XCTAssertEqual(try InquiryUnitSerialNumber().parse(bytes), "KZ8F")
        bytes[3] = 0
        XCTAssertEqual(try InquiryUnitSerialNumber().parse(bytes), "")
    }

    func testAnnouncedLongerThanReceived() throws {
        var bytes = Self.page
        bytes[2] = 0x10  // 4108 bytes announced
        XCTAssertEqual(try InquiryUnitSerialNumber().parse(bytes), "KZ8F123456")
    }

    func testWrongPageThrows() {
        var bytes = Self.page
        bytes[1] = 0x83
        mmcaAssertParseError(try InquiryUnitSerialNumber().parse(bytes))
    }

    func testShortHeaderThrows() {
        for n in 0..<4 {
            mmcaAssertParseError(try InquiryUnitSerialNumber().parse(Array(Self.page.prefix(n))), "\(n) bytes")
        }
        XCTAssertEqual(try InquiryUnitSerialNumber().parse(Array(Self.page.prefix(4))), "")
    }

    func testHostileInputsNeverTrap() {
        MMCAHostile.survive(InquiryUnitSerialNumber(), valid: Self.page, lengthField: .uint16(at: 2))
    }
}
