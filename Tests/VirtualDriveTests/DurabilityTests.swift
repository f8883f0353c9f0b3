import Foundation
import SCSI
import XCTest
@testable import VirtualDrive

/// Issue 15 item 1: SYNCHRONIZE CACHE and CLOSE make media.bin and state.json durable.
final class DurabilityTests: XCTestCase {
    static let childDirectoryVariable = "DISCBURN_VDRIVE_DURABILITY_CHILD_DIR"
    static let burnedLine = "BURNED"

    func testSynchronizeCacheAndCloseSyncMediaAndStateToStableStorage() throws {
        let dir = try temporaryDirectory(self)
        let drive = try VirtualDrive.open(parsing: "dvd+r:" + dir)
        let before = drive.durabilityCounts
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
        XCTAssertEqual(drive.durabilityCounts.mediaSyncs, before.mediaSyncs, "no fsync per WRITE")
        XCTAssertGood(try drive.synchronizeCache())
        let synced = drive.durabilityCounts
        XCTAssertEqual(synced.mediaSyncs, before.mediaSyncs + 1)
        XCTAssertEqual(synced.stateSaves, before.stateSaves + 1)
        XCTAssertGood(try drive.closeTrackSession(function: 1, track: 1))
        XCTAssertGood(try drive.closeTrackSession(function: 2))
        XCTAssertEqual(drive.durabilityCounts.stateSaves, synced.stateSaves + 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/state.json.tmp"), "no temporary file left")
    }

    /// A second SYNCHRONIZE CACHE with nothing written since (growisofs sends one after the IMMED one) finds
    /// everything durable already: no fsync of media.bin, no state.json commit. A WRITE makes the next one sync.
    func testSynchronizeCacheWithNothingNewCostsNoFsync() throws {
        let dir = try temporaryDirectory(self)
        let drive = try VirtualDrive.open(parsing: "dvd+r:" + dir)
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
        XCTAssertGood(try drive.synchronizeCache())
        let synced = drive.durabilityCounts
        XCTAssertGood(try drive.synchronizeCache())
        XCTAssertEqual(drive.durabilityCounts.mediaSyncs, synced.mediaSyncs)
        XCTAssertEqual(drive.durabilityCounts.stateSaves, synced.stateSaves)
        XCTAssertGood(try drive.write10(lba: 16, blocks: 16))
        XCTAssertGood(try drive.synchronizeCache())
        XCTAssertEqual(drive.durabilityCounts.mediaSyncs, synced.mediaSyncs + 1)
        XCTAssertEqual(drive.durabilityCounts.stateSaves, synced.stateSaves + 1)
    }

    /// The child half of `testDiscSurvivesSIGKILLRightAfterSuccess`: burns, reports, waits to be killed. Skipped
    /// unless the parent test started this process.
    func testChildBurnsAndWaitsForSIGKILL() throws {
        guard let dir = ProcessInfo.processInfo.environment[Self.childDirectoryVariable] else {
            throw XCTSkip("runs only as the child process of testDiscSurvivesSIGKILLRightAfterSuccess")
        }
        let drive = try VirtualDrive.open(parsing: "dvd+r:" + dir)
        XCTAssertGood(try drive.write10(lba: 0, data: blockPattern(64, seed: 42)))
        XCTAssertGood(try drive.synchronizeCache())
        XCTAssertGood(try drive.closeTrackSession(function: 1, track: 1))
        XCTAssertGood(try drive.closeTrackSession(function: 5))  // finalize
        FileHandle.standardOutput.write(Data((Self.burnedLine + "\n").utf8))
        Thread.sleep(forTimeInterval: 120)  // the parent kills us long before; the drive is never released
        XCTFail("the parent did not kill the child")
    }

    /// Re-invokes this test bundle (CommandLine.arguments[0], the xctest runner) with only the child test: it
    /// burns a DVD+R to DIR and is SIGKILLed as soon as it reports success, so no deinit, atexit or buffered
    /// write runs. The disc must then be complete with its data, as a real finalized disc would be.
    /// The DIR does not exist before: the child creates it at its first WRITE and holds its lock (issue 12).
    func testDiscSurvivesSIGKILLRightAfterSuccess() throws {
        let dir = try temporaryDirectory(self) + "/disc"
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["VirtualDriveTests.DurabilityTests/testChildBurnsAndWaitsForSIGKILL"]
        child.environment = ProcessInfo.processInfo.environment.merging([Self.childDirectoryVariable: dir]) { $1 }
        let output = Pipe()
        child.standardOutput = output
        child.standardError = FileHandle.nullDevice
        try child.run()
        defer { if child.isRunning { kill(child.processIdentifier, SIGKILL); child.waitUntilExit() } }
        var seen = ""
        while !seen.contains(Self.burnedLine + "\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }  // the child ended without reporting
            seen += String(decoding: chunk, as: UTF8.self)
        }
        XCTAssertTrue(seen.contains(Self.burnedLine), "child output: \(seen.suffix(2000))")
        XCTAssertThrowsError(try VirtualDrive.open(parsing: "dvd+r:" + dir), "the child holds the disc") { error in
            XCTAssertEqual(error as? VirtualDriveError, .inUse(directory: dir, pid: child.processIdentifier))
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        XCTAssertEqual(child.terminationReason, .uncaughtSignal)

        let drive = try VirtualDrive.open(parsing: "dvd+r:" + dir)
        XCTAssertEqual(try drive.discAndSessionStatus().disc, 2, "finalized")
        XCTAssertEqual(try drive.readCapacityLBA(), 63)
        XCTAssertEqual(try drive.read10(lba: 0, blocks: 64).dataIn, blockPattern(64, seed: 42))
    }
}
