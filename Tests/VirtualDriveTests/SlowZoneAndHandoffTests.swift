import Foundation
import SCSI
import XCTest
@testable import VirtualDrive

/// `next=`, `unreadable=`, `slow=` spec options; slow zones timed on a ManualDriveClock; a DIR written by one
/// drive read by another.
final class SlowZoneAndHandoffTests: XCTestCase {
    // MARK: spec parsing

    func testNextOptionParses() throws {
        let s = try VirtualDriveSpec(parsing: "virtual:dvd+r:/tmp/dir1?speed=4x&next=dvd+r:/tmp/dir2")
        XCTAssertEqual(s.directory, "/tmp/dir1")
        XCTAssertEqual(s.nextDisc, VirtualDisc(media: .dvdPlusR, directory: "/tmp/dir2"))
        XCTAssertEqual(s.description, "dvd+r:/tmp/dir1?speed=4x&next=dvd+r:/tmp/dir2")
        XCTAssertEqual(try VirtualDriveSpec(parsing: s.description), s)
        let colon = try VirtualDriveSpec(parsing: "cd-r?next=bd-r:/a:b/c")
        XCTAssertEqual(colon.nextDisc?.directory, "/a:b/c")
        XCTAssertEqual(try VirtualDriveSpec(parsing: "none?next=BD-RE").nextDisc, VirtualDisc(media: .bdRE))
        let pressed = try VirtualDriveSpec(parsing: "dvd-r?next=dvd-rom:/x/y.iso")
        XCTAssertEqual(pressed.nextDisc, VirtualDisc(media: .dvdROM, imagePath: "/x/y.iso"))
        XCTAssertNil(try VirtualDriveSpec(parsing: "dvd-r").nextDisc)
    }

    func testNextOptionErrors() {
        let cases: [(String, String)] = [
            ("dvd+r?next=none", "\"none\" is not a disc"),
            ("dvd+r?next=dvd-rom", "needs an image file"),
            ("dvd+r?next=floppy", "unknown virtual medium \"floppy\""),
            ("dvd+r?next=dvd+r:", "empty path"),
            ("dvd+r?next=", "is not key=value"),
            ("dvd+r:/tmp/same?next=dvd+r:/tmp/same", "another directory"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try VirtualDriveSpec(parsing: text), text) { error in
                XCTAssertTrue("\(error)".contains(message), "\(text): \(error)")
            }
        }
        XCTAssertThrowsError(try VirtualDisc(parsing: "dvd+r?speed=4x"))
        XCTAssertEqual(try VirtualDisc(parsing: "dvd+r:/d").description, "dvd+r:/d")
    }

    func testFaultOptionsParse() throws {
        let s = try VirtualDriveSpec(parsing: "dvd+r?unreadable=5,10-19&slow=100-199:20,0-0:0")
        XCTAssertEqual(s.faults, [.unreadable(lbas: 5...5), .unreadable(lbas: 10...19),
                                  .slowReads(lbas: 100...199, millisecondsPerBlock: 20),
                                  .slowReads(lbas: 0...0, millisecondsPerBlock: 0)])
        XCTAssertEqual(s.description, "dvd+r?unreadable=5,10-19&slow=100-199:20,0:0")
        XCTAssertEqual(try VirtualDriveSpec(parsing: s.description), s)
        for bad in ["unreadable=9-3", "unreadable=-1", "unreadable=a-b", "unreadable=1-2-3", "unreadable=1,,2",
                    "unreadable=0-2147483649", "slow=1-2", "slow=1-2:x", "slow=1-2:60001", "slow=1-2:-1", "slow=:5"] {
            XCTAssertThrowsError(try VirtualDriveSpec(parsing: "dvd+r?" + bad), bad)
        }
    }

    // MARK: slow zones

    /// A DVD+R on a manual clock with 64 recorded blocks.
    func recordedDrive(_ clock: ManualDriveClock) throws -> VirtualDrive {
        let drive = VirtualDrive(media: .dvdPlusR, clock: clock)
        XCTAssertGood(try drive.write10(lba: 0, blocks: 64))
        return drive
    }

    /// Milliseconds the clock moved during `body`.
    func elapsedMilliseconds(_ clock: ManualDriveClock, _ body: () throws -> Void) rethrows -> Double {
        let start = clock.now
        try body()
        return (clock.now - start).inSeconds * 1000
    }

