import XCTest
@testable import SCSI

final class SenseTableTests: XCTestCase {
    func testNamedConditionsFromMMCNotes() {
        let expectations: [(SenseKey, UInt8, UInt8, String, SenseDisposition)] = [
            (.notReady, 0x04, 0x01, "becoming ready", .retry(after: .seconds(1))),
            (.notReady, 0x04, 0x04, "format in progress", .retry(after: .seconds(1))),
            (.notReady, 0x04, 0x07, "operation in progress", .retry(after: .milliseconds(500))),
            (.notReady, 0x04, 0x08, "long write in progress", .retry(after: .milliseconds(100))),
            (.notReady, 0x3A, 0x00, "medium not present", .fail),
            (.notReady, 0x3A, 0x01, "tray closed", .fail),
            (.notReady, 0x3A, 0x02, "tray open", .fail),
            (.unitAttention, 0x28, 0x00, "medium may have changed", .retry(after: .zero)),
            (.unitAttention, 0x29, 0x00, "power on", .retry(after: .zero)),
            (.unitAttention, 0x29, 0x02, "power on", .retry(after: .zero)),
            (.dataProtect, 0x27, 0x00, "write protected", .fail),
            (.mediumError, 0x0C, 0x00, "write error", .fail),
            (.mediumError, 0x0C, 0x09, "loss of streaming", .fail),
            (.mediumError, 0x11, 0x00, "unrecovered read error", .fail),
            (.mediumError, 0x73, 0x03, "power calibration area error", .fail),
            (.illegalRequest, 0x20, 0x00, "invalid command operation code", .fail),
            (.illegalRequest, 0x21, 0x00, "out of range", .fail),
            (.illegalRequest, 0x21, 0x02, "invalid address for write", .fail),
            (.illegalRequest, 0x24, 0x00, "invalid field in CDB", .fail),
            (.illegalRequest, 0x26, 0x00, "invalid field in parameter list", .fail),
            (.illegalRequest, 0x2C, 0x00, "command sequence error", .fail),
            (.illegalRequest, 0x30, 0x05, "incompatible format", .fail),
            (.illegalRequest, 0x63, 0x00, "end of user area", .fail),
            (.illegalRequest, 0x64, 0x00, "illegal mode for this track", .fail),
            (.illegalRequest, 0x72, 0x03, "session fixation error", .fail),
            (.recoveredError, 0x17, 0x01, "recovered data", .recovered),
        ]
        for (key, asc, ascq, text, disposition) in expectations {
            let e = SenseTable.entry(key: key, asc: asc, ascq: ascq)
            XCTAssertTrue(e.message.contains(text), "\(key)/\(asc)/\(ascq): '\(e.message)' lacks '\(text)'")
            XCTAssertEqual(e.disposition, disposition, "\(key)/\(asc)/\(ascq)")
        }
    }

    func testExactRowBeatsGenericRow() {
        // 3/0C/09 has its own row; 3/0C/42 falls back to the ASC row.
        XCTAssertTrue(SenseTable.entry(key: .mediumError, asc: 0x0C, ascq: 0x09).message.contains("streaming"))
        XCTAssertEqual(SenseTable.entry(key: .mediumError, asc: 0x0C, ascq: 0x42).message, "write error")
        // Unknown ASC under a known key: fallback names the key and codes.
        let unknown = SenseTable.entry(key: .hardwareError, asc: 0xEE, ascq: 0x01)
        XCTAssertTrue(unknown.message.contains("hardware error"))
        XCTAssertTrue(unknown.message.contains("0xee"))
        XCTAssertEqual(unknown.disposition, .fail)
        XCTAssertEqual(SenseTable.entry(key: .unitAttention, asc: 0xEE, ascq: 0).disposition, .retry(after: .zero))
    }

    func testHintsForUserFixableConditions() {
        XCTAssertNotNil(SenseTable.entry(key: .notReady, asc: 0x3A, ascq: 0x01).hint)
        XCTAssertNotNil(SenseTable.entry(key: .dataProtect, asc: 0x27, ascq: 0x00).hint)
        XCTAssertNotNil(SenseTable.entry(key: .mediumError, asc: 0x0C, ascq: 0x09).hint)
    }

    func testEveryRowIsReachable() {
        for e in SenseTable.entries {
            guard let key = e.key, let ascq = e.ascq else { continue }
            XCTAssertEqual(SenseTable.entry(key: key, asc: e.asc, ascq: ascq), e, "row \(e.message) shadowed")
        }
    }
}
