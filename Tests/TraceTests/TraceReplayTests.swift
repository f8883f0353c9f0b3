import Foundation
import MMC
import SCSI
import Trace
import VirtualDrive
import XCTest

final class TraceReplayTests: XCTestCase {
    private func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(UUID().uuidString)-\(name)").path
    }

    /// A probe of the virtual drive, recorded, replays green and yields the same result.
    func testRecordedProbeReplaysToTheSameResult() async throws {
        for media in ["dvd+r", "cd-r", "bd-re", "none"] {
            let path = temporaryFile("\(media).jsonl")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let live = try VirtualDrive.open(try VirtualDriveSpec(parsing: media))
            let recorded = try await OpticalDrive(transport: TracingTransport(wrapping: live, path: path)).probe()
            let replay = try ReplayTransport(path: path)
            XCTAssertGreaterThan(replay.records.count, 3, media)
            let replayed = try await OpticalDrive(transport: replay).probe()
            XCTAssertEqual(replayed, recorded, media)
            XCTAssertTrue(replay.isFinished, "\(media): \(replay.remaining) exchanges not replayed")
        }
    }

    func testReplayFailsLoudlyOnTheFirstDifferentCDB() throws {
        let path = temporaryFile("tur.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let live = try VirtualDrive.open(try VirtualDriveSpec(parsing: "dvd+r"))
        let tracer = try TracingTransport(wrapping: live, path: path)
        let tur = SCSIRequest(cdb: CDB(opcode: 0x00, length: 6))
        let inquiry = SCSIRequest(cdb: CDB([0x12, 0, 0, 0, 96, 0]), transfer: .fromDevice(allocationLength: 96))
        _ = try tracer.execute(tur)
        _ = try tracer.execute(inquiry)

        let replay = try ReplayTransport(path: path)
        XCTAssertEqual(try replay.execute(tur).status, .good)
        let other = SCSIRequest(cdb: CDB([0x12, 0, 0, 0, 36, 0]), transfer: .fromDevice(allocationLength: 36))
        XCTAssertThrowsError(try replay.execute(other)) { error in
            guard case .mismatch(let sequence, let expected, let got)? = error as? TraceError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(sequence, 2)
            XCTAssertTrue(expected.contains("120000006000"), expected)
            XCTAssertTrue(got.contains("120000002400"), got)
        }
        XCTAssertEqual(try replay.execute(inquiry).dataIn.prefix(1), [0x05])
        XCTAssertThrowsError(try replay.execute(tur)) { error in
            guard case .exhausted? = error as? TraceError else { return XCTFail("\(error)") }
        }
    }

    func testRecordsCarryStatusSenseAndData() throws {
        let path = temporaryFile("sense.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let live = try VirtualDrive.open(try VirtualDriveSpec(parsing: "none"))
        let tracer = try TracingTransport(wrapping: live, path: path)
        let readCapacity = SCSIRequest(cdb: CDB(opcode: 0x25, length: 10), transfer: .fromDevice(allocationLength: 8))
        let result = try tracer.execute(readCapacity)
        XCTAssertEqual(result.status, .checkCondition)
        let records = try ReplayTransport(path: path).records
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(records[0].cdb, "25000000000000000000")
        XCTAssertEqual(records[0].direction, "in")
        XCTAssertEqual(records[0].length, 8)
        XCTAssertEqual(records[0].status, 2)
        let sense = try SenseData(bytes: [UInt8](hexString: records[0].sense ?? "") ?? [])
        XCTAssertEqual(sense.key, .notReady)
        XCTAssertEqual(sense.asc, 0x3A)
    }

    func testCorruptTraceIsAnError() throws {
        let path = temporaryFile("bad.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"sequence\": 1}\nnot json\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ReplayTransport(path: path)) { error in
            guard case .corrupt(let line, _)? = error as? TraceError else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 1)
        }
        XCTAssertThrowsError(try ReplayTransport(path: path + ".missing"))
    }
}

/// `--scsi-log` keeps data sent and bulk reads as length + SHA-256: a burn's log is small, and still replays.
final class TracePayloadDigestTests: XCTestCase {
    private func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("trace-digest-\(UUID().uuidString)-\(name)").path
    }

    func testDigestModeKeepsNoPayloadButReplaysWritesByDigest() throws {
        let path = temporaryFile("write.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let live = try VirtualDrive.open(try VirtualDriveSpec(parsing: "dvd-ram"))
        let tracer = try TracingTransport(wrapping: live, path: path, payloads: .digest)
        let payload = [UInt8](repeating: 0xA5, count: 16 * 2048)
        let write = SCSIRequest(cdb: CDB([0x2A, 0, 0, 0, 0, 0, 0, 0, 16, 0]), transfer: .toDevice(payload))
        let read = SCSIRequest(cdb: CDB([0x28, 0, 0, 0, 0, 0, 0, 0, 16, 0]), transfer: .fromDevice(allocationLength: 16 * 2048))
        let inquiry = SCSIRequest(cdb: CDB([0x12, 0, 0, 0, 96, 0]), transfer: .fromDevice(allocationLength: 96))
        _ = try tracer.execute(inquiry)
        _ = try tracer.execute(write)
        _ = try tracer.execute(read)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertLessThan(text.utf8.count, 4096, "no payload in the log: \(text.utf8.count) bytes")
        let records = try ReplayTransport(path: path).records
        XCTAssertNil(records[1].dataOut)
        XCTAssertEqual(records[1].dataOutSHA256?.count, 64)
        XCTAssertNil(records[2].dataIn)
        XCTAssertEqual(records[2].dataInLength, 16 * 2048)
        XCTAssertNotNil(records[0].dataIn, "a drive's answers are kept whole")

        let replay = try ReplayTransport(path: path)
        XCTAssertEqual(try replay.execute(inquiry).dataIn.first, 0x05)
        var other = payload
        other[5] = 0
        XCTAssertThrowsError(try ReplayTransport(path: path).executeAll([inquiry, SCSIRequest(cdb: write.cdb, transfer: .toDevice(other))]))
        XCTAssertEqual(try replay.execute(write).status, .good)
        XCTAssertThrowsError(try replay.execute(read)) { error in
            guard case .payloadNotRecorded(3)? = error as? TraceError else { return XCTFail("\(error)") }
        }
    }

    func testFullModeReplaysReads() throws {
        let path = temporaryFile("full.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let live = try VirtualDrive.open(try VirtualDriveSpec(parsing: "dvd-ram"))
        let tracer = try TracingTransport(wrapping: live, path: path, payloads: .full)
        let payload = [UInt8](repeating: 0x3C, count: 16 * 2048)
        let write = SCSIRequest(cdb: CDB([0x2A, 0, 0, 0, 0, 0, 0, 0, 16, 0]), transfer: .toDevice(payload))
        let read = SCSIRequest(cdb: CDB([0x28, 0, 0, 0, 0, 0, 0, 0, 16, 0]), transfer: .fromDevice(allocationLength: 16 * 2048))
        _ = try tracer.execute(write)
        _ = try tracer.execute(read)
        let replay = try ReplayTransport(path: path)
        _ = try replay.execute(write)
        let data = try replay.execute(read).dataIn
        XCTAssertTrue(data == payload, "replayed \(data.count) bytes, not the written pattern")
    }
}

private extension ReplayTransport {
    func executeAll(_ requests: [SCSIRequest]) throws {
        for r in requests { _ = try execute(r) }
    }
}
