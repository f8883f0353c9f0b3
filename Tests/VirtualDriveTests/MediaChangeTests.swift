import SCSI
import XCTest
@testable import VirtualDrive

/// Eject, insert and the `next=` disc: GET EVENT STATUS NOTIFICATION media events (MMC-6 §6.7.2.5), 6/28/00,
/// TEST UNIT READY, and each disc's state staying in its own DIR.
final class MediaChangeTests: XCTestCase {
    // Media-class event descriptor: header (length 6, class 4 = media, supported classes 10h), then
    // byte 4 media event code, byte 5 status (bit 1 Media Present, bit 0 Tray Open), bytes 6-7 reserved.
    static let noChangePresent: [UInt8] = [0, 6, 0x04, 0x10, 0x00, 0x02, 0, 0]
    static let newMediaPresent: [UInt8] = [0, 6, 0x04, 0x10, 0x02, 0x02, 0, 0]
    static let removalTrayOpen: [UInt8] = [0, 6, 0x04, 0x10, 0x03, 0x01, 0, 0]
    static let noChangeTrayOpen: [UInt8] = [0, 6, 0x04, 0x10, 0x00, 0x01, 0, 0]

    func gesn(_ drive: VirtualDrive) throws -> [UInt8] {
        try drive.data(cdb(Op.getEventStatus, [1: 0x01, 4: 0x10, 8: 8]))
    }

    func ejectCommand(_ drive: VirtualDrive) throws -> SCSIResult { try drive.send(cdb(Op.startStop, [4: 0x02]), allocation: 0) }
    func loadCommand(_ drive: VirtualDrive) throws -> SCSIResult { try drive.send(cdb(Op.startStop, [4: 0x03]), allocation: 0) }

    /// A drive whose power-on NewMedia event has been polled away.
    func settled(_ text: String) throws -> VirtualDrive {
        let drive = try VirtualDrive.open(parsing: text)
        XCTAssertEqual(try gesn(drive), Self.newMediaPresent)
        XCTAssertGood(try drive.testUnitReady())
        return drive
    }

    func testEjectAPIReportsRemovalOnceThenTrayOpen() throws {
        let drive = try settled("dvd+r")
        try drive.eject()
        XCTAssertEqual(drive.loadedMedia, .none)
        XCTAssertEqual(try gesn(drive), Self.removalTrayOpen)
        XCTAssertEqual(try gesn(drive), Self.noChangeTrayOpen)
        XCTAssertEqual(try gesn(drive), Self.noChangeTrayOpen)  // no next=: the tray stays open and empty
        XCTAssertSense(try drive.testUnitReady(), "2/3A/02")
        XCTAssertSense(try drive.read10(lba: 0, blocks: 1), "2/3A/02")
        try drive.eject()  // already open: no effect, no second removal event
        XCTAssertEqual(try gesn(drive), Self.noChangeTrayOpen)
        XCTAssertGood(try loadCommand(drive))  // the same disc comes back
        XCTAssertEqual(try gesn(drive), Self.newMediaPresent)
        XCTAssertSense(try drive.testUnitReady(), "6/28/00")
        XCTAssertGood(try drive.testUnitReady())
        XCTAssertEqual(drive.loadedMedia, .dvdPlusR)
    }

    func testEjectAPIRefusedWhilePrevented() throws {
        let drive = try settled("bd-re")
        XCTAssertGood(try drive.send(cdb(Op.preventAllow, [4: 0x01]), allocation: 0))
        XCTAssertThrowsError(try drive.eject())
        XCTAssertThrowsError(try drive.insert(VirtualDriveSpec(media: .dvdPlusR)))
        XCTAssertEqual(drive.loadedMedia, .bdRE)
        XCTAssertEqual(try gesn(drive), Self.noChangePresent)
    }

    func testInsertReportsNewMediaAndAttentionOnce() throws {
        let drive = try settled("cd-r")
        try drive.insert(VirtualDriveSpec(media: .bdR))
        XCTAssertEqual(drive.loadedMedia, .bdR)
        XCTAssertEqual(try gesn(drive), Self.newMediaPresent)
        XCTAssertEqual(try gesn(drive), Self.noChangePresent)
        XCTAssertEqual(try drive.currentProfile(), 0x0041)  // GET CONFIGURATION leaves the attention pending
        XCTAssertSense(try drive.send(cdb(Op.readDiscInfo, [8: 34])), "6/28/00")
        XCTAssertGood(try drive.testUnitReady())
        XCTAssertEqual(try drive.readDiscInformation().byte(2) & 0x03, 0)  // blank
    }

