import Foundation
import MMC
import SCSI
import Trace
import VirtualDrive
import XCTest
@testable import Burning

/// Issue 9 "Done means": one recorded `--scsi-log` per write strategy, kept as a golden command sequence in
/// Tests/BurningTests/Golden/<strategy>.txt (excluded from the target's sources). Each test burns on the plain
/// VirtualDrive through the same TracingTransport `--scsi-log` uses, renders the log one command per line
/// (opcode, name, CDB; runs of WRITEs or READs as one line with a count) and compares it with the file.
/// `DISCBURN_UPDATE_GOLDEN=1` rewrites the files. Vendor-notes/sequences-libburn.md compares them with libburn.
final class GoldenSequenceTests: XCTestCase {
    var dir: URL!
    var image: URL!

    override func setUpWithError() throws {
        dir = try BurnFixture.temporaryDirectory()
        image = try BurnFixture.makeISO(in: dir, files: 20, fileBytes: 30_000)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func testEveryStrategyMatchesItsGoldenSequence() async throws {
        for strategy in BurnMatrix.all {
            let lines = try await recordedSequence(strategy)
            let golden = Self.goldenDirectory.appendingPathComponent(Self.fileName(strategy))
            let text = Self.header(strategy) + lines.joined(separator: "\n") + "\n"
            if ProcessInfo.processInfo.environment["DISCBURN_UPDATE_GOLDEN"] == "1" {
                try FileManager.default.createDirectory(at: Self.goldenDirectory, withIntermediateDirectories: true)
                try text.write(to: golden, atomically: true, encoding: .utf8)
            }
            let committed = try String(contentsOf: golden, encoding: .utf8)
            XCTAssertEqual(committed, text, "\(strategy.name): the burn's command sequence differs from "
                           + "Golden/\(Self.fileName(strategy)); if intended, rerun with DISCBURN_UPDATE_GOLDEN=1")
        }
    }

    /// The rendering itself: runs collapse, sense is shown, MODE SELECT shows its page.
    func testRenderingCollapsesRunsAndShowsSense() throws {
        let write = Write10(lba: 0, data: [UInt8](repeating: 0, count: 16 * 2048)).request
        let last = Write10(lba: 16, data: [UInt8](repeating: 0, count: 8 * 2048)).request
        let close = CloseTrackSession(function: .closeSession, trackNumber: 0, immediate: true).request
        let busy = SCSIResult(status: .checkCondition, sense: SenseData(key: .notReady, asc: 4, ascq: 7).fixedBytes)
        let records = [
            TraceRecord(sequence: 0, request: write, outcome: .success(.good()), duration: .zero),
            TraceRecord(sequence: 1, request: last, outcome: .success(.good()), duration: .zero),
            TraceRecord(sequence: 2, request: close, outcome: .success(busy), duration: .zero),
        ]
        let lines = Self.render(records)
        XCTAssertEqual(lines.count, 2, "\(lines)")
        XCTAssertEqual(lines[0], "2A WRITE(10) x2 LBA 0..23: 24 blocks (16, 8)")
        XCTAssertTrue(lines[1].hasPrefix("5B CLOSE TRACK/SESSION 5b0102"), lines[1])
        XCTAssertTrue(lines[1].hasSuffix("-> 2/04/07"), lines[1])
    }

    // MARK: recording

    private func recordedSequence(_ strategy: BurnMatrix.Strategy) async throws -> [String] {
        let clock = ManualDriveClock()
        let state = dir.appendingPathComponent(Self.fileName(strategy) + ".disc")
        let virtual = try VirtualDrive.open(parsing: "\(strategy.media):\(state.path)", clock: clock)
        if strategy.quickFormatFirst {
            let formats = try virtual.send(ReadFormatCapacities())
            let quick = try XCTUnwrap(formats.formattable.first { $0.formatType == .dvdRWQuickFormat })
            try virtual.send(FormatUnit(formatType: 0x15, blocks: quick.blocks,
                                        typeDependentParameter: quick.typeDependentParameter, immediate: false))
        }
        let log = dir.appendingPathComponent(Self.fileName(strategy) + ".jsonl")
        do {
            let traced = try TracingTransport(wrapping: virtual, path: log.path, payloads: .full)
            var options = BurnOptions()
            strategy.options(&options)
            let job = BurnJob(drive: OpticalDrive(transport: traced), imagePath: image.path, options: options)
            job.sleep = { clock.advance(by: $0) }
            let plan = try await job.plan()
            XCTAssertEqual(plan.strategy, strategy.kind, strategy.name)
            var result: BurnResult?
            for await event in job.run(plan) { if case .result(let r) = event { result = r } }
            XCTAssertEqual(result?.verify.outcome, .match, "\(strategy.name): \(result?.error ?? "no result")")
        }
        return Self.render(try ReplayTransport.decode(Data(contentsOf: log)))
    }

    // MARK: rendering

    static var goldenDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    static func fileName(_ strategy: BurnMatrix.Strategy) -> String {
        strategy.name.lowercased().replacingOccurrences(of: "+", with: "plus").replacingOccurrences(of: " ", with: "-")
            + ".txt"
    }

    static func header(_ strategy: BurnMatrix.Strategy) -> String {
        "# \(strategy.name) on a blank virtual \(strategy.media)"
            + (strategy.quickFormatFirst ? " (quick-formatted, FORMAT UNIT 15h, before the burn)" : "")
            + ": the command sequence of one burn with verify\n"
            + "# (GoldenSequenceTests; regenerate with DISCBURN_UPDATE_GOLDEN=1). One command per line: opcode, name,\n"
            + "# CDB in hex; MODE SELECT with its first page; a run of WRITEs or READs as one line; '-> K/AS/AQ' = sense.\n"
    }

    static let names: [UInt8: String] = [
        0x00: "TEST UNIT READY", 0x03: "REQUEST SENSE", 0x04: "FORMAT UNIT", 0x12: "INQUIRY", 0x1B: "START STOP UNIT",
        0x1E: "PREVENT ALLOW MEDIUM REMOVAL", 0x23: "READ FORMAT CAPACITIES", 0x25: "READ CAPACITY",
        0x28: "READ(10)", 0x2A: "WRITE(10)", 0x35: "SYNCHRONIZE CACHE", 0x43: "READ TOC/PMA/ATIP",
        0x46: "GET CONFIGURATION", 0x4A: "GET EVENT STATUS NOTIFICATION", 0x51: "READ DISC INFORMATION",
        0x52: "READ TRACK INFORMATION", 0x53: "RESERVE TRACK", 0x55: "MODE SELECT(10)", 0x5A: "MODE SENSE(10)",
        0x5B: "CLOSE TRACK/SESSION", 0x5C: "READ BUFFER CAPACITY", 0x5D: "SEND CUE SHEET", 0xA1: "BLANK",
        0xA8: "READ(12)", 0xAA: "WRITE(12)", 0xAC: "GET PERFORMANCE", 0xAD: "READ DISC STRUCTURE",
        0xB6: "SET STREAMING", 0xBB: "SET CD SPEED", 0xBE: "READ CD", 0xBF: "SEND DISC STRUCTURE",
    ]
    static let bulkOpcodes: Set<UInt8> = [0x28, 0x2A, 0xA8, 0xAA, 0xBE]

    /// One line per command; consecutive GOOD WRITEs (or READs) of one opcode collapse into one line.
    static func render(_ records: [TraceRecord]) -> [String] {
        var lines = [String]()
        var run: (opcode: UInt8, first: Int64, end: Int64, lengths: [Int])?
        func flush() {
            guard let r = run else { return }
            let name = names[r.opcode] ?? "?"
            var distinct = [Int]()
            for length in r.lengths where distinct.last != length { distinct.append(length) }
            let shape = distinct.count <= 3 ? distinct.map(String.init).joined(separator: ", ") : "mixed"
            lines.append(String(format: "%02X ", r.opcode) + "\(name) x\(r.lengths.count) LBA \(r.first)..\(r.end - 1): "
                         + "\(r.lengths.reduce(0, +)) blocks (\(shape))")
            run = nil
        }
        for record in records {
            let cdb = bytes(hex: record.cdb)
            guard let opcode = cdb.first else { continue }
            let sense = senseText(record.sense)
            if bulkOpcodes.contains(opcode), sense == nil, cdb.count >= 10 {
                let lba = Int64(Int32(bitPattern: UInt32(cdb[2]) << 24 | UInt32(cdb[3]) << 16 | UInt32(cdb[4]) << 8 | UInt32(cdb[5])))
                let blocks = opcode == 0xA8 || opcode == 0xAA
                    ? Int(cdb[6]) << 24 | Int(cdb[7]) << 16 | Int(cdb[8]) << 8 | Int(cdb[9])
                    : Int(cdb[7]) << 8 | Int(cdb[8])
                if let r = run, r.opcode == opcode, r.end == lba {
                    run = (opcode, r.first, lba + Int64(blocks), r.lengths + [blocks])
                } else {
                    flush()
                    run = (opcode, lba, lba + Int64(blocks), [blocks])
                }
                continue
            }
            flush()
            var line = String(format: "%02X ", opcode) + (names[opcode] ?? "?") + " " + record.cdb
            if opcode == 0x55, let out = record.dataOut.map(bytes(hex:)), out.count > 8 {
                line += " page " + out[8..<min(out.count, 16)].map { String(format: "%02x", $0) }.joined()
            }
            if let sense { line += " -> " + sense }
            lines.append(line)
        }
        flush()
        return lines
    }

    static func senseText(_ hex: String?) -> String? {
        guard let hex, let sense = try? SenseData(bytes: bytes(hex: hex)) else { return nil }
        return sense.triple
    }

    static func bytes(hex: String) -> [UInt8] {
        var out = [UInt8]()
        var index = hex.startIndex
        while let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex), index != hex.endIndex {
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return out }
            out.append(byte)
            index = next
        }
        return out
    }
}
