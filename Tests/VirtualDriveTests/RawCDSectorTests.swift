import Foundation
import MMC
import SCSI
import XCTest
@testable import VirtualDrive

/// Cue sheets with 2352-byte sectors: an audio track (form 00h, CTL 0) and a mode 1 track (form 10h, CTL 4) in
/// one session; READ CD returns whole sectors, READ(10) the user data and refuses the audio track, the TOC shows
/// each track's control bits, and it all survives reopening DIR.
final class RawCDSectorTests: XCTestCase {
    let audioBlocks = 300, dataBlocks = 320

    func entry(_ tno: UInt8, _ index: UInt8, _ form: UInt8, _ lba: Int, control: UInt8) -> CueSheetEntry {
        CueSheetEntry(controlAddress: control << 4 | 1, trackNumber: tno, index: index,
                      dataForm: .init(rawValue: form), frames: UInt32(lba + 150))
    }

    /// Audio 1 (LBA 0…299), data 2 (pre-gap 300…449 in mode 1, index 1 at 450).
    var sheet: SendCueSheet {
        SendCueSheet(entries: [
            entry(0, 0, 0x01, -150, control: 0), entry(1, 0, 0x00, -150, control: 0), entry(1, 1, 0x00, 0, control: 0),
            entry(2, 0, 0x10, audioBlocks, control: 4), entry(2, 1, 0x10, audioBlocks + 150, control: 4),
            entry(0xAA, 1, 0x14, audioBlocks + 150 + dataBlocks, control: 4),
        ])
    }

    func audio(_ lba: Int) -> [UInt8] { (0..<2352).map { UInt8(truncatingIfNeeded: $0 &* 3 &+ lba) } }

    func burn(_ drive: VirtualDrive) throws {
        XCTAssertGood(try drive.selectWriteParameters(writeParameters(.sessionAtOnce)))
        XCTAssertGood(try drive.run(sheet))
        var lba = -150
        let audioData = (-150..<audioBlocks).flatMap { $0 < 0 ? [UInt8](repeating: 0, count: 2352) : audio($0) }
        for chunk in stride(from: 0, to: audioData.count, by: 10 * 2352) {
            let part = Array(audioData[chunk..<min(audioData.count, chunk + 10 * 2352)])
            XCTAssertGood(try drive.run(Write10(signedLBA: Int32(lba), data: part, blockSizeBytes: 2352)))
            lba += part.count / 2352
        }
        // A WRITE whose length does not follow the cue sheet's forms is refused.
        XCTAssertThrowsError(try drive.run(Write10(signedLBA: Int32(lba), data: [UInt8](repeating: 0, count: 2352),
                                                   blockSizeBytes: 2352)))
        let data = [UInt8](repeating: 0, count: 150 * 2048) + imageBytes(blocks: dataBlocks)
        XCTAssertGood(try drive.writeSequentially(data, from: Int32(lba)))
        XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
    }

    func testAudioAndDataSectorsReadBackWholeAndByUserData() throws {
        let dir = try temporaryDirectory(self)
        do { try burn(try VirtualDrive.open(parsing: "cd-r:" + dir)) }
        let drive = try VirtualDrive.open(parsing: "cd-r:" + dir)
        XCTAssertEqual(try drive.discInformation().discStatus, .complete)
        let toc = try drive.send(ReadTOC(), policy: .none)
        XCTAssertEqual(toc.entries.map(\.trackNumber), [1, 2, 0xAA])
        XCTAssertEqual(toc.entries.map(\.control.rawValue), [0x0, 0x4, 0x4])
        XCTAssertEqual(toc.entries.map(\.address), [0, UInt32(audioBlocks + 150), UInt32(audioBlocks + 150 + dataBlocks)])
        // Audio: READ CD gives the sectors as sent; READ(10) is refused with ILLEGAL MODE FOR THIS TRACK.
        XCTAssertEqual(try drive.send(ReadCD(wholeSectorsAt: 5, blocks: 2, expectedSectorType: .cdda), policy: .none),
                       audio(5) + audio(6))
        XCTAssertSense(try drive.run(Read10(lba: 10, blocks: 1)), "5/64/00")
        XCTAssertSense(try drive.run(ReadCD(wholeSectorsAt: 5, blocks: 1, expectedSectorType: .mode1)), "5/64/00")
        // Data: READ(10) and READ CD user data give the image; the whole sector carries sync, header, EDC.
        let start = UInt32(audioBlocks + 150)
        XCTAssertEqual(try drive.readBack(lba: start, blocks: 4), Array(imageBytes(blocks: dataBlocks)[0..<(4 * 2048)]))
        XCTAssertEqual(try drive.send(ReadCD(lba: start, blocks: 1), policy: .none),
                       Array(imageBytes(blocks: dataBlocks)[0..<2048]))
        let whole = try drive.send(ReadCD(wholeSectorsAt: start, blocks: 1), policy: .none)
        XCTAssertEqual(whole.count, 2352)
        XCTAssertEqual(Array(whole[0..<12]), [0] + [UInt8](repeating: 0xFF, count: 10) + [0])
        XCTAssertEqual(Array(whole[12..<16]), [0x00, 0x08, 0x00, 0x01])  // 00:08:00 = LBA 450 + 150, mode 1
        XCTAssertEqual(CDSectorEncoder.edc(whole[0..<2068]), 0, "EDC residue over data and EDC is zero")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/raw.bin"))
    }

    /// EDC and the P/Q parity checked against their defining equations: each P column and Q diagonal, with its
    /// two parity symbols, has syndromes Σ s_i = 0 and Σ α^i s_i = 0 over GF(2⁸) (ECMA-130 Annex A).
    func testMode1ParitySatisfiesTheSyndromeEquations() {
        let sector = CDSectorEncoder.mode1Sector(lba: 1234, userData: imageBytes(blocks: 1)[...])
        func times(_ a: UInt8, _ b: UInt8) -> UInt8 {
            var a = a, b = b, product: UInt8 = 0
            while b != 0 {
                if b & 1 != 0 { product ^= a }
                a = (a & 0x80 != 0) ? (a << 1) ^ 0x1D : a << 1
                b >>= 1
            }
            return product
        }
        func syndromes(_ symbols: [UInt8]) -> (UInt8, UInt8) {
            var s0: UInt8 = 0, s1: UInt8 = 0
            for symbol in symbols { s0 ^= symbol; s1 = times(s1, 2) ^ symbol }
            return (s0, s1)
        }
        let area = Array(sector[12..<2352])
        for column in 0..<86 {
            let symbols = (0..<26).map { area[(column / 2) * 2 + column % 2 + $0 * 86] }
            XCTAssertTrue(syndromes(symbols) == (0, 0), "P column \(column)")
        }
        for diagonal in 0..<52 {
            var symbols = (0..<43).map { area[((diagonal / 2) * 86 + diagonal % 2 + $0 * 88) % 2236] }
            symbols += [area[2236 + diagonal], area[2236 + 52 + diagonal]]
            XCTAssertTrue(syndromes(symbols) == (0, 0), "Q diagonal \(diagonal)")
        }
        XCTAssertEqual(CDSectorEncoder.edc(sector[0..<2068]), 0)
    }
}
