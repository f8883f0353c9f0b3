import MMC
import SCSI
import XCTest
@testable import VirtualDrive

/// Medium states real discs get into (spec options; state.json version 4), and the spec text of every
/// behaviour option.
final class MediumStateTests: XCTestCase {
    // MARK: DVD-RW intermediate

    func testIntermediateDVDRWGrowsSequentiallyUntilCloseSession() throws {
        let drive = try VirtualDrive.open(parsing: "dvd-rw?intermediate=1")
        XCTAssertEqual(try drive.currentProfile(), 0x0013)
        XCTAssertEqual(try drive.currentCapacityDescriptorType(), 3, "11b: unknown capacity (intermediate)")
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
        XCTAssertSense(try drive.write10(lba: 64, blocks: 16), "5/21/02")
        XCTAssertGood(try drive.write10(lba: 16, blocks: 16))
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16), "rewriting what is written is allowed")
        XCTAssertGood(try drive.synchronizeCache())
        XCTAssertGood(try drive.closeTrackSession(function: 2))
        XCTAssertEqual(try drive.currentCapacityDescriptorType(), 2, "10b: formatted")
        XCTAssertGood(try drive.write10(lba: 64, blocks: 16))
    }

    func testQuickFormatLeavesIntermediateOnlyWithTheOption() throws {
        let plain = VirtualDrive(media: .dvdRW)
        XCTAssertGood(try plain.formatUnit(type: 0x15, blocks: 0, parameterLow: 16))
        XCTAssertEqual(try plain.currentCapacityDescriptorType(), 2)
        let drive = try VirtualDrive.open(parsing: "dvd-rw?intermediate=1")
        XCTAssertGood(try drive.formatUnit(type: 0x10, blocks: 0, parameterLow: 16))
        XCTAssertEqual(try drive.currentCapacityDescriptorType(), 2, "a full format is not intermediate")
        XCTAssertGood(try drive.formatUnit(type: 0x15, blocks: 0, parameterLow: 16))
        XCTAssertEqual(try drive.currentCapacityDescriptorType(), 3)
    }

    func testIntermediateStatePersistsInDIR() throws {
        let dir = try temporaryDirectory(self)
        do {
            let drive = try VirtualDrive.open(parsing: "dvd-rw:\(dir)?intermediate=1")
            XCTAssertGood(try drive.formatUnit(type: 0x15, blocks: 0, parameterLow: 16))
            XCTAssertGood(try drive.write10(lba: 0, blocks: 32))
        }
        let json = try String(contentsOfFile: dir + "/state.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"isIntermediate\" : true"), json)
        let second = try VirtualDrive.open(parsing: "dvd-rw:" + dir)
        XCTAssertEqual(try second.currentCapacityDescriptorType(), 3, "another process sees the intermediate disc")
        XCTAssertSense(try second.write10(lba: 64, blocks: 16), "5/21/02")
        XCTAssertGood(try second.write10(lba: 32, blocks: 16))
    }

    // MARK: DVD-RW after a fast blank

    func testFastBlankedDVDRWHasNoIncrementalOnlyDAO() throws {
        let drive = try VirtualDrive.open(parsing: "dvd-rw?fast-blanked=1")
        XCTAssertEqual(try drive.featureFlags(0x0021).map { $0 & 1 }, 0, "0021h listed, not current")
        XCTAssertGood(try drive.selectWriteParameters(writeParameters(.packetIncremental)))
        XCTAssertSense(try drive.write10(lba: 0, blocks: 16), "5/64/00")
        XCTAssertGood(try drive.selectWriteParameters(writeParameters(.sessionAtOnce)))
        XCTAssertGood(try drive.send(cdb(Op.reserveTrack, [8: 16]), allocation: 0))
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
    }

    func testMinimalBlankLeavesIncrementalNotCurrentOnlyWithTheOption() throws {
        let plain = VirtualDrive(media: .dvdRW)
        XCTAssertGood(try plain.send(cdb(Op.blank, [1: 0x01]), allocation: 0))
        XCTAssertEqual(try plain.featureFlags(0x0021).map { $0 & 1 }, 1)
        XCTAssertGood(try plain.write10(lba: 0, blocks: 16))
        let dir = try temporaryDirectory(self)
        do {
            let drive = try VirtualDrive.open(parsing: "dvd-rw:\(dir)?fast-blanked=1")
            XCTAssertGood(try drive.send(cdb(Op.blank, [1: 0x00]), allocation: 0))
            XCTAssertEqual(try drive.featureFlags(0x0021).map { $0 & 1 }, 1, "a full blank restores 0021h")
            XCTAssertGood(try drive.send(cdb(Op.blank, [1: 0x01]), allocation: 0))
            XCTAssertEqual(try drive.featureFlags(0x0021).map { $0 & 1 }, 0)
        }
        let second = try VirtualDrive.open(parsing: "dvd-rw:" + dir)
        XCTAssertEqual(try second.featureFlags(0x0021).map { $0 & 1 }, 0, "persisted in DIR")
    }

    // MARK: DVD+RW background format suspended

    func testSuspendedBackgroundFormatNeedsARestartBeforeWriting() throws {
        let drive = try VirtualDrive.open(parsing: "dvd+rw?bg-suspended=1")
        XCTAssertEqual(try drive.readDiscInformation().byte(7) & 0x03, 0x01, "BG format status 01b")
        XCTAssertSense(try drive.write10(lba: 0, blocks: 16), "5/2C/00")
        XCTAssertGood(try drive.formatUnit(type: 0x26, blocks: 0, parameterLow: 1))  // Restart
        XCTAssertEqual(try drive.readDiscInformation().byte(7) & 0x03, 0x03)
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
        let plain = VirtualDrive(media: .dvdPlusRW)
        XCTAssertGood(try plain.formatUnit(type: 0x26, blocks: 0))
        XCTAssertEqual(try plain.readDiscInformation().byte(7) & 0x03, 0x03)
    }

    // MARK: BD-R Pseudo-OverWrite

    func testBDRFormatSubTypesAndThePOWState() throws {
        XCTAssertEqual(try VirtualDrive.open(parsing: "bd-r?pow=1").featureFlags(0x0038).map { $0 & 1 }, 1)
        let plain = VirtualDrive(media: .bdR)
        XCTAssertEqual(try plain.featureFlags(0x0038).map { $0 & 1 }, 0)
        XCTAssertSense(try plain.formatUnit(type: 0x32, subType: 2, blocks: 0, parameterLow: 0), "5/26/00")
        XCTAssertGood(try plain.formatUnit(type: 0x32, subType: 1, blocks: 0))
        XCTAssertEqual(try plain.featureFlags(0x0038).map { $0 & 1 }, 0, "01b: spares without POW")
        XCTAssertGood(try plain.formatUnit(type: 0x32, subType: 0, blocks: 0))
        XCTAssertEqual(try plain.featureFlags(0x0038).map { $0 & 1 }, 1, "00b: POW")
        XCTAssertEqual(try plain.currentProfile(), 0x0041)
    }

    // MARK: a session left open by an interrupted burn

    func testInterruptedBurnLeavesAnOpenSessionThatAnotherProcessSees() throws {
        let dir = try temporaryDirectory(self)
        do {
            let drive = try VirtualDrive.open(parsing: "cd-r:" + dir)
            XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 100), from: 0))
        }  // released without SYNCHRONIZE CACHE or CLOSE
        let second = try VirtualDrive.open(parsing: "cd-r:" + dir)
        let status = try second.discAndSessionStatus()
        XCTAssertEqual(status.disc, 1)
        XCTAssertEqual(status.session, 1, "last session incomplete")
        XCTAssertEqual(try second.nextWritableAddress(track: 1), 100)
    }

    func testOpenTrackOptionStartsWithAnIncompleteTrack() throws {
        let dir = try temporaryDirectory(self)
        _ = try VirtualDrive.open(parsing: "dvd+r:\(dir)?open-track=48")
        let drive = try VirtualDrive.open(parsing: "dvd+r:" + dir)
        XCTAssertEqual(try drive.discAndSessionStatus().session, 1)
        XCTAssertEqual(try drive.nextWritableAddress(), 48)
        XCTAssertGood(try drive.closeTrackSession(function: 1, track: 1))
        XCTAssertGood(try drive.closeTrackSession(function: 2))
        XCTAssertEqual(try drive.discAndSessionStatus().session, 0)
        XCTAssertEqual(try VirtualDrive(media: .dvdPlusR).discAndSessionStatus().session, 0)
    }

    // MARK: spec text

    func testBehaviourOptionsRoundTrip() throws {
        let texts = [
            "cd-r?tao-close-track-error=1",
            "dvd+r:/tmp/x?speed=4x&long-write=30&busy-after-immed=1&nwa-minus-150=1&rti-ff-strict=1"
                + "&streaming-junk=1&recovered=7&reset-at=1000&whole-packets=1",
            "cd-r?drive=lg-gh22ls30&tao-close-track-error=0",
            "bd-r?drive=pioneer-bdr-205&pow=1",
            "dvd-rw?intermediate=1",
            "dvd-rw?fast-blanked=1",
            "dvd+rw?bg-suspended=1",
            "cd-rw?reset-at=-150&open-track=300",
        ]
        for text in texts {
            let spec = try VirtualDriveSpec(parsing: text)
            XCTAssertEqual(spec.description, text)
            XCTAssertEqual(try VirtualDriveSpec(parsing: spec.description), spec)
        }
    }

    func testPresetsAndOverrides() throws {
        XCTAssertTrue(try VirtualDriveSpec(parsing: "cd-r?drive=lg-gh22ls30").behaviours.taoCloseTrackError)
        XCTAssertFalse(try VirtualDriveSpec(parsing: "cd-r?drive=lg-gh22ls30&tao-close-track-error=0").behaviours.taoCloseTrackError)
        let pioneer = try VirtualDriveSpec(parsing: "bd-r?drive=pioneer-bdr-205").behaviours
        XCTAssertTrue(pioneer.nwaMinus150 && pioneer.busyAfterImmediate)
        XCTAssertTrue(try VirtualDriveSpec(parsing: "bd-r?drive=LG-GGW-H20").behaviours.streamingJunk)
        XCTAssertTrue(try VirtualDriveSpec(parsing: "dvd-r?drive=pioneer-dvr-k04ra").behaviours.busyAfterImmediate)
        XCTAssertEqual(try VirtualDriveSpec(parsing: "cd-r").behaviours, DriveBehaviours())
    }

    func testBadBehaviourOptionsAreRefused() {
        for text in ["cd-r?drive=acme", "cd-r?long-write=-1", "cd-r?long-write=x", "cd-r?recovered=2000000",
                     "cd-r?nwa-minus-150=2", "dvd+r?intermediate=1", "dvd-r?fast-blanked=1", "dvd+r?bg-suspended=1",
                     "dvd-r?pow=1", "dvd+rw?open-track=5", "cd-r?open-track=999999999",
                     "dvd-rw?intermediate=1&fast-blanked=1", "cd-r?reset-at=-151"] {
            XCTAssertThrowsError(try VirtualDriveSpec(parsing: text), text)
        }
    }
}
