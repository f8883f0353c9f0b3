import Foundation
import SCSI
import XCTest
@testable import VirtualDrive

/// DVD-RW restricted overwrite (profile 0013h): FORMAT UNIT 10h/15h, aligned random writes, BLANK back to
/// sequential, persistence (see `RestrictedOverwrite.swift`).
final class RestrictedOverwriteTests: XCTestCase {
    static let formatted = 2_297_888

    /// FORMAT UNIT (MMC-6 §6.5): FmtData, format code 001b; header (IMMED in byte 1 bit 1, length 8), descriptor
    /// (number of blocks, format type << 2, type-dependent parameter).
    func format(_ drive: VirtualDrive, type: UInt8, blocks: Int = formatted) throws -> SCSIResult {
        let list: [UInt8] = [0, 0, 0, 8] + be32(blocks) + [type << 2, 0, 0, 16]
        return try drive.send(cdb(Op.formatUnit, [1: 0x11]), dataOut: list)
    }

    /// Feature descriptor `code` from GET CONFIGURATION RT 10b: its flags byte (version/persistent/current).
    func featureFlags(_ drive: VirtualDrive, _ code: Int) throws -> UInt8? {
        let d = try drive.data(cdb(Op.getConfiguration, [1: 0x02, 2: UInt8(code >> 8), 3: UInt8(code & 0xFF), 8: 255]))
        return d.count >= 12 && d.u16(8) == code ? d[10] : nil
    }

    func pattern(_ blocks: Int, seed: UInt8) -> [UInt8] {
        (0..<blocks * 2048).map { UInt8(truncatingIfNeeded: $0 * 13 + Int(seed)) }
    }

    func testBlankDVDRWOffersFullAndQuickFormat() throws {
        let drive = VirtualDrive(media: .dvdRW)
        XCTAssertEqual(try drive.currentProfile(), 0x0014)
        let rfc = try drive.data(cdb(Op.readFormatCapacities, [8: 252]))
        XCTAssertEqual(rfc.count, 4 + 3 * 8)
        XCTAssertEqual(rfc[3], 24)                       // capacity list length
        XCTAssertEqual(rfc.u32(4), 2_298_496)            // current: blocks (last possible lead-out)
        XCTAssertEqual(rfc[8], 0x01)                     // descriptor type 01b unformatted
        XCTAssertEqual(rfc.u32(12), Self.formatted)      // 10h: blocks
        XCTAssertEqual(rfc[16], 0x10 << 2)               // format type 10h (full)
        XCTAssertEqual(rfc.u32(16) & 0xFF_FFFF, 16)      // type dependent parameter: ECC block
        XCTAssertEqual(rfc.u32(20), Self.formatted)      // 15h: blocks
        XCTAssertEqual(rfc[24], 0x15 << 2)               // format type 15h (quick)
        XCTAssertEqual(rfc.u32(24) & 0xFF_FFFF, 16)
        XCTAssertEqual(try featureFlags(drive, 0x0023), 0x05)  // Formattable: version 1, current
        XCTAssertEqual(try featureFlags(drive, 0x0026), 0x00)  // Restricted Overwrite: not current
        XCTAssertEqual(try featureFlags(drive, 0x002F), 0x05)  // DVD-R/-RW Write: current
    }

