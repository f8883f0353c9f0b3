import Foundation
import MMC
import SCSI
import XCTest
@testable import VirtualDrive

/// Test writes, page 05h rules, capacity limits, after-burn corruption, the slow-drive option.
final class WriteRulesTests: XCTestCase {
    func testTrackAtOnceTestWriteLeavesCDRBlank() throws {
        let dir = try temporaryDirectory(self)
        do {
            let drive = try VirtualDrive.open(parsing: "cd-r:" + dir)
            XCTAssertGood(try drive.selectWriteParameters(writeParameters(.trackAtOnce, testWrite: true)))
            XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 320), from: 0))
            XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
            XCTAssertGood(try drive.run(CloseTrackSession(function: .closeTrack, trackNumber: 1, immediate: false)))
            XCTAssertGood(try drive.run(CloseTrackSession(function: .closeSession, immediate: false)))
            let info = try drive.discInformation()
            XCTAssertEqual(info.discStatus, .empty)
            XCTAssertEqual(info.numberOfSessions, 1)
            XCTAssertEqual(try drive.trackInformation(.invisibleTrack).nextWritableAddress, 0)
        }
        XCTAssertEqual(mediaFileSize(dir), 0)
        let json = try String(contentsOfFile: dir + "/state.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"tracks\" : [\n\n  ]") || json.contains("\"tracks\" : []"), json)
        XCTAssertEqual(try VirtualDrive.open(parsing: "cd-r:" + dir).discInformation().discStatus, .empty)
    }

    func testDiscAtOnceTestWriteLeavesDVDMinusRBlank() throws {
        let dir = try temporaryDirectory(self)
        let drive = try VirtualDrive.open(parsing: "dvd-r:" + dir)
        XCTAssertGood(try drive.selectWriteParameters(writeParameters(.sessionAtOnce, testWrite: true)))
        XCTAssertGood(try drive.run(ReserveTrack(blocks: 64)))
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 64), from: 0))
        XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))  // DAO complete: the simulation ends
        XCTAssertEqual(try drive.discInformation().discStatus, .empty)
        XCTAssertEqual(mediaFileSize(dir), 0)
        // The same sequence for real afterwards.
        XCTAssertGood(try drive.selectWriteParameters(writeParameters(.sessionAtOnce)))
        XCTAssertGood(try drive.run(ReserveTrack(blocks: 64)))
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 64), from: 0))
        XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
        XCTAssertEqual(try drive.discInformation().discStatus, .complete)
    }

    func testClearingTestWriteEndsTheSimulation() throws {
        let drive = VirtualDrive(media: .dvdRW)
        XCTAssertGood(try drive.selectWriteParameters(writeParameters(.packetIncremental, testWrite: true)))
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 32), from: 0))
        XCTAssertEqual(try drive.trackInformation(.invisibleTrack).nextWritableAddress, 32)  // simulated NWA
        XCTAssertGood(try drive.selectWriteParameters(writeParameters(.packetIncremental)))
        XCTAssertEqual(try drive.trackInformation(.invisibleTrack).nextWritableAddress, 0)
        XCTAssertEqual(try drive.discInformation().discStatus, .empty)
    }

    func testTestWriteRefusedWhereTheMediumHasNone() throws {
        for media in [VirtualMediaKind.dvdPlusR, .dvdPlusRDL, .bdR, .bdRE, .dvdPlusRW, .dvdRAM] {
            let r = try VirtualDrive(media: media).selectWriteParameters(writeParameters(.trackAtOnce, testWrite: true))
            XCTAssertSense(r, "5/26/00")
            XCTAssertEqual(try SenseData(bytes: r.sense).senseKeySpecific, [0x80, 0x00, 10], "\(media)")  // SKSV; page byte 2
        }
    }

    func testWriteModeMustSuitTheMedium() throws {
        let cd = VirtualDrive(media: .cdR)
        let block = imageBytes(blocks: 16)
        var raw = writeParameters(.raw)
        raw.dataBlockType = .raw2352
        XCTAssertGood(try cd.selectWriteParameters(raw))
        XCTAssertSense(try cd.run(Write10(lba: 0, data: block)), "5/64/00")
        XCTAssertGood(try cd.selectWriteParameters(writeParameters(.packetIncremental)))
        XCTAssertSense(try cd.run(Write10(lba: 0, data: block)), "5/64/00")
        var mode2 = writeParameters(.trackAtOnce)
        mode2.dataBlockType = .mode2
        XCTAssertGood(try cd.selectWriteParameters(mode2))
        XCTAssertSense(try cd.run(Write10(lba: 0, data: block)), "5/64/00")
        XCTAssertGood(try cd.selectWriteParameters(writeParameters(.trackAtOnce)))
        XCTAssertGood(try cd.run(Write10(lba: 0, data: block)))
        XCTAssertSense(try VirtualDrive(media: .dvdR).selectWriteParameters(writeParameters(.trackAtOnce)), "5/26/00")
        // DVD+R and BD ignore page 05h: a CD-style page does not matter.
        let plus = VirtualDrive(media: .dvdPlusR)
        XCTAssertGood(try plus.selectWriteParameters(writeParameters(.sessionAtOnce)))
        XCTAssertGood(try plus.run(Write10(lba: 0, data: block)))
    }

    func testWritesPastCapacity() throws {
        let dl = VirtualDrive(media: .dvdPlusRDL)
        XCTAssertGood(try dl.run(SendDiscStructure.layerBoundary(layer0DataZoneBlocks: 16)))
        XCTAssertSense(try dl.run(Write10(lba: 0, data: imageBytes(blocks: 48))), "5/21/00")
        let ram = VirtualDrive(media: .dvdRAM)
        let last = UInt32(VirtualMediaKind.dvdRAM.blankCapacityBlocks - 1)
        XCTAssertGood(try ram.run(Write10(lba: last, data: imageBytes(blocks: 1))))
        let over = try ram.run(Write10(lba: last, data: imageBytes(blocks: 2)))
        XCTAssertSense(over, "5/21/00")
        XCTAssertEqual(try SenseData(bytes: over.sense).information, UInt64(last) + 1)
        XCTAssertSense(try ram.run(Write10(signedLBA: -1, data: imageBytes(blocks: 1))), "5/21/00")
        XCTAssertSense(try VirtualDrive(media: .dvdPlusR).run(Write10(signedLBA: -150, data: imageBytes(blocks: 1))),
                       "5/21/02")
    }

    func testCorruptAfterBurning() throws {
        let dir = try temporaryDirectory(self)
        let image = imageBytes(blocks: 32)
        let drive = try VirtualDrive.open(parsing: "dvd+r:" + dir)
        XCTAssertGood(try drive.writeSequentially(image, from: 0))
        XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
        try drive.corrupt(lba: 5)
        let back = try drive.readBack(lba: 0, blocks: 32)
        XCTAssertTrue(back[0..<5 * 2048] == image[0..<5 * 2048])
        XCTAssertTrue(back[5 * 2048..<6 * 2048].elementsEqual(image[5 * 2048..<6 * 2048].map { ~$0 }))
        XCTAssertTrue(back.dropFirst(6 * 2048).elementsEqual(image.dropFirst(6 * 2048)))
        XCTAssertEqual(try mediaFilePrefix(dir, bytes: 32 * 2048), back)
        XCTAssertThrowsError(try drive.corrupt(lba: 2_295_104))
        XCTAssertThrowsError(try VirtualDrive(media: .none).corrupt(lba: 0))
    }

    func testSlowDriveLatency() throws {
        let spec = try VirtualDriveSpec(parsing: "dvd+r?latency=20&speed=8x")
        XCTAssertEqual(spec.commandLatencyMilliseconds, 20)
        XCTAssertEqual(spec.description, "dvd+r?speed=8x&latency=20")
        XCTAssertThrowsError(try VirtualDriveSpec(parsing: "dvd+r?latency=-1"))
        let clock = ManualDriveClock()
        let drive = try VirtualDrive.open(spec, clock: clock)
        _ = try drive.testUnitReady()
        _ = try drive.testUnitReady()
        XCTAssertEqual(clock.now, .milliseconds(40))
    }
}
