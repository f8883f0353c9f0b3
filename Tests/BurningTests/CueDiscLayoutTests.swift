@testable import DiscImage
import MMC
import XCTest
@testable import Burning

/// The SEND CUE SHEET built from a cue (MMC-6 §6.33.3): CTL/ADR, track numbers, index points, data forms.
final class CueDiscLayoutTests: XCTestCase {
    func track(_ number: Int, _ mode: BurnableCue.TrackMode, blocks: Int, preGapInFile: Int = 0, generated: Int = 0,
               extra: [Int] = [], postGap: Int = 0, flags: UInt8 = 0) -> BurnableCue.Track {
        BurnableCue.Track(number: number, mode: mode, path: "/d/\(number).bin", fileOffsetBytes: 0,
                          preGapInFileBlocks: preGapInFile, generatedPreGapBlocks: generated, blocks: blocks,
                          extraIndexOffsets: extra, postGapBlocks: postGap, flagBits: flags)
    }

    func testMixedModeCueSheet() {
        let cue = BurnableCue(cuePath: "/d/x.cue", tracks: [
            track(1, .mode1Raw, blocks: 400),
            track(2, .audio, blocks: 300, generated: 150, extra: [75], postGap: 30, flags: 0x2),
            track(3, .mode1, blocks: 320, preGapInFile: 75),
        ])
        let layout = CueDiscLayout(cue)
        XCTAssertEqual(layout.placements.map(\.preGapLBA), [-150, 400, 880])
        XCTAssertEqual(layout.placements.map(\.startLBA), [0, 550, 955])
        XCTAssertEqual(layout.leadOutLBA, 1275)
        func hex(_ e: CueSheetEntry) -> String { e.bytes.map { String(format: "%02X", $0) }.joined(separator: " ") }
        XCTAssertEqual(layout.cueSheet.entries.map(hex), [
            "41 00 00 14 00 00 00 00",  // lead-in, data form of a data first track
            "41 01 00 00 00 00 00 00",  // track 1 pre-gap from −150: raw 2352 (00h) with the data CTL
            "41 01 01 00 00 00 02 00",  // track 1 at LBA 0
            "21 02 00 00 00 00 07 19",  // audio track 2, DCP: pre-gap at 400 (550 frames = 00:07:25, binary)
            "21 02 01 00 00 00 09 19",  // index 1 at 550
            "21 02 02 00 00 00 0A 19",  // index 2 at 625
            "21 02 03 00 00 00 0D 19",  // post-gap as the last index, at 850
            "41 03 00 10 00 00 0D 37",  // mode 1 track 3: pre-gap at 880 (from the file), form 10h
            "41 03 01 10 00 00 0E 37",  // index 1 at 955
            "41 AA 01 14 00 00 13 00",  // lead-out at 1275
        ])
        XCTAssertEqual(layout.placements.map(\.hostSectorBytes), [2352, 2352, 2048])
        XCTAssertEqual(layout.runs(of: layout.placements[1]), [
            .gap(lba: 400, blocks: 150), .file(lba: 550, blocks: 300, path: "/d/2.bin", offsetBytes: 0),
            .gap(lba: 850, blocks: 30),
        ])
        XCTAssertEqual(layout.runs(of: layout.placements[2]), [.file(lba: 880, blocks: 395, path: "/d/3.bin", offsetBytes: 0)])
        let gap = CueDiscLayout.gapSector(layout.placements[0], lba: -150)
        XCTAssertEqual(Array(gap[0..<16]), [0] + [UInt8](repeating: 0xFF, count: 10) + [0, 0, 0, 0, 0])  // mode 0
        XCTAssertEqual(CueDiscLayout.gapSector(layout.placements[1], lba: 400), [UInt8](repeating: 0, count: 2352))
    }

    func testAudioFirstTrackUsesAudioLeadInAndLeadOut() {
        let layout = CueDiscLayout(BurnableCue(cuePath: "/d/x.cue", tracks: [track(1, .audio, blocks: 300)]))
        XCTAssertEqual(layout.cueSheet.entries.map(\.controlAddress), [0x01, 0x01, 0x01, 0x01])
        XCTAssertEqual(layout.cueSheet.entries.map(\.dataForm.rawValue), [0x01, 0x00, 0x00, 0x01])
    }
}