    func testInsertIntoOpenTrayAndBecomingReady() throws {
        let drive = try settled("dvd-r")
        XCTAssertGood(try ejectCommand(drive))
        XCTAssertEqual(try gesn(drive), Self.removalTrayOpen)
        try drive.insert(VirtualDriveSpec(parsing: "dvd+rw?becoming=1&speed=4x"))
        XCTAssertEqual(try gesn(drive), Self.newMediaPresent)
        XCTAssertSense(try drive.testUnitReady(), "6/28/00")
        XCTAssertSense(try drive.testUnitReady(), "2/04/01")
        XCTAssertGood(try drive.testUnitReady())
        XCTAssertEqual(try drive.currentProfile(), 0x001A)
    }

    func testInsertRefusesNoneAndBadDiscsLeavingDriveUnchanged() throws {
        let dir = try temporaryDirectory(self)
        let drive = try settled("dvd+r")
        XCTAssertThrowsError(try drive.insert(VirtualDriveSpec(media: .none)))
        XCTAssertThrowsError(try drive.insert(VirtualDriveSpec(media: .dvdROM, imagePath: dir + "/missing.iso")))
        try VirtualDrive.open(parsing: "bd-r:\(dir)/bd").flush()  // a BD-R disc stored in DIR
        XCTAssertThrowsError(try drive.insert(VirtualDriveSpec(parsing: "dvd+r:\(dir)/bd"))) { error in
            XCTAssertTrue("\(error)".contains("holds a bd-r disc"), "\(error)")
        }
        XCTAssertEqual(drive.loadedMedia, .dvdPlusR)
        XCTAssertEqual(try gesn(drive), Self.noChangePresent)
        XCTAssertGood(try drive.testUnitReady())
    }

    func testNextDiscInsertedByLoad() throws {
        let drive = try settled("cd-r?next=dvd+r")
        XCTAssertGood(try ejectCommand(drive))
        XCTAssertEqual(try gesn(drive), Self.removalTrayOpen)
        XCTAssertGood(try loadCommand(drive))
        XCTAssertEqual(drive.loadedMedia, .dvdPlusR)
        XCTAssertEqual(try gesn(drive), Self.newMediaPresent)
        XCTAssertSense(try drive.testUnitReady(), "6/28/00")
        XCTAssertGood(try drive.testUnitReady())
        // Consumed: the next eject leaves the tray empty however long it is polled.
        XCTAssertGood(try ejectCommand(drive))
        for expected in [Self.removalTrayOpen, Self.noChangeTrayOpen, Self.noChangeTrayOpen, Self.noChangeTrayOpen] {
            XCTAssertEqual(try gesn(drive), expected)
        }
        XCTAssertSense(try drive.testUnitReady(), "2/3A/02")
        XCTAssertGood(try loadCommand(drive))  // the user puts the ejected DVD+R back
        XCTAssertEqual(drive.loadedMedia, .dvdPlusR)
    }

    func testNextDiscInsertedAutomaticallyAtSecondPoll() throws {
        let drive = try settled("dvd-r?next=bd-re")
        try drive.eject()
        XCTAssertEqual(try gesn(drive), Self.removalTrayOpen)   // 1st poll: removal, tray open, no media
        XCTAssertEqual(drive.loadedMedia, .none)
        XCTAssertSense(try drive.testUnitReady(), "2/3A/02")     // TUR does not count as a poll
        XCTAssertEqual(try gesn(drive), Self.newMediaPresent)   // 2nd poll: the user put the next disc in
        XCTAssertEqual(drive.loadedMedia, .bdRE)
        XCTAssertEqual(try gesn(drive), Self.noChangePresent)
        XCTAssertSense(try drive.testUnitReady(), "6/28/00")
        XCTAssertGood(try drive.testUnitReady())
        XCTAssertEqual(try drive.currentProfile(), 0x0043)
    }

    func testEmptyDriveTakesNextDiscAfterEject() throws {
        let drive = try VirtualDrive.open(parsing: "none?next=dvd+rw")
        let noChangeEmptyClosed: [UInt8] = [0, 6, 0x04, 0x10, 0x00, 0x00, 0, 0]
        XCTAssertEqual(try gesn(drive), noChangeEmptyClosed)
        XCTAssertEqual(try gesn(drive), noChangeEmptyClosed)
        XCTAssertSense(try drive.testUnitReady(), "2/3A/01")
        try drive.eject()
        XCTAssertEqual(try gesn(drive), Self.noChangeTrayOpen)  // nothing was removed
        XCTAssertEqual(try gesn(drive), Self.newMediaPresent)
        XCTAssertEqual(drive.loadedMedia, .dvdPlusRW)
        XCTAssertSense(try drive.testUnitReady(), "6/28/00")
        XCTAssertGood(try drive.testUnitReady())
    }

