import Foundation
import MMC
import SCSI
import XCTest
@testable import VirtualDrive

/// CD session-at-once: SEND CUE SHEET, the pre-gap from LBA −150, SYNCHRONIZE CACHE closing the session.
final class SessionAtOnceTests: XCTestCase {
    let blocks = 400

    func prepare(_ drive: VirtualDrive, multiSession: MultiSession = .noNextSession,
                 testWrite: Bool = false) throws {
        XCTAssertGood(try drive.selectWriteParameters(writeParameters(.sessionAtOnce, testWrite: testWrite,
                                                                      multiSession: multiSession)))
        XCTAssertGood(try drive.run(SendCueSheet.singleDataTrack(blocks: UInt32(blocks))))
    }

    /// 150 pre-gap blocks of zeros, then the image: 16-block WRITEs, one of them straddling LBA 0.
    func burn(_ drive: VirtualDrive, _ image: [UInt8]) throws -> SCSIResult {
        let pregap = [UInt8](repeating: 0, count: 150 * 2048)
        return try drive.writeSequentially(pregap + image, from: SendCueSheet.firstWriteLBA)
    }

    func testCDRSessionAtOnceBurnPersists() throws {
        let dir = try temporaryDirectory(self)
        let image = imageBytes(blocks: blocks)
        do {
            let drive = try VirtualDrive.open(parsing: "cd-r:" + dir)
            try prepare(drive)
            XCTAssertEqual(Write10(signedLBA: -150, data: [UInt8](repeating: 0, count: 2048)).cdb.bytes[2...5],
                           [0xFF, 0xFF, 0xFF, 0x6A])  // the signed LBA as the drive receives it
            XCTAssertGood(try burn(drive, image))
            XCTAssertEqual(try drive.discInformation().discStatus, .appendable)  // open until the sync
            XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
            let info = try drive.discInformation()
            XCTAssertEqual(info.discStatus, .complete)
            XCTAssertEqual(info.lastSessionState, .complete)
            XCTAssertEqual(info.numberOfSessions, 1)
            XCTAssertEqual(try drive.readBack(lba: 0, blocks: blocks), image)
            XCTAssertEqual(drive.statistics.blocksWritten, 150 + blocks)
        }
        XCTAssertEqual(mediaFileSize(dir), blocks * 2048, "the pre-gap is not stored")
        XCTAssertEqual(try mediaFilePrefix(dir, bytes: blocks * 2048), image)
        let reopened = try VirtualDrive.open(parsing: "cd-r:" + dir)
        XCTAssertEqual(try reopened.discInformation().discStatus, .complete)
        let track = try reopened.trackInformation(.track(1))
        XCTAssertEqual(track.trackStartAddress, 0)
        XCTAssertEqual(track.trackSize, UInt32(blocks))
        XCTAssertEqual(try reopened.readCapacityLBA(), blocks - 1)
    }

    func testSAOWithoutCueSheetIsCommandSequenceError() throws {
        let drive = VirtualDrive(media: .cdR)
        XCTAssertGood(try drive.selectWriteParameters(writeParameters(.sessionAtOnce)))
        let zeros = [UInt8](repeating: 0, count: 16 * 2048)
        XCTAssertSense(try drive.run(Write10(signedLBA: -150, data: zeros)), "5/2C/00")
        XCTAssertSense(try drive.run(Write10(lba: 0, data: zeros)), "5/2C/00")
    }

