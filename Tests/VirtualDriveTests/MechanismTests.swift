import SCSI
import XCTest
@testable import VirtualDrive

/// Unit attention on load, becoming ready, GET EVENT STATUS NOTIFICATION, START STOP UNIT, PREVENT ALLOW.
final class MechanismTests: XCTestCase {
    func testAttentionThenGood() throws {
        let drive = try VirtualDrive.open(parsing: "dvd+r?attention=1")
        XCTAssertEqual(try drive.data(cdb(Op.inquiry, [4: 36])).count, 36)   // INQUIRY does not report it
        XCTAssertEqual(try drive.currentProfile(), 0x001B)                     // nor GET CONFIGURATION
        XCTAssertSense(try drive.testUnitReady(), "6/28/00")
        XCTAssertGood(try drive.testUnitReady())
    }

    func testAttentionThenBecomingReady() throws {
        let drive = try VirtualDrive.open(parsing: "bd-r?attention=1&becoming=2")
        XCTAssertSense(try drive.send(cdb(Op.readDiscInfo, [8: 34])), "6/28/00")
        XCTAssertSense(try drive.testUnitReady(), "2/04/01")
        XCTAssertSense(try drive.send(cdb(Op.readDiscInfo, [8: 34])), "2/04/01")
        XCTAssertGood(try drive.testUnitReady())
    }

    func testRetryPolicyWaitsItOut() throws {
        let drive = try VirtualDrive.open(parsing: "dvd-r?attention=1&becoming=3")
        var sleeps = 0
        let r = try drive.run(SCSIRequest(cdb: CDB(cdb(Op.readDiscInfo, [8: 34])), transfer: .fromDevice(allocationLength: 34)),
                              name: "READ DISC INFORMATION", sleep: { _ in sleeps += 1 })
        XCTAssertEqual(r.dataIn.count, 34)
        XCTAssertEqual(sleeps, 3)
    }

    func testRequestSenseReportsAndClearsAttention() throws {
        let drive = try VirtualDrive.open(parsing: "cd-r?attention=1")
        let d = try drive.data(cdb(Op.requestSense, [4: 18]))
        XCTAssertEqual(d[2], 0x06)
        XCTAssertEqual(d[12], 0x28)
        XCTAssertGood(try drive.testUnitReady())
    }

    func gesn(_ drive: VirtualDrive, classes: UInt8 = 0x10) throws -> [UInt8] {
        try drive.data(cdb(Op.getEventStatus, [1: 0x01, 4: classes, 8: 8]))
    }

    func testMediaEventsAcrossEjectAndLoad() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        XCTAssertEqual(try gesn(drive), [0, 6, 0x04, 0x10, 0x02, 0x02, 0, 0])  // new media, present
        XCTAssertEqual(try gesn(drive), [0, 6, 0x04, 0x10, 0x00, 0x02, 0, 0])  // no change
        XCTAssertGood(try drive.send(cdb(Op.startStop, [4: 0x02]), allocation: 0))  // eject
        XCTAssertEqual(try gesn(drive), [0, 6, 0x04, 0x10, 0x03, 0x01, 0, 0])  // removal, tray open
        XCTAssertSense(try drive.testUnitReady(), "2/3A/02")
        XCTAssertGood(try drive.send(cdb(Op.startStop, [4: 0x03]), allocation: 0))  // load
        XCTAssertEqual(try gesn(drive)[4], 0x02)
        XCTAssertSense(try drive.testUnitReady(), "6/28/00")
        XCTAssertGood(try drive.testUnitReady())
    }

    func testGESNRequiresPolledAndReportsNEA() throws {
        let drive = VirtualDrive(media: .none)
        XCTAssertSense(try drive.send(cdb(Op.getEventStatus, [4: 0x10, 8: 8])), "5/24/00")
        XCTAssertEqual(try gesn(drive, classes: 0x02), [0, 2, 0x80, 0x10])
        XCTAssertEqual(try gesn(drive), [0, 6, 0x04, 0x10, 0x00, 0x00, 0, 0])
    }

    func testPreventedEjectIsRefused() throws {
        let drive = VirtualDrive(media: .bdRE)
        XCTAssertGood(try drive.send(cdb(Op.preventAllow, [4: 0x01]), allocation: 0))
        XCTAssertSense(try drive.send(cdb(Op.startStop, [4: 0x02]), allocation: 0), "5/53/02")
        let p = Array(try drive.data(cdb(Op.modeSense10, [2: 0x2A, 8: 255])).dropFirst(8))
        XCTAssertEqual(p[6] & 0x02, 0x02)  // lock state
        XCTAssertGood(try drive.send(cdb(Op.preventAllow, [4: 0x00]), allocation: 0))
        XCTAssertGood(try drive.send(cdb(Op.startStop, [4: 0x02]), allocation: 0))
        XCTAssertEqual(drive.loadedMedia, .none)
        XCTAssertSense(try drive.send(cdb(Op.preventAllow, [4: 0x04]), allocation: 0), "5/24/00")
    }

    func testImmediateCloseReportsProgress() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
        XCTAssertGood(try drive.closeTrackSession(function: 1, track: 1, immediate: true))
        XCTAssertGood(try drive.testUnitReady())             // TUR is not a completion signal during a close
        let busy = try drive.send(cdb(Op.readDiscInfo, [8: 34]))
        XCTAssertSense(busy, "2/04/07")
        XCTAssertEqual(busy.sense[15] & 0x80, 0x80)           // SKSV: progress indication
        let polled = try drive.data(cdb(Op.requestSense, [4: 18]))
        XCTAssertEqual(polled[12], 0x04)
        XCTAssertEqual(polled[13], 0x07)
        XCTAssertGreaterThan(polled.u16(16), 0)
        XCTAssertGood(try drive.send(cdb(Op.readDiscInfo, [8: 34])))
    }
}
