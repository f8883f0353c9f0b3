import XCTest
@testable import SGIO

final class SGIOStatusCodesTests: XCTestCase {
    func testHostStatusNamesFollowTheKernelNumbering() {
        let expected: [(UInt16, String)] = [
            (0x00, "DID_OK"), (0x01, "DID_NO_CONNECT"), (0x02, "DID_BUS_BUSY"), (0x03, "DID_TIME_OUT"),
            (0x04, "DID_BAD_TARGET"), (0x05, "DID_ABORT"), (0x06, "DID_PARITY"), (0x07, "DID_ERROR"),
            (0x08, "DID_RESET"), (0x09, "DID_BAD_INTR"), (0x0A, "DID_PASSTHROUGH"), (0x0B, "DID_SOFT_ERROR"),
            (0x0C, "DID_IMM_RETRY"), (0x0D, "DID_REQUEUE"), (0x0E, "DID_TRANSPORT_DISRUPTED"),
            (0x0F, "DID_TRANSPORT_FAILFAST"), (0x10, "DID_TARGET_FAILURE"), (0x11, "DID_NEXUS_FAILURE"),
            (0x12, "DID_ALLOC_FAILURE"), (0x13, "DID_MEDIUM_ERROR"), (0x14, "DID_TRANSPORT_MARGINAL"),
        ]
        for (raw, name) in expected {
            XCTAssertEqual(SGIOHostStatus(rawValue: raw).name, name, "host status \(raw)")
        }
        XCTAssertEqual(SGIOHostStatus.timeOut.rawValue, 3)
        XCTAssertEqual(SGIOHostStatus.reset.rawValue, 8)
        XCTAssertNil(SGIOHostStatus(rawValue: 0x15).name)
        XCTAssertNil(SGIOHostStatus(rawValue: 0xFFFF).name)
    }

    func testHostStatusDescriptions() {
        XCTAssertEqual(SGIOHostStatus.noConnect.description,
                       "DID_NO_CONNECT (0x01): could not connect to the device (unplugged or powered off?)")
        XCTAssertEqual(SGIOHostStatus(rawValue: 0x2A).description, "unknown host status 0x2a")
        XCTAssertEqual(SGIOHostStatus(rawValue: 0x1234).description, "unknown host status 0x1234")
    }

    func testDriverStatusUsesTheLowNibble() {
        let expected: [(UInt16, String)] = [
            (0, "DRIVER_OK"), (1, "DRIVER_BUSY"), (2, "DRIVER_SOFT"), (3, "DRIVER_MEDIA"), (4, "DRIVER_ERROR"),
            (5, "DRIVER_INVALID"), (6, "DRIVER_TIMEOUT"), (7, "DRIVER_HARD"), (8, "DRIVER_SENSE"),
        ]
        for (raw, name) in expected {
            XCTAssertEqual(SGIODriverStatus(rawValue: raw).name, name)
            // SUGGEST_* bits in the high nibble do not change the code.
            XCTAssertEqual(SGIODriverStatus(rawValue: raw | 0x20).name, name)
        }
        XCTAssertEqual(SGIODriverStatus(rawValue: 0x28).code, 8)
        XCTAssertNil(SGIODriverStatus(rawValue: 0x09).name)
        XCTAssertEqual(SGIODriverStatus(rawValue: 0x0F).description, "unknown driver status 0x0f")
        XCTAssertEqual(SGIODriverStatus.error.description, "DRIVER_ERROR (0x04): the driver reported an error")
    }

    func testBenignDriverStatuses() {
        XCTAssertTrue(SGIODriverStatus(rawValue: 0x00).isBenign)
        XCTAssertTrue(SGIODriverStatus(rawValue: 0x08).isBenign)
        XCTAssertTrue(SGIODriverStatus(rawValue: 0x18).isBenign)  // SUGGEST_RETRY | DRIVER_SENSE
        XCTAssertFalse(SGIODriverStatus(rawValue: 0x04).isBenign)
        XCTAssertFalse(SGIODriverStatus(rawValue: 0x06).isBenign)
    }
}

final class SGIOCompletionTests: XCTestCase {
    func testCleanCompletionIsNoFault() {
        XCTAssertNil(SGIOCompletion.fault(hostStatus: 0, driverStatus: 0))
        XCTAssertNil(SGIOCompletion.fault(hostStatus: 0, driverStatus: 0x08), "DRIVER_SENSE alone is not an error")
        XCTAssertNil(SGIOCompletion.fault(hostStatus: 0, driverStatus: 0x88), "SUGGEST_SENSE | DRIVER_SENSE")
    }

    func testHostTimeoutIsATimeout() {
        XCTAssertEqual(SGIOCompletion.fault(hostStatus: 3, driverStatus: 0),
                       .timeout(detail: "host status DID_TIME_OUT (0x03): the command timed out"))
    }

    func testDriverTimeoutIsATimeout() {
        XCTAssertEqual(SGIOCompletion.fault(hostStatus: 0, driverStatus: 0x06),
                       .timeout(detail: "driver status DRIVER_TIMEOUT (0x06): the driver timed the command out"))
    }

    func testEveryOtherHostStatusIsATransportFaultNamingIt() {
        for raw in UInt16(1)...0x14 where raw != 3 {
            guard case .transport(let detail)? = SGIOCompletion.fault(hostStatus: raw, driverStatus: 0) else {
                XCTFail("host status \(raw) should be a transport fault"); continue
            }
            let name = SGIOHostStatus(rawValue: raw).name ?? "?"
            XCTAssertTrue(detail.hasPrefix("host status \(name) ("), detail)
        }
        XCTAssertEqual(SGIOCompletion.fault(hostStatus: 1, driverStatus: 0),
                       .transport(detail: "host status DID_NO_CONNECT (0x01): could not connect to the device "
                           + "(unplugged or powered off?)"))
        XCTAssertEqual(SGIOCompletion.fault(hostStatus: 0x99, driverStatus: 0),
                       .transport(detail: "host status unknown host status 0x99"))
    }

    func testDriverErrorIsATransportFault() {
        XCTAssertEqual(SGIOCompletion.fault(hostStatus: 0, driverStatus: 0x04),
                       .transport(detail: "driver status DRIVER_ERROR (0x04): the driver reported an error"))
        XCTAssertEqual(SGIOCompletion.fault(hostStatus: 0, driverStatus: 0x07),
                       .transport(detail: "driver status DRIVER_HARD (0x07): hard error in the driver"))
    }

    func testBothBytesAreNamedAndATimeoutInEitherWins() {
        XCTAssertEqual(SGIOCompletion.fault(hostStatus: 8, driverStatus: 0x04),
                       .transport(detail: "host status DID_RESET (0x08): the bus or device was reset; "
                           + "driver status DRIVER_ERROR (0x04): the driver reported an error"))
        guard case .timeout? = SGIOCompletion.fault(hostStatus: 7, driverStatus: 0x06) else {
            return XCTFail("DRIVER_TIMEOUT with DID_ERROR is still a timeout")
        }
        guard case .transport? = SGIOCompletion.fault(hostStatus: 5, driverStatus: 0x08) else {
            return XCTFail("DID_ABORT with DRIVER_SENSE is a transport fault")
        }
    }
}
