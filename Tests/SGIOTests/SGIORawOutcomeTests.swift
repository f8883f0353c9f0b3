import Foundation
import SCSI
import SystemPackage
import XCTest
@testable import SGIO

final class SGIORawOutcomeTests: XCTestCase {
    private let readTen = SCSIRequest(cdb: CDB([0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0]),
                                      transfer: .fromDevice(allocationLength: 8), timeout: .seconds(20))

    private func result(_ outcome: SGIORawOutcome, _ request: SCSIRequest? = nil, sense: [UInt8] = [],
                        dataIn: [UInt8] = []) throws -> SCSIResult {
        try outcome.result(for: request ?? readTen, command: "opcode 28h on /dev/sr0", sense: sense, dataIn: dataIn,
                           limitBytes: 65536)
    }

    func testGoodReadKeepsOnlyTransferredBytes() throws {
        let data: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        let r = try result(SGIORawOutcome(ranIoctl: true, residual: 3), dataIn: data)
        XCTAssertEqual(r.status, .good)
        XCTAssertEqual(r.dataIn, [1, 2, 3, 4, 5])
        XCTAssertEqual(r.residual, 3)
        XCTAssertEqual(r.sense, [])
    }

    func testCheckConditionCarriesOnlyWrittenSense() throws {
        var sense = [UInt8](repeating: 0xEE, count: 64)
        // fixed format 70h, key 2 (NOT READY), additional length 10, ASC 3Ah ASCQ 01h
        sense.replaceSubrange(0..<18, with: [0x70, 0, 0x02, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0x3A, 0x01, 0, 0, 0, 0])
        let r = try result(SGIORawOutcome(ranIoctl: true, status: 0x02, driverStatus: 0x08, senseLength: 18,
                                          residual: 8), sense: sense, dataIn: [UInt8](repeating: 0, count: 8))
        XCTAssertEqual(r.status, .checkCondition)
        XCTAssertEqual(r.sense.count, 18)
        XCTAssertEqual(r.sense[12], 0x3A)
        XCTAssertEqual(r.sense[13], 0x01)
        XCTAssertEqual(r.dataIn, [])
        XCTAssertEqual(r.residual, 8)
    }

    func testHostileResidualAndSenseLengthAreClamped() throws {
        let r = try result(SGIORawOutcome(ranIoctl: true, status: 0x02, senseLength: 200, residual: -50),
                           sense: [UInt8](repeating: 0x70, count: 64), dataIn: [9, 9, 9, 9, 9, 9, 9, 9])
        XCTAssertEqual(r.sense.count, 64)
        XCTAssertEqual(r.dataIn.count, 8)
        XCTAssertEqual(r.residual, 0)
        let big = try result(SGIORawOutcome(ranIoctl: true, residual: Int32.max), dataIn: [1, 2, 3, 4, 5, 6, 7, 8])
        XCTAssertEqual(big.dataIn, [])
        XCTAssertEqual(big.residual, 8)
    }

    func testWriteAndNoDataReturnNoDataIn() throws {
        let write = SCSIRequest(cdb: CDB([0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0]), transfer: .toDevice([1, 2, 3, 4]))
        let w = try result(SGIORawOutcome(ranIoctl: true, residual: 1), write, dataIn: [1, 2, 3, 4])
        XCTAssertEqual(w.dataIn, [])
        XCTAssertEqual(w.residual, 1)
        let unitReady = SCSIRequest(cdb: CDB([0, 0, 0, 0, 0, 0]))
        let t = try result(SGIORawOutcome(ranIoctl: true, residual: 12), unitReady)
        XCTAssertEqual(t.residual, 0)
    }

    func testIoctlFailureIsASystemError() {
        XCTAssertThrowsError(try result(SGIORawOutcome(ranIoctl: false, ioctlErrno: EINTR))) { error in
            guard case SCSIError.system(let operation, let code, let message) = error else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(operation, "SG_IO opcode 28h on /dev/sr0")
            XCTAssertEqual(code, EINTR)
            XCTAssertTrue(message.contains("outcome is unknown, so it is not retried"), message)
        }
    }

    func testHostTimeoutIsATimeoutWithTheRequestDuration() {
        XCTAssertThrowsError(try result(SGIORawOutcome(ranIoctl: true, hostStatus: 3))) { error in
            XCTAssertEqual(error as? SCSIError, .timeout(command: "opcode 28h on /dev/sr0", after: .seconds(20)))
        }
        XCTAssertThrowsError(try result(SGIORawOutcome(ranIoctl: true, driverStatus: 0x06))) { error in
            XCTAssertEqual(error as? SCSIError, .timeout(command: "opcode 28h on /dev/sr0", after: .seconds(20)))
        }
    }

    func testHostFailureIsATransportErrorNamingDID() {
        XCTAssertThrowsError(try result(SGIORawOutcome(ranIoctl: true, status: 0x02, hostStatus: 1))) { error in
            XCTAssertEqual(error as? SCSIError, .transport(
                command: "opcode 28h on /dev/sr0",
                message: "host status DID_NO_CONNECT (0x01): could not connect to the device "
                    + "(unplugged or powered off?)"))
        }
    }
}

final class SGIOExecuteTests: XCTestCase {
    /// /dev/null wrapped without the open checks: SG_IO reaches the kernel and fails with ENOTTY, which must come
    /// back as `SCSIError.system`, never as a result.
    func testExecuteOnANonSCSIDescriptorThrowsSystemError() throws {
        let fd = try FileDescriptor.open("/dev/null", .readWrite)
        let transport = SGIOTransport(descriptor: fd, path: "/dev/null", access: .shared, kind: .characterDevice,
                                      driverVersion: 0, maximumTransferBytes: 65536)
        let inquiry = SCSIRequest(cdb: CDB([0x12, 0, 0, 0, 36, 0]), transfer: .fromDevice(allocationLength: 36))
        XCTAssertThrowsError(try transport.execute(inquiry)) { error in
            guard case SCSIError.system(let operation, let code, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(operation, "SG_IO opcode 12h on /dev/null")
            XCTAssertEqual(code, ENOTTY)
        }
        let write = SCSIRequest(cdb: CDB([0x2A, 0, 0, 0, 0, 0, 0, 0, 1, 0]),
                                transfer: .toDevice([UInt8](repeating: 7, count: 2048)))
        XCTAssertThrowsError(try transport.execute(write))
        XCTAssertTrue(transport.isOpen)
        transport.close()
        XCTAssertFalse(transport.isOpen)
        transport.close()  // idempotent
    }

    func testCommandText() {
        XCTAssertEqual(SGIOTransport.commandText(opcode: 0xBE, device: "/dev/sg2"), "opcode BEh on /dev/sg2")
        XCTAssertEqual(SGIOTransport.commandText(opcode: 0x00, device: "/dev/sr0"), "opcode 00h on /dev/sr0")
    }
}
