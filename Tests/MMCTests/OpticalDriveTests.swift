import SCSI
import XCTest
@testable import MMC

/// A transport answering from a script, keyed by opcode, recording what was sent.
final class OpcodeScriptTransport: SCSITransport, @unchecked Sendable {
    let deviceName = "script"
    var answers: [UInt8: [SCSIResult]]
    var sent: [UInt8] = []

    init(_ answers: [UInt8: [SCSIResult]]) { self.answers = answers }

    func execute(_ request: SCSIRequest) throws -> SCSIResult {
        let op = request.cdb.opcode
        sent.append(op)
        guard var queue = answers[op], !queue.isEmpty else {
            return SCSIResult(status: .checkCondition, sense: SenseData(key: .illegalRequest, asc: 0x20, ascq: 0).fixedBytes)
        }
        let answer = queue.count > 1 ? queue.removeFirst() : queue[0]
        answers[op] = queue
        return answer
    }

    static func check(_ key: SenseKey, _ asc: UInt8, _ ascq: UInt8) -> SCSIResult {
        SCSIResult(status: .checkCondition, sense: SenseData(key: key, asc: asc, ascq: ascq).fixedBytes)
    }

    /// Standard INQUIRY data (SPC-4 §6.6.2) with the given peripheral device type.
    static func inquiry(type: UInt8, vendor: String = "ACME", product: String = "DISK") -> SCSIResult {
        var w = ByteWriter(count: 36)
        w.set(0, type)           // qualifier 0, peripheral device type
        w.set(1, 0x80)           // RMB
        w.set(2, 0x05)           // version SPC-3
        w.set(3, 0x02)           // response data format 2
        w.set(4, 31)             // additional length
        for (i, c) in vendor.utf8.prefix(8).enumerated() { w.set(8 + i, c) }
        for (i, c) in product.utf8.prefix(16).enumerated() { w.set(16 + i, c) }
        return .good(w.bytes)
    }
}

final class OpticalDriveTests: XCTestCase {
    func testHardDiskIsRefusedBeforeAnythingElseIsSent() async throws {
        let t = OpcodeScriptTransport([0x12: [OpcodeScriptTransport.inquiry(type: 0, vendor: "ATA", product: "Samsung SSD")]])
        let drive = OpticalDrive(transport: t, sleep: { _ in })
        do {
            _ = try await drive.probe()
            XCTFail("a type 0 device was probed")
        } catch let error as OpticalDriveError {
            guard case .notMMC(_, let type, let vendor, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(type, 0)
            XCTAssertEqual(vendor, "ATA")
            XCTAssertTrue(error.description.contains("not a CD/DVD/BD drive"))
        }
        XCTAssertEqual(t.sent, [0x12], "only INQUIRY may reach a non-MMC device")
    }

    func testWaitsOutUnitAttentionAndBecomingReady() async throws {
        let t = OpcodeScriptTransport([
            0x12: [OpcodeScriptTransport.inquiry(type: 5)],
            0x00: [OpcodeScriptTransport.check(.unitAttention, 0x28, 0),
                   OpcodeScriptTransport.check(.notReady, 0x04, 0x01),
                   OpcodeScriptTransport.check(.notReady, 0x04, 0x01),
                   .good()],
        ])
        let drive = OpticalDrive(transport: t, sleep: { _ in })
        let present = try await drive.waitUntilReady()
        XCTAssertTrue(present)
        XCTAssertEqual(t.sent, [0x12, 0x00, 0x00, 0x00, 0x00])
    }

    func testNoMediumIsNotAnError() async throws {
        let t = OpcodeScriptTransport([
            0x12: [OpcodeScriptTransport.inquiry(type: 5)],
            0x00: [OpcodeScriptTransport.check(.notReady, 0x3A, 0x02)],
        ])
        let present = try await OpticalDrive(transport: t, sleep: { _ in }).waitUntilReady()
        XCTAssertFalse(present)
    }

    func testNeverReadyGivesUp() async throws {
        let t = OpcodeScriptTransport([
            0x12: [OpcodeScriptTransport.inquiry(type: 5)],
            0x00: [OpcodeScriptTransport.check(.notReady, 0x04, 0x01)],
        ])
        let drive = OpticalDrive(transport: t, readyTimeout: .zero, sleep: { _ in })
        do {
            _ = try await drive.waitUntilReady()
            XCTFail("expected neverReady")
        } catch let error as OpticalDriveError {
            guard case .neverReady = error else { return XCTFail("\(error)") }
        }
    }

    func testSpeedMultiples() {
        XCTAssertEqual(SpeedFormat.multiple(kilobytesPerSecond: 22_160, profile: .dvdPlusR), "16x")
        XCTAssertEqual(SpeedFormat.multiple(kilobytesPerSecond: 3_324, profile: .dvdPlusR), "2.4x")
        XCTAssertEqual(SpeedFormat.multiple(kilobytesPerSecond: 7_056, profile: .cdR), "40x")
        XCTAssertEqual(SpeedFormat.multiple(kilobytesPerSecond: 53_946, profile: .bdRSequential), "12x")
    }
}
