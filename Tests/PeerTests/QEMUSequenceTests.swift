import Foundation
import XCTest

/// Our DVD+R burn's command sequence against xorriso's (libburn) and growisofs's on the same kind of LUN, cut
/// from QEMU's trace of the shared guest. Every difference must be listed, with its reason, in the table of
/// Vendor-notes/sequences.md; a listed difference that disappeared fails too, so the table stays true.
///
/// After a change to the engine: run `swift test --filter QEMUSequenceTests`; the failure lists each NEW
/// difference as a ready table row (fill in REASON) and each STALE row to delete. The sequences are written to
/// `.build/peer-artefacts/sequences/` on every run (and with DISCBURN_RECORD_SEQUENCES=1 to
/// Tests/PeerTests/qemu/sequences/, kept in git).
final class QEMUSequenceTests: XCTestCase {
    static var notes: URL { PeerEnvironment.packageRoot.appendingPathComponent("Vendor-notes/sequences.md") }

    func testOurSequenceDiffersFromXorrisosAndGrowisofsOnlyAsListed() throws {
        let session = try QEMUPeerSession.shared.get()
        let directory = try session.keepSequenceArtefacts()
        print("command sequences written to \(directory.path)")
        let ours = try session.sequence(step: "burn-sr", lun: .ourBlock).withoutKernelMediaEventChecks()
        XCTAssertGreaterThan(ours.writes.count, 0, "no WRITE of ours in the trace")
        let imageBlocks = UInt64(try TestMedia.size(of: session.burnISO) / 2048)
        var found = Set<SequenceComparison.Difference>()
        for burn in QEMUPeerSession.comparedBurns where burn.name != "ours" {
            let theirs = try session.sequence(step: burn.step, lun: burn.lun).withoutKernelMediaEventChecks()
            XCTAssertGreaterThan(theirs.writes.count, 0, "no WRITE of \(burn.name) in the trace")
            found.formUnion(SequenceComparison.differences(ours: ours, theirs: theirs, peer: burn.name,
                                                           imageBlocks: imageBlocks))
        }
        let table = try SequenceComparison.parseTable(String(contentsOf: Self.notes, encoding: .utf8))
        let problems = SequenceComparison.problems(found: found, allowed: table, peers: ["xorriso", "growisofs"])
        XCTAssertEqual(problems, [], "\n" + problems.joined(separator: "\n"))
    }

    /// The kernel's allow-list and the sg driver change nothing in what we send while writing.
    func testOurWritePhaseIsTheSameThroughSgAndAsUser() throws {
        let session = try QEMUPeerSession.shared.get()
        let root = try session.sequence(step: "burn-sr", lun: .ourBlock)
        for (step, lun) in [("burn-sg", BurnLUN.ourGeneric), ("burn-user", .ourUser)] {
            let other = try session.sequence(step: step, lun: lun)
            XCTAssertEqual(other.keys(.write), root.keys(.write), step)
            XCTAssertEqual(other.blocksWritten, root.blocksWritten, step)
        }
    }

    func testTheNotesTableParsesAndEveryRowHasAReason() throws {
        let rows = try SequenceComparison.parseTable(String(contentsOf: Self.notes, encoding: .utf8))
        XCTAssertFalse(rows.isEmpty)
        for row in rows {
            XCTAssertTrue(["xorriso", "growisofs"].contains(row.difference.peer), row.difference.peer)
            XCTAssertTrue(["ours", row.difference.peer].contains(row.difference.onlyIn), "\(row.difference)")
            XCTAssertFalse(row.reason.isEmpty || row.reason == "REASON", "\(row.difference)")
        }
    }
}

/// The trace parser and the comparison on hand-made input (no guest needed).
final class SequenceToolTests: XCTestCase {
    private func command(_ target: Int, _ cdb: [UInt8]) -> QEMUTrace.Command {
        QEMUTrace.Command(target: target, opcode: cdb[0], transferBytes: 0, cdb: cdb)
    }

    private func write(_ lba: UInt8, blocks: UInt8 = 16) -> QEMUTrace.Command {
        command(3, [0x2A, 0, 0, 0, 0, lba, 0, 0, blocks, 0])
    }