    func testQuickFormatEntersRestrictedOverwrite() throws {
        let drive = VirtualDrive(media: .dvdRW)
        XCTAssertGood(try format(drive, type: 0x15))
        XCTAssertEqual(try drive.currentProfile(), 0x0013)
        XCTAssertEqual(try featureFlags(drive, 0x0026), 0x01)  // Restricted Overwrite: version 0, current
        XCTAssertEqual(try featureFlags(drive, 0x0021), 0x04)  // Incremental Streaming: not current
        XCTAssertEqual(try featureFlags(drive, 0x002F), 0x04)  // DVD-R/-RW Write: not current
        XCTAssertEqual(try featureFlags(drive, 0x0010)! & 0x01, 0x01)  // Random Readable: current
        let all = try drive.data(cdb(Op.getConfiguration, [8: 255]))
        // Profile List: 0013h (8th of 14 entries) carries CurrentP, 0014h does not.
        XCTAssertEqual(all.u16(12 + 7 * 4), 0x0013)
        XCTAssertEqual(all[12 + 7 * 4 + 2], 0x01)
        XCTAssertEqual(all.u16(12 + 6 * 4), 0x0014)
        XCTAssertEqual(all[12 + 6 * 4 + 2], 0x00)

        let d = try drive.readDiscInformation()
        XCTAssertEqual(d[2], 0x10 | 3 << 2 | 2)          // erasable, last session complete, disc complete
        XCTAssertEqual(d[4], 1)                          // sessions
        XCTAssertEqual(d[6], 1)                          // last track in last session
        for track in [1, 0xFF] {
            let t = try drive.readTrackInformation(track: track)
            XCTAssertEqual(t[2], 1)                      // track number
            XCTAssertEqual(t[7] & 0x01, 0)               // NWA_V = 0: written anywhere
            XCTAssertEqual(t.u32(8), 0)                  // start
            XCTAssertEqual(t.u32(12), 0)                 // NWA
            XCTAssertEqual(t.u32(16), 0)                 // free blocks
            XCTAssertEqual(t.u32(20), 16)                // blocking factor
            XCTAssertEqual(t.u32(24), Self.formatted)    // track size
        }
        XCTAssertEqual(try drive.readCapacityLBA(), Self.formatted - 1)
        let rfc = try drive.data(cdb(Op.readFormatCapacities, [8: 252]))
        XCTAssertEqual(rfc.u32(4), Self.formatted)
        XCTAssertEqual(rfc[8], 0x02)                     // formatted
        XCTAssertEqual(rfc[16], 0x10 << 2)               // reformat offered
    }

    func testAlignedRandomWritesAndReads() throws {
        let drive = VirtualDrive(media: .dvdRW)
        XCTAssertGood(try format(drive, type: 0x10))
        XCTAssertEqual(try drive.currentProfile(), 0x0013)
        let a = pattern(32, seed: 1), b = pattern(16, seed: 2)
        XCTAssertGood(try drive.write10(lba: 1_024, data: a))
        XCTAssertGood(try drive.write10(lba: 16, data: b))
        XCTAssertGood(try drive.write10(lba: 1_040, blocks: 16, fill: 0x77))  // overwrite the second packet
        XCTAssertGood(try drive.synchronizeCache())
        XCTAssertEqual(try drive.read10(lba: 16, blocks: 16).dataIn, b)
        XCTAssertEqual(try drive.read10(lba: 1_024, blocks: 16).dataIn, Array(a.prefix(16 * 2048)))
        XCTAssertEqual(try drive.read10(lba: 1_040, blocks: 1).dataIn, [UInt8](repeating: 0x77, count: 2048))
        XCTAssertEqual(try drive.read10(lba: 0, blocks: 1).dataIn, [UInt8](repeating: 0, count: 2048))
        XCTAssertGood(try drive.write10(lba: Self.formatted - 16, blocks: 16))  // the last packet
        XCTAssertGood(try drive.closeTrackSession(function: 2))                 // nothing to close
    }

    func testMisalignedOrOutOfRangeWritesAreRefused() throws {
        let drive = VirtualDrive(media: .dvdRW)
        XCTAssertGood(try format(drive, type: 0x15))
        let start = try drive.write10(lba: 8, blocks: 16)
        XCTAssertSense(start, "5/21/02")
        XCTAssertEqual(try SenseData(bytes: start.sense).information, 8)
        let length = try drive.write10(lba: 32, blocks: 8)
        XCTAssertSense(length, "5/21/02")
        XCTAssertEqual(try SenseData(bytes: length.sense).information, 40)
        XCTAssertSense(try drive.write10(lba: 32, blocks: 17), "5/21/02")
        XCTAssertSense(try drive.write10(lba: Self.formatted, blocks: 16), "5/21/00")
        XCTAssertSense(try drive.read10(lba: Self.formatted, blocks: 1), "5/21/00")
        XCTAssertEqual(drive.statistics.writeCommands, 0)
    }

    func testFormatErasesASequentiallyWrittenDisc() throws {
        let drive = VirtualDrive(media: .dvdRW)
        XCTAssertGood(try drive.write10(lba: 0, blocks: 32, fill: 0x42))  // incremental (the default page)
        XCTAssertGood(try drive.synchronizeCache())
        XCTAssertEqual(try drive.readDiscInformation()[2] & 0x03, 1)     // incomplete
        XCTAssertSense(try format(drive, type: 0x15, blocks: Self.formatted + 1), "5/26/00")
        XCTAssertSense(try format(drive, type: 0x13), "5/26/00")         // not offered
        XCTAssertGood(try format(drive, type: 0x15))
        XCTAssertEqual(try drive.currentProfile(), 0x0013)
        XCTAssertEqual(try drive.readDiscInformation()[2] & 0x03, 2)
        XCTAssertEqual(try drive.read10(lba: 0, blocks: 1).dataIn, [UInt8](repeating: 0, count: 2048))
        XCTAssertGood(try format(drive, type: 0x10))                     // reformat stays restricted overwrite
        XCTAssertEqual(try drive.currentProfile(), 0x0013)
    }