    func testSAOWritesFollowTheCueSheet() throws {
        let drive = VirtualDrive(media: .cdR)
        try prepare(drive)
        let zeros = [UInt8](repeating: 0, count: 16 * 2048)
        XCTAssertSense(try drive.run(Write10(lba: 0, data: zeros)), "5/21/02")   // the pre-gap comes first
        XCTAssertGood(try drive.writeSequentially([UInt8](repeating: 0, count: 150 * 2048), from: -150))
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 384), from: 0))
        XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))   // 16 blocks short: stays open
        XCTAssertEqual(try drive.discInformation().discStatus, .appendable)
        XCTAssertSense(try drive.run(Write10(lba: 384, data: zeros + zeros)), "5/21/02")  // past the lead-out
        XCTAssertGood(try drive.run(Write10(lba: 384, data: zeros)))
        XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
        XCTAssertEqual(try drive.discInformation().discStatus, .complete)
        XCTAssertSense(try drive.run(SendCueSheet.singleDataTrack(blocks: 300)), "5/2C/00")  // disc closed
    }

    func testMultiSessionSAOLeavesDiscAppendable() throws {
        let drive = VirtualDrive(media: .cdRW)
        try prepare(drive, multiSession: .allowNextSession)
        XCTAssertGood(try burn(drive, imageBytes(blocks: blocks)))
        XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
        let info = try drive.discInformation()
        XCTAssertEqual(info.discStatus, .appendable)
        XCTAssertEqual(info.numberOfSessions, 2)
        XCTAssertEqual(try drive.trackInformation(.invisibleTrack).trackStartAddress, UInt32(blocks + 11_400))
        XCTAssertSense(try drive.run(SendCueSheet.singleDataTrack(blocks: 300)), "5/26/00")  // index 1 must be the NWA
    }

    func testCueSheetValidation() throws {
        let drive = VirtualDrive(media: .cdR)
        let sheet = SendCueSheet.singleDataTrack(blocks: 300)
        XCTAssertSense(try drive.run(sheet), "5/2C/00")                       // page 05h still TAO
        XCTAssertSense(try VirtualDrive(media: .dvdR).run(sheet), "5/2C/00")  // not a CD
        XCTAssertGood(try drive.selectWriteParameters(writeParameters(.sessionAtOnce)))
        func entry(_ tno: UInt8, _ index: UInt8, _ form: CueSheetEntry.DataForm, _ frames: UInt32,
                   control: UInt8 = 0x41) -> CueSheetEntry {
            CueSheetEntry(controlAddress: control, trackNumber: tno, index: index, dataForm: form, frames: frames)
        }
        // Mode 1 data (form 10h) announced under an audio CTL
        let audio = SendCueSheet(entries: [entry(0, 0, .audioGenerated, 0, control: 0x01),
                                           entry(1, 1, .mode1, 150, control: 0x01),
                                           entry(0xAA, 1, .audioGenerated, 600, control: 0x01)])
        let short = SendCueSheet(entries: [entry(0, 0, .mode1Generated, 0), entry(1, 1, .mode1, 150),
                                           entry(0xAA, 1, .mode1Generated, 449)])
        let huge = SendCueSheet.singleDataTrack(blocks: 400_000)
        let badADR = SendCueSheet(entries: [entry(0, 0, .mode1Generated, 0, control: 0x40), entry(1, 1, .mode1, 150),
                                            entry(0xAA, 1, .mode1Generated, 600)])
        for (sheet, field) in [(audio, 11), (short, 8), (huge, 29), (badADR, 0)] {
            let r = try drive.run(sheet)
            XCTAssertSense(r, "5/26/00")
            XCTAssertEqual(try SenseData(bytes: r.sense).senseKeySpecific.map { Int($0[1]) << 8 | Int($0[2]) }, field)
        }
        XCTAssertGood(try drive.run(sheet))
    }

    func testSAOTestWriteLeavesDiscBlank() throws {
        let dir = try temporaryDirectory(self)
        do {
            let drive = try VirtualDrive.open(parsing: "cd-r:" + dir)
            try prepare(drive, testWrite: true)
            XCTAssertGood(try burn(drive, imageBytes(blocks: blocks)))
            XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
            XCTAssertEqual(try drive.discInformation().discStatus, .empty)
            XCTAssertEqual(drive.statistics.blocksWritten, 150 + blocks)
        }
        XCTAssertEqual(mediaFileSize(dir), 0)
        XCTAssertEqual(try VirtualDrive.open(parsing: "cd-r:" + dir).discInformation().discStatus, .empty)
    }
}