    func testTraceIsCutAtMarkersAndCDBsArePairedWithTheirTarget() {
        let log = """
        scsi_req_parsed target 0 lun 0 tag 1 command 0 dir 0 length 0
        pci_cfg_read i440FX 00:00.0 @0xc1 -> 0x0
        scsi_req_parsed target 3 lun 0 tag 2 command 3 dir 1 length 18
        12345@1700000000.000001:scsi_req_parsed target 3 lun 0 tag 3 command 42 dir 2 length 32768
        scsi_req_parsed target 4 lun 0 tag 4 command 0 dir 0 length 0
        scsi_generic_send_command Command: data= 0x2a 0x00 0x00 0x00 0x00 0x10 0x00 0x00 0x10 0x00
        scsi_generic_send_command Command: data= 0x00 0x00 0x00 0x00 0x00 0x00
        garbage line scsi_req_parsed target
        scsi_req_parsed target 3 lun 0 tag 5 command 999 dir 0 length 0
        pci_cfg_read i440FX 00:00.0 @0x10 -> 0xfebc0000
        pci_cfg_read i440FX 00:00.0 @0xc2 -> 0x0
        scsi_req_parsed target 3 lun 0 tag 6 command 53 dir 0 length 0
        scsi_generic_send_command Command: data= 0x35 0x02 0x00 0x00 0x00 0x00 0x00 0x00 0x00 0x00
        """
        let trace = QEMUTrace(text: log, passthroughTargets: [3, 4])
        XCTAssertEqual(trace.markerNumbers, [1, 2])
        XCTAssertTrue(trace.markersAreConsecutive)
        XCTAssertEqual(trace.segments[0].map(\.target), [0])
        let step1 = trace.commands(ofStep: 1, target: 3)
        XCTAssertEqual(step1.map(\.opcode), [0x03, 0x2A], "REQUEST SENSE answered by QEMU, then the WRITE")
        XCTAssertNil(step1[0].cdb)
        XCTAssertEqual(step1[1].cdb?.count, 10)
        XCTAssertEqual(trace.commands(ofStep: 1, target: 4).map(\.cdb), [[0, 0, 0, 0, 0, 0]])
        XCTAssertEqual(trace.commands(ofStep: 2, target: 3).map { CommandSequence.key($0) },
                       ["SYNCHRONIZE CACHE IMMED"])
        XCTAssertEqual(trace.commands(ofStep: 3, target: 3), [])
        XCTAssertFalse(QEMUTrace(text: "pci_cfg_read i440FX 00:00.0 @0xc2 -> 0x0", passthroughTargets: [])
            .markersAreConsecutive)
    }

    func testPhasesKeysPacingAndContiguity() {
        let rbc = command(3, [0x5C, 0, 0, 0, 0, 0, 0, 0, 12, 0])
        let sequence = CommandSequence([command(3, [0x1E, 0, 0, 0, 1, 0]),
                                        command(3, [0x5A, 0, 0x05, 0, 0, 0, 0, 0, 60, 0]), write(0), write(16), rbc, write(32), write(48), rbc, write(64, blocks: 7),
                                        command(3, [0x35, 2, 0, 0, 0, 0, 0, 0, 0, 0]), command(3, [0, 0, 0, 0, 0, 0]),
                                        command(3, [0, 0, 0, 0, 0, 0]), command(3, [0x5B, 0, 2, 0, 0, 0, 0, 0, 0, 0])])
        XCTAssertEqual(sequence.keys(.prepare), ["MODE SENSE(10) page 05h", "PREVENT ALLOW MEDIUM REMOVAL prevent=1"])
        XCTAssertEqual(sequence.keys(.write), ["READ BUFFER CAPACITY every 2 WRITEs",
                                               "WRITE addresses contiguous from LBA 0", "WRITE(10) 16 blocks",
                                               "WRITE(10) 7 blocks"])
        XCTAssertEqual(sequence.keys(.finish), ["SYNCHRONIZE CACHE IMMED", "TEST UNIT READY",
                                                "CLOSE TRACK/SESSION function 10b"])
        XCTAssertEqual(sequence.blocksWritten, 71)
        XCTAssertEqual(CommandSequence([write(0), write(32)]).contiguityKey, "WRITE addresses not contiguous")
        XCTAssertEqual(CommandSequence([command(3, [0x2A, 0])]).contiguityKey, "WRITE addresses unknown",
                       "a short CDB is read without trapping")
        XCTAssertEqual(CommandSequence.key(command(3, [0x5B])), "CLOSE TRACK/SESSION function 0b")
    }