    func testFullBlankReturnsToSequential() throws {
        let drive = VirtualDrive(media: .dvdRW)
        XCTAssertGood(try format(drive, type: 0x15))
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
        XCTAssertGood(try drive.send(cdb(Op.blank), allocation: 0))      // type 000b: blank the disc
        XCTAssertEqual(try drive.currentProfile(), 0x0014)
        XCTAssertEqual(try featureFlags(drive, 0x0026), 0x00)
        let d = try drive.readDiscInformation()
        XCTAssertEqual(d[2], 0x10)                                       // erasable, empty session, empty disc
        let t = try drive.readTrackInformation(track: 0xFF)
        XCTAssertEqual(t[7] & 0x01, 0x01)                                // NWA valid again
        XCTAssertEqual(t.u32(16), 2_298_496)                             // free blocks
        XCTAssertSense(try drive.write10(lba: 16, blocks: 16), "5/21/02")  // sequential: only at the NWA
        XCTAssertSense(try drive.read10(lba: 0, blocks: 1), "8/00/00")
        let rfc = try drive.data(cdb(Op.readFormatCapacities, [8: 252]))
        XCTAssertEqual(rfc[8], 0x01)
    }

    /// MODE SELECT(10) with PF of the current page 05h with Test Write (byte 2 bit 4) set.
    func selectTestWrite(_ drive: VirtualDrive) throws -> SCSIResult {
        var list = try drive.data(cdb(Op.modeSense10, [2: 0x05, 8: 255]))
        XCTAssertGreaterThanOrEqual(list.count, 8 + 52)
        list[0] = 0; list[1] = 0                                         // mode data length: reserved in SELECT
        list[8 + 2] |= 0x10                                              // Test Write
        var c = cdb(Op.modeSelect10, [1: 0x10])
        c.replaceSubrange(7...8, with: be16(list.count))
        return try drive.send(c, dataOut: list)
    }

    func testTestWriteIsRefusedInRestrictedOverwrite() throws {
        XCTAssertGood(try selectTestWrite(VirtualDrive(media: .dvdRW)))  // sequential: test write allowed
        let drive = VirtualDrive(media: .dvdRW)
        XCTAssertGood(try format(drive, type: 0x15))
        XCTAssertSense(try selectTestWrite(drive), "5/26/00")
    }

    func testStatePersistsAndOlderVersionsLoad() throws {
        let dir = try temporaryDirectory(self)
        let data = pattern(16, seed: 5)
        do {
            let drive = try VirtualDrive.open(parsing: "dvd-rw:" + dir)
            XCTAssertGood(try format(drive, type: 0x15))
            XCTAssertGood(try drive.write10(lba: 64, data: data))
            XCTAssertGood(try drive.synchronizeCache())
        }
        let json = try String(contentsOfFile: dir + "/state.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"version\" : 4"), json)
        XCTAssertTrue(json.contains("\"isRestrictedOverwrite\" : true"), json)
        do {
            let reopened = try VirtualDrive.open(parsing: "dvd-rw:" + dir)
            XCTAssertEqual(try reopened.currentProfile(), 0x0013)
            XCTAssertEqual(try reopened.read10(lba: 64, blocks: 16).dataIn, data)
        }
        // A version 2 file (no isRestrictedOverwrite) is a sequential DVD-RW.
        let v2 = json.replacingOccurrences(of: "\"isRestrictedOverwrite\" : true,", with: "")
            .replacingOccurrences(of: "\"version\" : 4", with: "\"version\" : 2")
        XCTAssertFalse(v2.contains("isRestrictedOverwrite"))
        try v2.write(toFile: dir + "/state.json", atomically: true, encoding: .utf8)
        XCTAssertEqual(try VirtualDrive.open(parsing: "dvd-rw:" + dir).currentProfile(), 0x0014)
        // Restricted overwrite on anything but a formatted DVD-RW is refused.
        let bad = json.replacingOccurrences(of: "\"isFormatted\" : true", with: "\"isFormatted\" : false")
        try bad.write(toFile: dir + "/state.json", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try VirtualDrive.open(parsing: "dvd-rw:" + dir)) { error in
            XCTAssertTrue("\(error)".contains("restricted overwrite"), "\(error)")
        }
    }
}
