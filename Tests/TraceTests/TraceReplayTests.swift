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
