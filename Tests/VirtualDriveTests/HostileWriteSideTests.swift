import Foundation
import MMC
import SCSI
import XCTest
@testable import VirtualDrive

/// Garbage cue sheets and write addresses in SAO and test-write states: sense, never a trap.
final class HostileWriteSideTests: XCTestCase {
    func testRandomCueSheetsNeverTrap() throws {
        var random = HostileInputTests.Random(state: 0xC0E5_4EE7)
        let drive = VirtualDrive(media: .cdR)
        XCTAssertGood(try drive.selectWriteParameters(writeParameters(.sessionAtOnce)))
        var accepted = 0
        for round in 0..<2_000 {
            let count = 8 * (1 + random.below(round == 0 ? 8_192 : 12))  // the first one is 64 KiB
            var sheet = (0..<count).map { _ in random.byte() }
            if round % 2 == 0 {  // mostly plausible: ADR 1, valid MSF
                for at in stride(from: 0, to: count, by: 8) {
                    sheet[at] = 0x41
                    sheet[at + 5] %= 100
                    sheet[at + 6] %= 60
                    sheet[at + 7] %= 75
                }
            }
            var c = cdb(0x5D)
            c[6] = UInt8(count >> 16 & 0xFF)
            c[7] = UInt8(count >> 8 & 0xFF)
            c[8] = UInt8(count & 0xFF)
            let r = try drive.send(c, dataOut: sheet)
            if r.status == .good { accepted += 1 } else { XCTAssertEqual(senseTriple(r).prefix(2), "5/") }
        }
        XCTAssertLessThan(accepted, 10)
    }

    func testWildWriteAddressesNeverTrap() throws {
        let lbas: [UInt32] = [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_FF6A, 0xFFFF_FF00, 359_849]
        for media in VirtualMediaKind.allCases where !media.isPressed && media != .none {
            for testWrite in [false, true] {
                let drive = VirtualDrive(media: media)
                _ = try drive.run(FormatUnit(formatType: media == .dvdPlusRW ? 0x26 : 0x00, blocks: 0, immediate: false))
                _ = try drive.selectWriteParameters(writeParameters(.sessionAtOnce, testWrite: testWrite))
                _ = try drive.run(SendCueSheet.singleDataTrack(blocks: 300))
                for lba in lbas {
                    let r = try drive.run(Write12(lba: lba, data: imageBytes(blocks: 2)))
                    if [0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_FF00].contains(lba) {  // never writable
                        XCTAssertNotEqual(r.status, .good, "\(media) LBA \(lba)")
                    }
                }
            }
        }
    }
}
