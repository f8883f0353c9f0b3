import XCTest
@testable import SCSI

final class SenseDataTests: XCTestCase {
    /// SPC-4 §4.5.3 fixed format: medium error 3/11/00 with INFORMATION = LBA 0x00012345.
    func testFixedFormatWithInformation() throws {
        let bytes: [UInt8] = [
            0xF0,                   // VALID=1, response code 70h (current, fixed)
            0x00,                   // obsolete
            0x03,                   // sense key MEDIUM ERROR
            0x00, 0x01, 0x23, 0x45, // INFORMATION
            0x0A,                   // additional sense length: 10 bytes follow
            0x00, 0x00, 0x00, 0x00, // command-specific information
            0x11, 0x00,             // ASC 11h, ASCQ 00h: unrecovered read error
            0x00,                   // FRU
            0x00, 0x00, 0x00,       // sense-key specific (SKSV=0)
        ]
        let s = try SenseData(bytes: bytes)
        XCTAssertEqual(s.format, .fixed)
        XCTAssertTrue(s.isCurrent)
        XCTAssertEqual(s.key, .mediumError)
        XCTAssertEqual(s.asc, 0x11)
        XCTAssertEqual(s.ascq, 0x00)
        XCTAssertEqual(s.information, 0x12345)
        XCTAssertNil(s.progress)
        XCTAssertEqual(s.triple, "3/11/00")
    }

    /// Fixed format, NOT READY 2/04/04 format in progress, progress indication 0x8000 = 50 %.
    func testFixedFormatProgressIndication() throws {
        let bytes: [UInt8] = [0x70, 0, 0x02, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0x04, 0x04, 0, 0x80, 0x80, 0x00]
        let s = try SenseData(bytes: bytes)
        XCTAssertEqual(s.key, .notReady)
        XCTAssertEqual(s.asc, 0x04)
        XCTAssertEqual(s.ascq, 0x04)
        XCTAssertNil(s.information, "VALID bit is clear")
        XCTAssertEqual(s.progress, 0.5)
        XCTAssertEqual(s.senseKeySpecific, [0x80, 0x80, 0x00])
    }

    func testDeferredFixedFormat() throws {
        let s = try SenseData(bytes: [0x71, 0, 0x03, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0x0C, 0x09, 0, 0, 0, 0])
        XCTAssertFalse(s.isCurrent)
        XCTAssertEqual(s.triple, "3/0C/09")
    }

    /// SPC-4 §4.5.2 descriptor format with an information descriptor and a sense-key specific descriptor.
    func testDescriptorFormat() throws {
        let bytes: [UInt8] = [
            0x72,       // response code 72h (current, descriptor)
            0x02,       // sense key NOT READY
            0x04, 0x07, // ASC/ASCQ operation in progress
            0, 0, 0,    // reserved
            0x14,       // additional sense length: 20
            0x00, 0x0A, 0x80, 0x00, 0, 0, 0, 0, 0, 0, 0x10, 0x00, // information descriptor: VALID, 0x1000
            0x02, 0x06, 0, 0, 0x80, 0x40, 0x00, 0x00,             // sense key specific: SKSV, progress 0x4000
        ]
        let s = try SenseData(bytes: bytes)
        XCTAssertEqual(s.format, .descriptor)
        XCTAssertEqual(s.key, .notReady)
        XCTAssertEqual(s.asc, 0x04)
        XCTAssertEqual(s.ascq, 0x07)
        XCTAssertEqual(s.information, 0x1000)
        XCTAssertEqual(s.progress, 0.25)
    }

    func testShortFixedSenseKeepsWhatArrived() throws {
        // Only 8 bytes: key known, no ASC.
        let s = try SenseData(bytes: [0x70, 0, 0x06, 0, 0, 0, 0, 0x0A])
        XCTAssertEqual(s.key, .unitAttention)
        XCTAssertEqual(s.asc, 0)
        // Announced length larger than received: ASC still read within received bytes.
        let t = try SenseData(bytes: [0x70, 0, 0x05, 0, 0, 0, 0, 0xFF, 0, 0, 0, 0, 0x24, 0x00])
        XCTAssertEqual(t.triple, "5/24/00")
    }

    func testHostileSense() {
        XCTAssertThrowsError(try SenseData(bytes: [])) { XCTAssertEqual($0 as? SenseData.ParseError, .empty) }
        XCTAssertThrowsError(try SenseData(bytes: [0x00])) {
            XCTAssertEqual($0 as? SenseData.ParseError, .unknownResponseCode(0))
        }
        XCTAssertThrowsError(try SenseData(bytes: [0x70, 0x00]))
        XCTAssertThrowsError(try SenseData(bytes: [0x72, 0x05, 0x24]))
        // Descriptor with a length running past the data: ignored, not read.
        let s = try? SenseData(bytes: [0x72, 0x03, 0x11, 0x00, 0, 0, 0, 0xF0, 0x00, 0xFF, 0x80])
        XCTAssertEqual(s?.information, nil)
        var seed: UInt64 = 42
        for _ in 0..<2000 {
            let n = Int(next(&seed) % 300)
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: next(&seed)) }
            _ = try? SenseData(bytes: bytes)
        }
    }

    func testFixedBytesRoundTrip() throws {
        let original = SenseData(key: .illegalRequest, asc: 0x21, ascq: 0x02, information: 77)
        let back = try SenseData(bytes: original.fixedBytes)
        XCTAssertEqual(back.triple, "5/21/02")
        XCTAssertEqual(back.information, 77)
        XCTAssertEqual(original.fixedBytes.count, 18)
        XCTAssertEqual(original.fixedBytes[0], 0xF0)
        let progressing = SenseData(key: .notReady, asc: 4, ascq: 4, progress: 0.75)
        XCTAssertEqual(try SenseData(bytes: progressing.fixedBytes).progress, 0.75)
    }

    private func next(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