    func testPollsWithoutMediaClassOrAllocationDoNotCount() throws {
        let drive = try settled("cd-rw?next=cd-r")
        try drive.eject()
        for _ in 0..<3 {  // operational class only (NEA answer), and a zero allocation length
            XCTAssertEqual(try drive.data(cdb(Op.getEventStatus, [1: 0x01, 4: 0x02, 8: 8])), [0, 2, 0x80, 0x10])
            XCTAssertGood(try drive.send(cdb(Op.getEventStatus, [1: 0x01, 4: 0x10]), allocation: 0))
        }
        XCTAssertEqual(drive.loadedMedia, .none)
        XCTAssertEqual(try gesn(drive), Self.removalTrayOpen)
        XCTAssertEqual(try gesn(drive), Self.newMediaPresent)
        XCTAssertEqual(drive.loadedMedia, .cdR)
    }

    func testInsertBeforeAutomaticInsertKeepsNextWaiting() throws {
        let drive = try settled("dvd+r?next=bd-r")
        try drive.eject()
        try drive.insert(VirtualDriveSpec(media: .cdRW))
        XCTAssertEqual(try gesn(drive), Self.newMediaPresent)
        XCTAssertEqual(try gesn(drive), Self.noChangePresent)
        XCTAssertEqual(drive.loadedMedia, .cdRW)               // the countdown stopped with the tray closed
        try drive.eject()
        XCTAssertEqual(try gesn(drive), Self.removalTrayOpen)
        XCTAssertEqual(try gesn(drive), Self.newMediaPresent)
        XCTAssertEqual(drive.loadedMedia, .bdR)
    }

    /// The one-drive copy: burn on disc A, eject, the user swaps in disc B; each DIR keeps its own disc.
    func testEachDirectoryKeepsItsDisc() throws {
        let root = try temporaryDirectory(self)
        let drive = try settled("dvd+r:\(root)/a?next=dvd+r:\(root)/b")
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16, fill: 0xAA))
        XCTAssertGood(try drive.synchronizeCache())
        try drive.eject()
        XCTAssertEqual(try gesn(drive), Self.removalTrayOpen)
        XCTAssertEqual(try gesn(drive), Self.newMediaPresent)
        XCTAssertSense(try drive.testUnitReady(), "6/28/00")
        XCTAssertEqual(try drive.readDiscInformation().byte(2) & 0x03, 0)  // b is blank
        XCTAssertGood(try drive.write10(lba: 0, blocks: 32, fill: 0xBB))
        XCTAssertGood(try drive.synchronizeCache())
        try drive.insert(VirtualDriveSpec(parsing: "dvd+r:\(root)/a"))  // a back in; b persisted as it left
        XCTAssertSense(try drive.testUnitReady(), "6/28/00")
        XCTAssertEqual(try drive.readTrackInformation(track: 1).u32(8), 0)       // a's track 1 starts at 0
        XCTAssertEqual(try drive.readTrackInformation(track: 1).u32(12), 16)     // NWA after its 16 blocks
        XCTAssertEqual(try drive.read10(lba: 0, blocks: 1).dataIn.first, 0xAA)
        let b = try VirtualDrive.open(parsing: "dvd+r:\(root)/b")
        XCTAssertEqual(try b.readTrackInformation(track: 1).u32(12), 32)         // b's NWA after 32 blocks
        XCTAssertEqual(try b.read10(lba: 31, blocks: 1).dataIn.first, 0xBB)
    }

    func testFailedNextDiscClosesTrayEmpty() throws {
        let root = try temporaryDirectory(self)
        let drive = try settled("cd-r?next=dvd+r:\(root)/n")
        // After the drive opened, the next disc's DIR became a BD-R disc: it cannot be loaded as a DVD+R.
        try? FileManager.default.removeItem(atPath: root + "/n")
        try VirtualDrive.open(parsing: "bd-r:\(root)/n").flush()
        XCTAssertGood(try ejectCommand(drive))
        XCTAssertGood(try loadCommand(drive))
        XCTAssertEqual(drive.loadedMedia, .none)
        XCTAssertSense(try drive.testUnitReady(), "2/3A/01")
        XCTAssertEqual(try gesn(drive).byte(5), 0x00)  // tray closed, no media
    }

    func testOpenChecksTheNextDisc() throws {
        let root = try temporaryDirectory(self)
        try VirtualDrive.open(parsing: "bd-r:\(root)/bd").flush()
        XCTAssertThrowsError(try VirtualDrive.open(parsing: "cd-r?next=dvd+r:\(root)/bd"))
        XCTAssertThrowsError(try VirtualDrive.open(parsing: "cd-r?next=dvd-rom:\(root)/missing.iso"))
    }
}
