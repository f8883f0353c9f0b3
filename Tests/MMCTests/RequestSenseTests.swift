import XCTest
import SCSI
@testable import MMC

final class RequestSenseTests: XCTestCase {
    /// Fixed-format sense (SPC-4 §4.5.3): NOT READY, LONG WRITE IN PROGRESS, progress 50 %.
    static let longWrite: [UInt8] = [
        0x70,                    // 0: current, fixed format
        0x00,                    // 1: obsolete
        0x02,                    // 2: sense key NOT READY
        0x00, 0x00, 0x00, 0x00,  // 3-6: information
        0x0A,                    // 7: additional sense length 10
        0x00, 0x00, 0x00, 0x00,  // 8-11: command-specific
        0x04, 0x08,              // 12-13: ASC/ASCQ 04/08
        0x00,                    // 14: FRU
        0x80, 0x80, 0x00,        // 15-17: SKSV, progress 8000h of 10000h
    ]

    func testCDB() {
        XCTAssertEqual(RequestSense().cdb.bytes, [0x03, 0x00, 0x00, 0x00, 0xFC, 0x00])
        XCTAssertEqual(RequestSense(allocationLength: 18, descriptorFormat: true).cdb.bytes,
                       [0x03, 0x01, 0x00, 0x00, 0x12, 0x00])
        XCTAssertEqual(RequestSense().transfer, .fromDevice(allocationLength: 252))
    }

    func testParsesFixedSenseWithProgress() throws {
        let s = try RequestSense().parse(Self.longWrite)
        XCTAssertEqual(s.key, .notReady)
        XCTAssertEqual(s.asc, 0x04)
        XCTAssertEqual(s.ascq, 0x08)
        XCTAssertEqual(s.format, .fixed)
        XCTAssertEqual(s.progress, 0.5)
    }

    func testParsesDescriptorSense() throws {
        let bytes: [UInt8] = [0x72, 0x05, 0x24, 0x00, 0, 0, 0, 0]  // ILLEGAL REQUEST, 24/00, no descriptors
        let s = try RequestSense().parse(bytes)
        XCTAssertEqual(s.format, .descriptor)
        XCTAssertEqual(s.key, .illegalRequest)
        XCTAssertEqual(s.asc, 0x24)
    }

    func testEmptyOrAllZeroMeansNoSense() throws {
        for bytes in [[], [0x00], [UInt8](repeating: 0, count: 18)] {
            let s = try RequestSense().parse(bytes)
            XCTAssertEqual(s.key, .noSense)
            XCTAssertEqual(s.asc, 0)
            XCTAssertEqual(s.ascq, 0)
            XCTAssertNil(s.progress)
        }
    }

    func testUndecodableThrows() {
        mmcaAssertParseError(try RequestSense().parse([0x70]))          // no sense key byte
        mmcaAssertParseError(try RequestSense().parse([0x70, 0x00]))
        mmcaAssertParseError(try RequestSense().parse([0x12, 0x00, 0x05]))  // unknown response code
    }

    func testShortFixedSenseKeepsKeyOnly() throws {
        let s = try RequestSense().parse(Array(Self.longWrite.prefix(8)))
        XCTAssertEqual(s.key, .notReady)
        XCTAssertEqual(s.asc, 0)
        XCTAssertNil(s.progress)
    }

    func testHostileInputsNeverTrap() {
        MMCAHostile.survive(RequestSense(), valid: Self.longWrite, lengthField: .uint8(at: 7))
    }
}
