import Foundation
import SCSI
import XCTest
@testable import VirtualDrive

/// Issue 12: looking at a virtual disc creates nothing; one drive at a time per DIR.
final class StateDirectoryTests: XCTestCase {
    func testLookingAtAMissingDirectoryCreatesNothing() throws {
        let dir = try temporaryDirectory(self) + "/missing/disc"
        do {
            let drive = try VirtualDrive.open(parsing: "dvd+r:" + dir)
            XCTAssertGood(try drive.testUnitReady())
            _ = try drive.data(cdb(Op.inquiry, [4: 36]))
            _ = try drive.data(cdb(Op.getConfiguration, [8: 255]))
            XCTAssertEqual(try drive.discAndSessionStatus().disc, 0)
            XCTAssertEqual(try drive.nextWritableAddress(), 0)
            XCTAssertEqual(try drive.readCapacityLBA(), 0)
            _ = try drive.data(cdb(Op.readFormatCapacities, [8: 252]))
            _ = try drive.data(cdb(Op.modeSense10, [2: 0x3F, 7: 0xFF, 8: 0xFF]))
            XCTAssertSense(try drive.read10(lba: 0, blocks: 1), "8/00/00")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir), "a look at the disc created \(dir)")
        do {
            let drive = try VirtualDrive.open(parsing: "dvd+r:" + dir)
            XCTAssertGood(try drive.write10(lba: 0, blocks: 16, fill: 0x5A))
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/state.json"), "a WRITE creates the disc")
        let reopened = try VirtualDrive.open(parsing: "dvd+r:" + dir)
        XCTAssertEqual(try reopened.read10(lba: 0, blocks: 1).dataIn, [UInt8](repeating: 0x5A, count: 2048))
    }

    func testAnExistingEmptyDirectoryGetsNoDiscFromALook() throws {
        let dir = try temporaryDirectory(self)
        do { _ = try VirtualDrive.open(parsing: "bd-r:" + dir).readDiscInformation() }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/state.json"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/media.bin"))
    }

    /// Another process holding the DIR is covered by `DurabilityTests.testDiscSurvivesSIGKILLRightAfterSuccess`
    /// (the child holds it). Drives of one process share the lock, as tests and the multi-drive engine do.
    func testDrivesOfOneProcessShareTheDirectoryAndReleaseItTogether() throws {
        let dir = try temporaryDirectory(self)
        do {
            let first = try VirtualDrive.open(parsing: "dvd+r:" + dir)
            XCTAssertGood(try first.write10(lba: 0, blocks: 16))
            let second = try VirtualDrive.open(parsing: "dvd+r:" + dir)
            XCTAssertEqual(try second.discAndSessionStatus().disc, 0, "its own view, as before")
            let lock = try String(contentsOfFile: dir + "/lock", encoding: .utf8)
            XCTAssertEqual(lock, "\(getpid())\n", "the lock file names the holder")
        }
        XCTAssertNil(DirectoryLocks.shared.heldCount(dir), "released with the last drive")
    }

    func testInUseMessageIsOneLineNamingTheDirectoryAndThePID() {
        let text = "\(VirtualDriveError.inUse(directory: "/x/disc", pid: 42))"
        XCTAssertEqual(text, "virtual disc /x/disc is in use by PID 42; wait for it to finish or use another directory.")
    }
}
