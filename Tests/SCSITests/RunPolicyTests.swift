import XCTest
@testable import SCSI

/// A transport that answers from a script, for testing the retry policy.
final class ScriptedTransport: SCSITransport, @unchecked Sendable {
    var answers: [SCSIResult]
    var sent = 0
    let deviceName = "scripted"
    init(_ answers: [SCSIResult]) { self.answers = answers }
    func execute(_ request: SCSIRequest) throws -> SCSIResult {
        sent += 1
        return answers.isEmpty ? .good() : answers.removeFirst()
    }
}

final class RunPolicyTests: XCTestCase {
    let tur = SCSIRequest(cdb: CDB(opcode: 0x00, length: 6))

    func check(_ key: SenseKey, _ asc: UInt8, _ ascq: UInt8) -> SCSIResult {
        SCSIResult(status: .checkCondition, sense: SenseData(key: key, asc: asc, ascq: ascq).fixedBytes)
    }

    func testRetriesBecomingReadyAndUnitAttentionThenSucceeds() throws {
        let t = ScriptedTransport([check(.unitAttention, 0x28, 0), check(.notReady, 4, 1), .good([1, 2])])
        var slept: [Duration] = []
        let r = try t.run(tur, name: "TEST UNIT READY", sleep: { slept.append($0) })
        XCTAssertEqual(r.dataIn, [1, 2])
        XCTAssertEqual(t.sent, 3)
        XCTAssertEqual(slept, [.seconds(1)])
    }

    func testFailDispositionThrowsWithSense() {
        let t = ScriptedTransport([check(.illegalRequest, 0x24, 0)])
        XCTAssertThrowsError(try t.run(tur, name: "X", sleep: { _ in })) { error in
            guard let e = error as? SCSIError else { return XCTFail("\(error)") }
            XCTAssertTrue(e.isSense(.illegalRequest, 0x24, 0))
            XCTAssertTrue(e.description.contains("invalid field in CDB"))
        }
        XCTAssertEqual(t.sent, 1)
    }

    func testRetryBudgetIsBounded() {
        let t = ScriptedTransport(Array(repeating: check(.notReady, 4, 8), count: 50))
        let policy = RetryPolicy(maximumWait: .seconds(1), maximumAttempts: 100)
        XCTAssertThrowsError(try t.run(tur, name: "WRITE(10)", policy: policy, sleep: { _ in })) { error in
            guard case .retriesExhausted(_, let s, let n)? = error as? SCSIError else { return XCTFail("\(error)") }
            XCTAssertEqual(s.triple, "2/04/08")
            XCTAssertEqual(n, 11)
        }
    }

    func testNoRetryPolicySendsOnce() {
        let t = ScriptedTransport([check(.notReady, 4, 1)])
        XCTAssertThrowsError(try t.run(tur, name: "X", policy: .none, sleep: { _ in }))
        XCTAssertEqual(t.sent, 1)
    }

    func testRecoveredErrorIsSuccess() throws {
        var r = check(.recoveredError, 0x17, 1)
        r.dataIn = [9]
        let t = ScriptedTransport([r])
        XCTAssertEqual(try t.run(tur, name: "READ(10)", sleep: { _ in }).dataIn, [9])
    }

    func testUndecodableSenseAndBadStatus() {
        let t = ScriptedTransport([SCSIResult(status: .checkCondition, sense: [0x00, 1]),
                                   SCSIResult(status: .reservationConflict)])
        XCTAssertThrowsError(try t.run(tur, name: "X", sleep: { _ in })) {
            guard case .undecodableSense? = $0 as? SCSIError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try t.run(tur, name: "X", sleep: { _ in })) {
            XCTAssertEqual($0 as? SCSIError, .badStatus(command: "X", status: .reservationConflict))
        }
    }

    /// Issue 9 point 5: 1/0C/01 and 1/73/01 were caught by the any-key rows for ASC 0Ch and 73h and failed a
    /// WRITE or CLOSE that had succeeded.
    func testRecoveredWriteErrorAndPowerCalibrationAreSuccess() throws {
        for (asc, ascq) in [(UInt8(0x0C), UInt8(0x01)), (0x73, 0x01), (0x0C, 0x00), (0x73, 0x02)] {
            let t = ScriptedTransport([check(.recoveredError, asc, ascq)])
            let r = try t.run(tur, name: "WRITE(10)", sleep: { _ in })
            XCTAssertEqual(r.status, .good, "1/\(asc)/\(ascq)")
            XCTAssertFalse(r.sense.isEmpty, "the sense stays with the result so the caller can note it")
            XCTAssertEqual(t.sent, 1)
        }
        XCTAssertEqual(SenseTable.entry(key: .mediumError, asc: 0x0C, ascq: 0x01).disposition, .fail)
    }

    /// Issue 9 point 12: a reset during a burn is not retried when the policy says so; probing still retries it.
    func testResetIsFatalOnlyWhenThePolicySaysSo() throws {
        let burning = ScriptedTransport([check(.unitAttention, 0x29, 0), .good()])
        let policy = RetryPolicy(maximumWait: .seconds(200), maximumAttempts: 5000, resetIsFatal: true)
        XCTAssertThrowsError(try burning.run(tur, name: "WRITE(10)", policy: policy, sleep: { _ in })) { error in
            XCTAssertTrue((error as? SCSIError)?.isSense(.unitAttention, 0x29) == true, "\(error)")
        }
        XCTAssertEqual(burning.sent, 1)
        let probing = ScriptedTransport([check(.unitAttention, 0x29, 0), .good()])
        _ = try probing.run(tur, name: "TEST UNIT READY", sleep: { _ in })
        XCTAssertEqual(probing.sent, 2)
    }
}