    func testSlowZoneDelaysOnlyBlocksInside() throws {
        let clock = ManualDriveClock()
        let drive = try recordedDrive(clock)
        drive.inject(.slowReads(lbas: 10...19, millisecondsPerBlock: 5))
        XCTAssertEqual(try elapsedMilliseconds(clock) { XCTAssertGood(try drive.read10(lba: 0, blocks: 10)) }, 0)
        XCTAssertEqual(try elapsedMilliseconds(clock) { XCTAssertGood(try drive.read10(lba: 20, blocks: 44)) }, 0)
        XCTAssertEqual(try elapsedMilliseconds(clock) { XCTAssertGood(try drive.read10(lba: 5, blocks: 20)) }, 50,
                       accuracy: 1e-6)  // blocks 10...19 of 5...24
        XCTAssertEqual(try elapsedMilliseconds(clock) { XCTAssertGood(try drive.read10(lba: 19, blocks: 2)) }, 5,
                       accuracy: 1e-6)  // block 19 only
        drive.inject(.slowReads(lbas: 15...30, millisecondsPerBlock: 2))
        drive.inject(.slowReads(lbas: 0...63, millisecondsPerBlock: -7))  // counts as 0
        XCTAssertEqual(try elapsedMilliseconds(clock) { XCTAssertGood(try drive.read10(lba: 0, blocks: 64)) },
                       10 * 5 + 16 * 2, accuracy: 1e-6)  // overlapping zones add up
        drive.clearFaults()
        XCTAssertEqual(try elapsedMilliseconds(clock) { XCTAssertGood(try drive.read10(lba: 0, blocks: 64)) }, 0)
    }

    func testSlowZoneThenUnreadableBlock() throws {
        let clock = ManualDriveClock()
        let drive = try recordedDrive(clock)
        drive.inject(.slowReads(lbas: 30...39, millisecondsPerBlock: 100))
        drive.inject(.unreadable(lbas: 35...35))
        var result: SCSIResult?
        XCTAssertEqual(try elapsedMilliseconds(clock) { result = try drive.read10(lba: 30, blocks: 10) }, 1000,
                       accuracy: 1e-6)
        XCTAssertSense(try XCTUnwrap(result), "3/11/00")
        XCTAssertEqual(try SenseData(bytes: try XCTUnwrap(result).sense).information, 35)
        // Blank blocks and out-of-range reads fail before the slow zone costs anything.
        drive.inject(.slowReads(lbas: 64...99, millisecondsPerBlock: 100))
        XCTAssertEqual(try elapsedMilliseconds(clock) { XCTAssertSense(try drive.read10(lba: 64, blocks: 1), "8/00/00") }, 0)
    }

    func testSpecFaultsApplyFromOpen() throws {
        let dir = try temporaryDirectory(self)
        do {
            let writer = try VirtualDrive.open(parsing: "dvd+r:\(dir)")
            XCTAssertGood(try writer.write10(lba: 0, blocks: 32))
            try writer.flush()
        }
        let clock = ManualDriveClock()
        let reader = try VirtualDrive.open(parsing: "dvd+r:\(dir)?unreadable=3-4&slow=8-9:250", clock: clock)
        XCTAssertSense(try reader.read10(lba: 0, blocks: 8), "3/11/00")
        XCTAssertGood(try reader.read10(lba: 5, blocks: 3))
        XCTAssertEqual(try elapsedMilliseconds(clock) { XCTAssertGood(try reader.read10(lba: 8, blocks: 4)) }, 500,
                       accuracy: 1e-6)
        reader.clearFaults()
        XCTAssertGood(try reader.read10(lba: 0, blocks: 8))
    }

    // MARK: a disc written by one drive, read by another

    func testDirectoryWrittenByOneDriveIsReadByAnother() throws {
        let dir = try temporaryDirectory(self)
        let pattern = (0..<16 * 2048).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
        var discInfo: [UInt8] = [], trackInfo: [UInt8] = [], capacity = 0
        do {
            let a = try VirtualDrive.open(parsing: "dvd+r:\(dir)")
            XCTAssertGood(try a.write10(lba: 0, data: pattern))
            XCTAssertGood(try a.synchronizeCache())
            XCTAssertGood(try a.closeTrackSession(function: 1, track: 1))
            XCTAssertGood(try a.closeTrackSession(function: 2))
            discInfo = try a.readDiscInformation()
            trackInfo = try a.readTrackInformation(track: 1)
            capacity = try a.readCapacityLBA()
        }  // drive A released
        let b = try VirtualDrive.open(parsing: "dvd+r:\(dir)")
        XCTAssertEqual(b.loadedMedia, .dvdPlusR)
        XCTAssertEqual(try b.readDiscInformation(), discInfo)
        XCTAssertEqual(try b.readTrackInformation(track: 1), trackInfo)
        XCTAssertEqual(try b.readCapacityLBA(), capacity)
        XCTAssertEqual(capacity, 15)                                   // last recorded block
        XCTAssertEqual(try b.read10(lba: 0, blocks: 16).dataIn, pattern)
        XCTAssertSense(try b.read10(lba: 16, blocks: 1), "8/00/00")    // past the recorded data
        // The same blocks as a pressed DVD-ROM: DIR/media.bin is a plain image.
        let rom = try VirtualDrive.open(parsing: "dvd-rom:\(dir)/media.bin")
        XCTAssertEqual(try rom.readCapacityLBA(), 15)
        XCTAssertEqual(try rom.read10(lba: 0, blocks: 16).dataIn, pattern)
        // Another kind on that DIR is refused.
        XCTAssertThrowsError(try VirtualDrive.open(parsing: "dvd-r:\(dir)")) { error in
            XCTAssertTrue("\(error)".contains("holds a dvd+r disc"), "\(error)")
        }
    }
}
