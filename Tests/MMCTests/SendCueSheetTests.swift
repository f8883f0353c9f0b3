import XCTest
import SCSI
@testable import MMC

final class SendCueSheetTests: XCTestCase {
    func testSingleDataTrackOf1000Blocks() {
        let command = SendCueSheet.singleDataTrack(blocks: 1000)
        XCTAssertEqual(command.entries.count, 4)
        //                          CTL|ADR TNO INDEX FORM SCMS MIN SEC FRAME
        XCTAssertEqual(command.entries[0].bytes, bytes("41 00 00 14 00 00 00 00"))   // lead-in
        XCTAssertEqual(command.entries[1].bytes, bytes("41 01 00 10 00 00 00 00"))   // pre-gap, LBA -150
        XCTAssertEqual(command.entries[2].bytes, bytes("41 01 01 10 00 00 02 00"))   // index 1, LBA 0
        // lead-out at LBA 1000 = frame 1150 = 00:15:25
        XCTAssertEqual(command.entries[3].bytes, bytes("41 AA 01 14 00 00 0F 19"))
        XCTAssertEqual(dataOut(command.transfer), command.entries.flatMap(\.bytes))
        XCTAssertEqual(command.bytes.count, 32)
        //              op rsv               size      control
        assertCDB(command, "5D 00 00 00 00 00  00 00 20  00")
        XCTAssertEqual(SendCueSheet.name, "SEND CUE SHEET")
        XCTAssertEqual(command.timeout, .seconds(120))
    }

    func testSeventyFourMinuteTrackAndOtherTrackNumber() {
        // 333,000 blocks: lead-out at frame 333,150 = 74:02:00.
        let command = SendCueSheet.singleDataTrack(blocks: 333_000, trackNumber: 5)
        XCTAssertEqual(command.bytes, bytes("""
            41 00 00 14 00 00 00 00  # lead-in, drive-generated mode 1
            41 05 00 10 00 00 00 00  # track 5 pre-gap (index 0) at 00:00:00, LBA -150
            41 05 01 10 00 00 02 00  # track 5 index 1 at 00:02:00, LBA 0
            41 AA 01 14 00 4A 02 00  # lead-out at 74:02:00
            """))
    }

    func testMinimumTrack() {
        let command = SendCueSheet.singleDataTrack(blocks: 300)
        // 450 frames = 00:06:00
        XCTAssertEqual(command.entries[3].bytes, bytes("41 AA 01 14 00 00 06 00"))
    }

    func testEntryFromFrames() {
        let last = CueSheetEntry(controlAddress: 0x01, trackNumber: 2, index: 3, dataForm: .audio, scms: 0x80,
                                 frames: CueSheetEntry.maximumFrames)
        XCTAssertEqual(last.bytes, bytes("01 02 03 00 80 63 3B 4A"))   // 99:59:74
        let entry = CueSheetEntry(controlAddress: 0x01, trackNumber: 1, index: 1, dataForm: .audioGenerated,
                                  minute: 1, second: 2, frame: 3)
        XCTAssertEqual(entry.bytes, bytes("01 01 01 01 00 01 02 03"))
    }

    func testCustomSheetSizeInCDB() {
        let entry = CueSheetEntry(controlAddress: 0x41, trackNumber: 1, index: 1, dataForm: .mode1, frames: 150)
        let command = SendCueSheet(entries: Array(repeating: entry, count: 40))
        assertCDB(command, "5D 00 00 00 00 00  00 01 40  00")   // 320 bytes
        XCTAssertEqual(command.bytes.count, 320)
    }

    func testFirstWriteAddress() {
        XCTAssertEqual(SendCueSheet.firstWriteLBA, -150)
        XCTAssertEqual(UInt32(bitPattern: SendCueSheet.firstWriteLBA), 0xFFFF_FF6A)
    }
}
