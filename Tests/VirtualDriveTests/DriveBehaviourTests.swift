import MMC
import SCSI
import XCTest
@testable import VirtualDrive

/// Real-drive behaviours (spec options), each with the plain drive beside it. Sources: Vendor-notes/drive-behaviours.md.
final class DriveBehaviourTests: XCTestCase {
    // MARK: CD TAO without CLOSE TRACK

    func testPlainCDTrackAtOnceEndsTracksWithSynchronizeCacheAndFixatesWithCloseSession() throws {
        let drive = VirtualDrive(media: .cdR)
        XCTAssertGood(try drive.selectWriteParameters(writeParameters(.trackAtOnce)))
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 300), from: 0))
        XCTAssertGood(try drive.synchronizeCache())
        let second = try drive.nextWritableAddress()
        XCTAssertEqual(second, 300 + 152, "the sync ended track 1: track 2 starts after the track gap")
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 300, seed: 9), from: Int32(second)))
        XCTAssertGood(try drive.synchronizeCache())
        XCTAssertGood(try drive.closeTrackSession(function: 2))
        let status = try drive.discAndSessionStatus()
        XCTAssertEqual(status.disc, 2)
        XCTAssertEqual(status.session, 3)
        XCTAssertEqual(try drive.readDiscInformation().byte(6), 2, "two tracks in the last session")
        XCTAssertEqual(try drive.readBack(lba: UInt32(second), blocks: 300), imageBytes(blocks: 300, seed: 9))
    }

    func testPlainCDStillAcceptsCloseTrackAfterTheSync() throws {
        let drive = VirtualDrive(media: .cdRW)
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 300), from: 0))
        XCTAssertGood(try drive.synchronizeCache())
        XCTAssertGood(try drive.closeTrackSession(function: 1, track: 1))
        XCTAssertGood(try drive.closeTrackSession(function: 2))
        XCTAssertEqual(try drive.discAndSessionStatus().disc, 2)
    }

    func testTAOCloseTrackErrorRefusesCloseTrackButTheBurnCompletes() throws {
        for spec in ["cd-r?tao-close-track-error=1", "cd-r?drive=lg-gh22ls30"] {
            let drive = try VirtualDrive.open(parsing: spec)
            XCTAssertGood(try drive.selectWriteParameters(writeParameters(.trackAtOnce, burnFree: true)))
            XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 300), from: 0))
            XCTAssertGood(try drive.synchronizeCache())
            XCTAssertSense(try drive.closeTrackSession(function: 1, track: 1), "5/2C/00")
            XCTAssertGood(try drive.closeTrackSession(function: 2))
            XCTAssertEqual(try drive.discAndSessionStatus().disc, 2, spec)
            XCTAssertEqual(try drive.readCapacityLBA(), 299)
        }
        let dvd = try VirtualDrive.open(parsing: "dvd+r?tao-close-track-error=1")  // CD TAO only
        XCTAssertGood(try dvd.write10(lba: 0, blocks: 16))
        XCTAssertGood(try dvd.closeTrackSession(function: 1, track: 1))
    }

    // MARK: long write in progress

    func testLongWriteStallsAtEachTrackStartOnTheDriveClock() throws {
        let clock = ManualDriveClock()
        let drive = try VirtualDrive.open(parsing: "dvd+r?long-write=5", clock: clock)
        XCTAssertSense(try drive.write10(lba: 0, blocks: 16), "2/04/08")
        XCTAssertSense(try drive.readBufferCapacity(), "2/04/08")
        XCTAssertEqual(try drive.nextWritableAddress(), 0, "the refused WRITE did nothing")
        clock.advance(by: .seconds(4))
        XCTAssertSense(try drive.write10(lba: 0, blocks: 16), "2/04/08")
        clock.advance(by: .seconds(1))
        XCTAssertGood(try drive.readBufferCapacity())
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16, fill: 0x11))
        XCTAssertGood(try drive.write10(lba: 16, blocks: 16), "no stall inside the track")
        XCTAssertGood(try drive.synchronizeCache())
        XCTAssertGood(try drive.closeTrackSession(function: 1, track: 1))
        let next = try drive.nextWritableAddress()
        XCTAssertSense(try drive.write10(lba: next, blocks: 16), "2/04/08", "the next track starts with a stall")
        clock.advance(by: .seconds(5))
        XCTAssertGood(try drive.write10(lba: next, blocks: 16))
        XCTAssertEqual(try drive.read10(lba: 0, blocks: 1).dataIn, [UInt8](repeating: 0x11, count: 2048))
    }

    func testLongWriteStallsAgainAfterEachInterval() throws {
        let clock = ManualDriveClock()
        var spec = try VirtualDriveSpec(parsing: "bd-re?long-write=2")
        spec.behaviourOptions.longWriteIntervalBlocks = 64  // 1 GiB in the real drive
        let drive = try VirtualDrive.open(spec, clock: clock)
        XCTAssertGood(try drive.formatUnit(type: 0x31, blocks: 12_219_392))
        XCTAssertSense(try drive.write10(lba: 0, blocks: 32), "2/04/08")
        clock.advance(by: .seconds(2))
        XCTAssertGood(try drive.write10(lba: 0, blocks: 32))
        XCTAssertGood(try drive.write10(lba: 32, blocks: 32))
        XCTAssertSense(try drive.write10(lba: 64, blocks: 32), "2/04/08")
        clock.advance(by: .seconds(2))
        XCTAssertGood(try drive.write10(lba: 64, blocks: 32))
    }

    func testWithoutLongWriteNothingStalls() throws {
        let drive = VirtualDrive(media: .dvdPlusR, clock: ManualDriveClock())
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
        XCTAssertGood(try drive.readBufferCapacity())
    }

    // MARK: busy after IMMED

    func testBusyAfterImmediateAnswersPollsGoodAndRefusesTheRestWith0407() throws {
        for spec in ["dvd+r?busy-after-immed=1", "dvd+r?drive=pioneer-dvr-k04ra"] {
            let drive = try VirtualDrive.open(parsing: spec)
            XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
            XCTAssertGood(try drive.synchronizeCache(immediate: true))
            XCTAssertGood(try drive.testUnitReady())                          // poll 1 of the sync
            XCTAssertSense(try drive.closeTrackSession(function: 1, track: 1), "2/04/07")
            XCTAssertGood(try drive.send(cdb(Op.readDiscInfo, [8: 34])))      // poll 3: the sync ends
            XCTAssertGood(try drive.closeTrackSession(function: 1, track: 1, immediate: true))
            XCTAssertGood(try drive.testUnitReady())
            XCTAssertEqual(try drive.discAndSessionStatus().session, 1, "READ DISC INFORMATION answers while closing")
            XCTAssertSense(try drive.closeTrackSession(function: 2), "2/04/07")
            XCTAssertEqual(try drive.discAndSessionStatus().session, 1, "the refused CLOSE SESSION did nothing")
            XCTAssertGood(try drive.closeTrackSession(function: 2))
            XCTAssertEqual(try drive.discAndSessionStatus().disc, 1, "\(spec): session closed, disc appendable")
            XCTAssertEqual(try drive.discAndSessionStatus().session, 0)
        }
    }

    func testBusyAfterImmediateBlankAndFormat() throws {
        let drive = try VirtualDrive.open(parsing: "dvd-rw?busy-after-immed=1")
        XCTAssertGood(try drive.send(cdb(Op.blank, [1: 0x11]), allocation: 0))  // IMMED, minimal
        XCTAssertGood(try drive.testUnitReady())
        XCTAssertGood(try drive.send(cdb(Op.readDiscInfo, [8: 34])))
        XCTAssertSense(try drive.send(cdb(Op.readCapacity), allocation: 8), "2/04/07")
        XCTAssertGood(try drive.send(cdb(Op.readCapacity), allocation: 8))
        let list: [UInt8] = [0, 0x02, 0, 8] + be32(0) + [0x15 << 2, 0, 0, 16]  // IMMED quick format
        XCTAssertGood(try drive.send(cdb(Op.formatUnit, [1: 0x11]), dataOut: list))
        XCTAssertGood(try drive.send(cdb(Op.readDiscInfo, [8: 34])))
        XCTAssertSense(try drive.send(cdb(Op.readCapacity), allocation: 8), "2/04/07", "not 2/04/04")
        let plain = VirtualDrive(media: .dvdRW)
        XCTAssertGood(try plain.send(cdb(Op.formatUnit, [1: 0x11]), dataOut: list))
        XCTAssertSense(try plain.send(cdb(Op.readDiscInfo, [8: 34])), "2/04/04")
    }

    func testPlainDriveRefusesReadDiscInformationDuringImmediateClose() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
        XCTAssertGood(try drive.synchronizeCache(immediate: true))
        XCTAssertGood(try drive.closeTrackSession(function: 1, track: 1), "a plain IMMED sync leaves nothing running")
        XCTAssertGood(try drive.closeTrackSession(function: 2, immediate: true))
        XCTAssertSense(try drive.send(cdb(Op.readDiscInfo, [8: 34])), "2/04/07")
    }

    // MARK: NWA −150, READ TRACK INFORMATION FFh

    func testNWAMinus150OnBlankMediaOnly() throws {
        for spec in ["bd-r?nwa-minus-150=1", "cd-r?drive=lite-on-ltr-48125s", "bd-r?drive=pioneer-bdr-205"] {
            let drive = try VirtualDrive.open(parsing: spec)
            XCTAssertEqual(try drive.nextWritableAddress(), -150, spec)
            XCTAssertEqual(try drive.readTrackInformation(track: 0xFF).byte(7) & 0x01, 1, "NWA_V stays set")
            XCTAssertSense(try drive.write10(lba: -150, blocks: 32), "5/21/02")
            XCTAssertGood(try drive.write10(lba: 0, blocks: 32))
            XCTAssertEqual(try drive.nextWritableAddress(), 32, "\(spec): a written disc reports the true NWA")
        }
        XCTAssertEqual(try VirtualDrive(media: .bdR).nextWritableAddress(), 0)
    }

    func testStrictReadTrackInformationFFOnlyOnCDAndDVDPlusR() throws {
        for media in ["cd-r", "cd-rw", "dvd+r", "dvd+r-dl"] {
            XCTAssertGood(try VirtualDrive.open(parsing: media + "?rti-ff-strict=1").send(cdb(Op.readTrackInfo, [1: 1, 5: 0xFF, 8: 48])))
        }
        for media in ["dvd-r", "dvd-rw", "bd-r", "dvd+rw"] {
            let drive = try VirtualDrive.open(parsing: media + "?rti-ff-strict=1")
            XCTAssertSense(try drive.send(cdb(Op.readTrackInfo, [1: 1, 5: 0xFF, 8: 48])), "5/24/00")
            XCTAssertGood(try drive.send(cdb(Op.readTrackInfo, [1: 1, 5: 1, 8: 48])), "\(media): track 1 by number")
        }
        XCTAssertGood(try VirtualDrive(media: .dvdR).send(cdb(Op.readTrackInfo, [1: 1, 5: 0xFF, 8: 48])))
    }

    // MARK: streaming junk

    func testStreamingWritesUnder32BlocksStoreJunk() throws {
        for spec in ["bd-r?streaming-junk=1", "bd-r?drive=lg-ggw-h20"] {
            let drive = try VirtualDrive.open(parsing: spec)
            let small = blockPattern(16, seed: 1), large = blockPattern(32, seed: 2), plain = blockPattern(16, seed: 3)
            XCTAssertGood(try drive.write12(lba: 0, data: small, streaming: true))
            XCTAssertGood(try drive.write12(lba: 16, data: large, streaming: true))
            XCTAssertGood(try drive.write12(lba: 48, data: plain, streaming: false))
            XCTAssertEqual(try drive.read10(lba: 0, blocks: 16).dataIn, small.map { ~$0 }, "\(spec): junk")
            XCTAssertEqual(try drive.read10(lba: 16, blocks: 32).dataIn, large)
            XCTAssertEqual(try drive.read10(lba: 48, blocks: 16).dataIn, plain)
        }
        let drive = VirtualDrive(media: .bdR)
        let small = blockPattern(16, seed: 4)
        XCTAssertGood(try drive.write12(lba: 0, data: small, streaming: true))
        XCTAssertEqual(try drive.read10(lba: 0, blocks: 16).dataIn, small)
    }

    // MARK: recovered errors

    func testRecoveredErrorsOnEveryNthWriteAndEveryCloseWithTheWorkDone() throws {
        let drive = try VirtualDrive.open(parsing: "dvd+r?recovered=3")
        var senses = [String]()
        for i in 0..<6 { senses.append(senseTriple(try drive.write10(lba: 16 * i, data: blockPattern(16, seed: UInt8(i))))) }
        XCTAssertEqual(senses, ["GOOD", "GOOD", "1/73/01", "GOOD", "GOOD", "1/0C/01"])
        XCTAssertEqual(try drive.nextWritableAddress(), 96, "every WRITE was recorded")
        XCTAssertEqual(try drive.read10(lba: 32, blocks: 16).dataIn, blockPattern(16, seed: 2))
        XCTAssertSense(try drive.closeTrackSession(function: 1, track: 1), "1/73/01")
        XCTAssertEqual(try drive.readTrackInformation(track: 1).u32(16), 0, "track 1 closed")
        XCTAssertSense(try drive.closeTrackSession(function: 2), "1/0C/01")
        XCTAssertEqual(try drive.discAndSessionStatus().session, 0, "session closed")
        let plain = VirtualDrive(media: .dvdPlusR)
        for i in 0..<3 { XCTAssertGood(try plain.write10(lba: 16 * i, blocks: 16)) }
        XCTAssertGood(try plain.closeTrackSession(function: 1, track: 1))
    }

    // MARK: power-on reset

    func testResetAtLBALosesTheBufferAndThePage() throws {
        let clock = ManualDriveClock()
        let drive = try VirtualDrive.open(parsing: "cd-r?speed=1x&reset-at=100", clock: clock)
        XCTAssertGood(try drive.selectWriteParameters(writeParameters(.trackAtOnce, burnFree: true)))
        XCTAssertEqual(try drive.writeParametersByte2() & 0x40, 0x40)
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 64), from: 0))  // still in the buffer
        XCTAssertSense(try drive.write10(lba: 64, blocks: 64), "6/29/00")
        XCTAssertEqual(try drive.writeParametersByte2(), 0x01, "page 05h back to defaults: TAO, no BUFE")
        XCTAssertEqual(try drive.nextWritableAddress(), 0, "the 64 buffered blocks never reached the disc")
        XCTAssertEqual(try drive.discAndSessionStatus().disc, 0)
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 128), from: 0), "the reset happens once")
        XCTAssertEqual(try drive.nextWritableAddress(), 128)
    }

    func testWithoutResetAtTheSameWritesSucceed() throws {
        let drive = try VirtualDrive.open(parsing: "cd-r?speed=1x", clock: ManualDriveClock())
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 128), from: 0))
        XCTAssertEqual(try drive.nextWritableAddress(), 128)
    }

    // MARK: whole packets

    func testWholePacketsRefusesPartialPacketsWhereTheMediumDemandsThem() throws {
        for (spec, packet) in [("dvd+r?whole-packets=1", 16), ("bd-r?whole-packets=1", 32), ("dvd-r?whole-packets=1", 16)] {
            let drive = try VirtualDrive.open(parsing: spec)
            XCTAssertSense(try drive.write10(lba: 0, blocks: packet - 6), "5/21/02")
            XCTAssertEqual(try drive.nextWritableAddress(track: 1), 0, spec)
            XCTAssertGood(try drive.write10(lba: 0, blocks: packet * 2))
        }
        let dao = try VirtualDrive.open(parsing: "dvd-r?whole-packets=1")  // DAO: the drive pads the reservation
        XCTAssertGood(try dao.selectWriteParameters(writeParameters(.sessionAtOnce)))
        XCTAssertGood(try dao.send(cdb(Op.reserveTrack, [8: 10]), allocation: 0))
        XCTAssertGood(try dao.write10(lba: 0, blocks: 10))
        XCTAssertGood(try VirtualDrive(media: .dvdPlusR).write10(lba: 0, blocks: 10))
    }
}