    func testTheKernelsMediaEventChecksAreLeftOut() {
        let events = command(3, [0x4A, 1, 0, 0, 0x10, 0, 0, 0, 8, 0])
        let all = command(3, [0x4A, 1, 0, 0, 0xFF, 0, 0, 0, 8, 0])
        let unlock = command(3, [0x1E, 0, 0, 0, 0, 0]), ready = command(3, [0, 0, 0, 0, 0, 0])
        let sequence = CommandSequence([events, unlock, ready, write(0), all, ready, events, ready, ready])
        XCTAssertEqual(sequence.withoutKernelMediaEventChecks().commands.map { CommandSequence.key($0) }, [
            "PREVENT ALLOW MEDIUM REMOVAL prevent=0", "WRITE(10) 16 blocks",
            "GET EVENT STATUS NOTIFICATION classes FFh", "TEST UNIT READY", "TEST UNIT READY",
        ])
    }

    func testDifferencesAgainstTheTable() throws {
        let ours = CommandSequence([write(0), command(3, [0x35, 2, 0, 0, 0, 0, 0, 0, 0, 0]),
                                    command(3, [0x5B, 0, 2, 0, 0, 0, 0, 0, 0, 0])])
        let theirs = CommandSequence([command(3, [0x1E, 0, 0, 0, 1, 0]), write(0),
                                      command(3, [0x35, 2, 0, 0, 0, 0, 0, 0, 0, 0]), command(3, [0, 0, 0, 0, 0, 0]),
                                      command(3, [0x5B, 0, 5, 0, 0, 0, 0, 0, 0, 0])])
        let found = SequenceComparison.differences(ours: ours, theirs: theirs, peer: "xorriso")
        XCTAssertEqual(found.sorted().map { SequenceComparison.row($0, reason: "r") }, [
            "| xorriso | prepare | xorriso | `PREVENT ALLOW MEDIUM REMOVAL prevent=1` | r |",
            "| xorriso | finish | ours | `CLOSE TRACK/SESSION function 10b` | r |",
            "| xorriso | finish | xorriso | `CLOSE TRACK/SESSION function 101b` | r |",
            "| xorriso | finish | xorriso | `TEST UNIT READY` | r |",
        ])
        let notes = """
        text
        \(SequenceComparison.tableBegin)
        | peer | phase | only in | command | reason |
        | --- | --- | --- | --- | --- |
        | xorriso | prepare | xorriso | `PREVENT ALLOW MEDIUM REMOVAL prevent=1` | libburn locks the tray |
        | xorriso | finish | xorriso | `TEST UNIT READY` | libburn polls with TEST UNIT READY |
        | xorriso | write | ours | `READ BUFFER CAPACITY every 64 WRITEs` | gone |
        | growisofs | write | ours | `X` | not compared here |
        | xorriso | finish | ours | `CLOSE TRACK/SESSION function 10b` | |
        \(SequenceComparison.tableEnd)
        """
        let rows = try SequenceComparison.parseTable(notes)
        XCTAssertEqual(rows.count, 5)
        let problems = SequenceComparison.problems(found: found, allowed: rows, peers: ["xorriso"])
        XCTAssertEqual(problems.count, 3, problems.joined(separator: "\n"))
        XCTAssertTrue(problems[0].hasPrefix("NEW difference") && problems[0].contains("function 101b"), problems[0])
        XCTAssertTrue(problems[1].hasPrefix("STALE row") && problems[1].contains("every 64"), problems[1])
        XCTAssertTrue(problems[2].hasPrefix("row without a reason"), problems[2])
        let padded = SequenceComparison.differences(ours: ours, theirs: theirs, peer: "xorriso", imageBlocks: 10)
            .subtracting(found).sorted().map { SequenceComparison.row($0, reason: "r") }
        XCTAssertEqual(padded, [], "both wrote 16 blocks: the same padding")
        let longer = CommandSequence([write(0), write(16)])
        XCTAssertEqual(SequenceComparison.differences(ours: ours, theirs: longer, peer: "g", imageBlocks: 10)
            .filter { $0.phase == .write }.sorted().map(\.key),
                       ["padding 22 blocks after the image", "padding 6 blocks after the image"], "theirs, ours")
        XCTAssertThrowsError(try SequenceComparison.parseTable("no table"))
        XCTAssertThrowsError(try SequenceComparison.parseTable(
            "\(SequenceComparison.tableBegin)\n| a | nophase | b | c | d |\n\(SequenceComparison.tableEnd)"))
    }
}
