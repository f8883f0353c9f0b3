import Foundation
import MMC
import SCSI
import XCTest
@testable import VirtualDrive

/// A full burn per medium, as the engine will do it, each into a DIR that a fresh drive then reopens.
final class BurnSequenceTests: XCTestCase {
    /// Burns through `body`, then checks media.bin, the read-back and the disc status of a reopened drive.
    func burn(_ media: String, blocks: Int, status: MMC.DiscStatus, sessions: UInt16 = 1,
              file: StaticString = #filePath, line: UInt = #line,
              _ body: (VirtualDrive, [UInt8]) throws -> Void) throws {
        let dir = try temporaryDirectory(self)
        let image = imageBytes(blocks: blocks)
        do {
            let drive = try VirtualDrive.open(parsing: media + ":" + dir)
            try body(drive, image)
            XCTAssertEqual(try drive.discInformation().discStatus, status, "before reopening", file: file, line: line)
        }
        XCTAssertTrue(try mediaFilePrefix(dir, bytes: image.count) == image, "media.bin", file: file, line: line)
        let reopened = try VirtualDrive.open(parsing: media + ":" + dir)
        let info = try reopened.discInformation()
        XCTAssertEqual(info.discStatus, status, "after reopening", file: file, line: line)
        XCTAssertEqual(info.numberOfSessions, sessions, file: file, line: line)
        XCTAssertTrue(try reopened.readBack(lba: 0, blocks: blocks) == image, "read-back", file: file, line: line)
    }

    func closeTrackAndSession(_ drive: VirtualDrive, session: CloseFunction = .closeSession) throws {
        XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
        XCTAssertGood(try drive.run(CloseTrackSession(function: .closeTrack, trackNumber: 1, immediate: false)))
        XCTAssertGood(try drive.run(CloseTrackSession(function: session, immediate: false)))
    }

    func testCDRTrackAtOnce() throws {
        try burn("cd-r", blocks: 300, status: .complete) { drive, image in
            XCTAssertGood(try drive.selectWriteParameters(writeParameters(.trackAtOnce, burnFree: true)))
            XCTAssertGood(try drive.writeSequentially(image, from: 0))
            try closeTrackAndSession(drive)
            XCTAssertEqual(try drive.readCapacityLBA(), 299)
        }
    }

    func testCDRWTrackAtOnceMultiSessionStaysAppendable() throws {
        try burn("cd-rw", blocks: 300, status: .appendable, sessions: 2) { drive, image in
            XCTAssertGood(try drive.selectWriteParameters(writeParameters(.trackAtOnce, multiSession: .allowNextSession)))
            XCTAssertGood(try drive.writeSequentially(image, from: 0))
            try closeTrackAndSession(drive)
        }
    }

    func testDVDMinusRDiscAtOnceNeedsReserveTrack() throws {
        try burn("dvd-r", blocks: 100, status: .complete) { drive, image in
            XCTAssertGood(try drive.selectWriteParameters(writeParameters(.sessionAtOnce)))
            XCTAssertSense(try drive.run(Write10(lba: 0, data: Array(image.prefix(32_768)))), "5/2C/00")
            XCTAssertGood(try drive.run(ReserveTrack(blocks: 100)))
            XCTAssertEqual(try drive.trackInformation(.track(1)).trackSize, 112)  // one ECC block = 16
            XCTAssertGood(try drive.writeSequentially(image, from: 0))
            XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))  // DAO: the sync closes the disc
        }
    }

    func testDVDMinusRIncremental() throws {
        try burn("dvd-r", blocks: 96, status: .complete) { drive, image in
            XCTAssertGood(try drive.selectWriteParameters(writeParameters(.packetIncremental, burnFree: true)))
            XCTAssertGood(try drive.writeSequentially(image, from: 0))
            try closeTrackAndSession(drive)
        }
    }

    func testDVDMinusRWIncrementalWithDefaultPage() throws {
        try burn("dvd-rw", blocks: 64, status: .complete) { drive, image in
            XCTAssertGood(try drive.writeSequentially(image, from: 0))  // the shipped default: incremental
            try closeTrackAndSession(drive)
        }
    }

    func testDVDPlusRFinalized() throws {
        try burn("dvd+r", blocks: 80, status: .complete) { drive, image in
            XCTAssertGood(try drive.writeSequentially(image, from: 0))
            try closeTrackAndSession(drive, session: .finalizeMinimalRadius)
        }
    }

    func testDVDPlusRDoubleLayerWithLayerBreak() throws {
        try burn("dvd+r-dl", blocks: 64, status: .complete) { drive, image in
            XCTAssertGood(try drive.run(SendDiscStructure.layerBoundary(layer0DataZoneBlocks: 32)))
            XCTAssertEqual(try drive.trackInformation(.invisibleTrack).freeBlocks, 64)
            XCTAssertGood(try drive.writeSequentially(image, from: 0))
            try closeTrackAndSession(drive, session: .finalize)
        }
    }

    func testDVDPlusRWAfterFormat() throws {
        try burn("dvd+rw", blocks: 48, status: .complete) { drive, image in
            XCTAssertSense(try drive.run(Write10(lba: 0, data: Array(image.prefix(2048)))), "5/30/10")
            XCTAssertGood(try drive.run(FormatUnit(formatType: 0x26, blocks: 2_295_104, immediate: false)))
            XCTAssertGood(try drive.writeSequentially(image, from: 0))
            XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
            XCTAssertGood(try drive.run(CloseTrackSession(function: .stopBackgroundFormat, immediate: false)))
        }
    }

    func testDVDRAM() throws {
        try burn("dvd-ram", blocks: 48, status: .other) { drive, image in
            XCTAssertGood(try drive.writeSequentially(image, from: 0))
            XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
        }
    }

    func testBDRWithStreamingWrites() throws {
        try burn("bd-r", blocks: 96, status: .complete) { drive, image in
            XCTAssertGood(try drive.writeSequentially12(image, from: 0))
            try closeTrackAndSession(drive, session: .finalize)
        }
    }

    func testBDRWithSpareAreas() throws {
        try burn("bd-r", blocks: 64, status: .appendable, sessions: 2) { drive, image in
            XCTAssertGood(try drive.run(FormatUnit(formatType: 0x32, blocks: 11_826_176, typeDependentParameter: 0x3000,
                                                   immediate: false)))
            XCTAssertEqual(try drive.trackInformation(.invisibleTrack).freeBlocks, 11_826_176)
            XCTAssertGood(try drive.writeSequentially12(image, from: 0))
            try closeTrackAndSession(drive)  // close session: BD-R stays appendable
        }
    }

    func testBDREAfterFormat() throws {
        try burn("bd-re", blocks: 64, status: .complete) { drive, image in
            XCTAssertGood(try drive.run(FormatUnit(formatType: 0x30, blocks: 11_826_176, typeDependentParameter: 0x3000,
                                                   immediate: false)))
            XCTAssertGood(try drive.writeSequentially12(image, from: 0))
            XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
        }
    }

    func testClosedDiscRefusesWrites() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 16), from: 0))
        try closeTrackAndSession(drive, session: .finalize)
        XCTAssertSense(try drive.run(Write10(lba: 16, data: imageBytes(blocks: 16))), "5/21/02")
        XCTAssertSense(try drive.run(Write10(lba: 6_160, data: imageBytes(blocks: 16))), "5/21/02")
        XCTAssertSense(try drive.run(ReserveTrack(blocks: 16)), "5/2C/00")
    }
}
