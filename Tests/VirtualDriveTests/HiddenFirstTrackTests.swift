import Foundation
import MMC
import SCSI
import XCTest
@testable import VirtualDrive

/// A cue sheet whose first track's pre-gap runs past LBA 0 (libburn doc/cookbook.txt: the first track is
/// preceded by "a pre-gap of at least 2 seconds … Optional further sectors may occupy addresses larger than 0"):
/// index 0 at 00:00:00 (LBA −150), index 1 later. The 2 seconds before LBA 0 are not stored; the rest of the
/// pre-gap is recorded as track 1's, READ CD reads it, the TOC starts track 1 at index 1.
final class HiddenFirstTrackTests: XCTestCase {
    func entry(_ tno: UInt8, _ index: UInt8, _ form: UInt8, _ lba: Int) -> CueSheetEntry {
        CueSheetEntry(controlAddress: 0x01, trackNumber: tno, index: index, dataForm: .init(rawValue: form),
                      frames: UInt32(lba + 150))
    }

    func sheet(preGapLBA: Int, startLBA: Int, leadOutLBA: Int) -> SendCueSheet {
        SendCueSheet(entries: [entry(0, 0, 0x01, -150), entry(1, 0, 0x00, preGapLBA), entry(1, 1, 0x00, startLBA),
                               entry(0xAA, 1, 0x01, leadOutLBA)])
    }

    func audio(_ lba: Int) -> [UInt8] { (0..<2352).map { UInt8(truncatingIfNeeded: $0 &* 5 &+ lba &* 3) } }

    func testPreGapPastLBAZeroIsRecordedAsTrackOnes() throws {
        let dir = try temporaryDirectory(self)
        do {
            let drive = try VirtualDrive.open(parsing: "cd-r:" + dir)
            XCTAssertGood(try drive.selectWriteParameters(writeParameters(.sessionAtOnce)))
            XCTAssertGood(try drive.run(sheet(preGapLBA: -150, startLBA: 300, leadOutLBA: 700)))
            var lba = -150
            while lba < 700 {
                let count = min(20, 700 - lba)
                let data = (lba..<(lba + count)).flatMap { audio($0) }
                XCTAssertGood(try drive.run(Write10(signedLBA: Int32(lba), data: data, blockSizeBytes: 2352)))
                lba += count
            }
            XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
        }
        let drive = try VirtualDrive.open(parsing: "cd-r:" + dir)
        let toc = try drive.send(ReadTOC(), policy: .none)
        XCTAssertEqual(toc.entries.map(\.address), [300, 700])
        let track = try drive.trackInformation(.track(1))
        XCTAssertEqual(track.trackStartAddress, 300)
        XCTAssertEqual(track.trackSize, 400)
        XCTAssertEqual(try drive.send(ReadCD(wholeSectorsAt: 0, blocks: 2, expectedSectorType: .cdda), policy: .none),
                       audio(0) + audio(1), "the pre-gap from LBA 0 is on the disc")
        XCTAssertEqual(try drive.send(ReadCD(wholeSectorsAt: 299, blocks: 2, expectedSectorType: .cdda), policy: .none),
                       audio(299) + audio(300))
        // state.json keeps the pre-gap with track 1; a hostile one reaching before LBA 0 is refused, not trapped on.
        let json = try String(contentsOfFile: dir + "/state.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"preGapBlocks\" : 300"), json)
        try json.replacingOccurrences(of: "\"preGapBlocks\" : 300", with: "\"preGapBlocks\" : 301")
            .write(toFile: dir + "/state.json", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try VirtualDrive.open(parsing: "cd-r:" + dir)) { error in
            XCTAssertTrue("\(error)".contains("pre-gap"), "\(error)")
        }
    }

    /// The first pre-gap must start 2 seconds before the session's start and index 1 may not lie before it.
    func testFirstPreGapShorterThanTwoSecondsOrIndexOneBeforeZeroIsRefused() throws {
        for bad in [sheet(preGapLBA: -100, startLBA: 0, leadOutLBA: 400),
                    sheet(preGapLBA: -150, startLBA: -10, leadOutLBA: 400),
                    sheet(preGapLBA: -140, startLBA: 300, leadOutLBA: 700)] {
            let drive = VirtualDrive(media: .cdR)
            XCTAssertGood(try drive.selectWriteParameters(writeParameters(.sessionAtOnce)))
            XCTAssertSense(try drive.run(bad), "5/26/00")
        }
    }
}
