import Foundation
import SCSI
import XCTest
@testable import VirtualDrive

/// Writing sequential media: next writable address, closing, sessions, reservations, persistence.
final class SequentialWriteTests: XCTestCase {
    func pattern(_ blocks: Int, seed: UInt8) -> [UInt8] {
        (0..<blocks * 2048).map { UInt8(truncatingIfNeeded: $0 * 7 + Int(seed)) }
    }

    func testWriteAdvancesNextWritableAddress() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        let data = pattern(32, seed: 1)
        XCTAssertGood(try drive.write10(lba: 0, data: data))
        let t = try drive.readTrackInformation(track: 0xFF)
        XCTAssertEqual(t[6] & 0x40, 0)                 // no longer blank
        XCTAssertEqual(t[7], 0x03)                     // LRA_V, NWA_V
        XCTAssertEqual(t.u32(12), 32)                  // NWA
        XCTAssertEqual(t.u32(16), 2_295_104 - 32)      // free blocks
        XCTAssertEqual(t.u32(28), 31)                  // last recorded address
        let d = try drive.readDiscInformation()
        XCTAssertEqual(d[2] & 0x03, 1)                 // incomplete (appendable)
        XCTAssertEqual(d[2] >> 2 & 0x03, 1)            // last session incomplete
        XCTAssertEqual(try drive.read10(lba: 0, blocks: 32).dataIn, data)
        XCTAssertSense(try drive.read10(lba: 32, blocks: 1), "8/00/00")
        XCTAssertSense(try drive.read10(lba: 2_295_104, blocks: 1), "5/21/00")
        XCTAssertEqual(try drive.readCapacityLBA(), 0)  // no complete session yet
    }

    func testWriteAtWrongAddressIsInvalidAddressForWrite() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
        let again = try drive.write10(lba: 0, blocks: 16)
        XCTAssertSense(again, "5/21/02")
        XCTAssertEqual(try SenseData(bytes: again.sense).information, 0)
        XCTAssertSense(try drive.write10(lba: 17, blocks: 16), "5/21/02")
        XCTAssertGood(try drive.write10(lba: 16, blocks: 16))
    }

    func testDataOutMismatchIsATransportError() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        var c = cdb(Op.write10)
        c[8] = 2
        XCTAssertThrowsError(try drive.send(c, dataOut: [UInt8](repeating: 0, count: 2048)))
    }

    func testNeverPastCapacity() throws {
        let drive = VirtualDrive(media: .dvdPlusRDL)
        var c = cdb(Op.sendDiscStructure, [7: 0x20, 9: 12])
        c[1] = 0
        XCTAssertGood(try drive.send(c, dataOut: [0, 10, 0, 0, 0, 0, 0, 0] + be32(16)))
        XCTAssertEqual(try drive.readTrackInformation(track: 0xFF).u32(16), 32)  // 2 × L0
        XCTAssertSense(try drive.write10(lba: 0, blocks: 33), "5/21/00")
        XCTAssertGood(try drive.write10(lba: 0, blocks: 32))
        XCTAssertEqual(try drive.readTrackInformation(track: 0xFF).u32(16), 0)
        XCTAssertSense(try drive.send(c, dataOut: [0, 10, 0, 0, 0, 0, 0, 0] + be32(16)), "5/2C/00")
    }

    func testCloseTrackAndSessionOnDVDPlusR() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        XCTAssertGood(try drive.write10(lba: 0, blocks: 32))
        XCTAssertSense(try drive.closeTrackSession(function: 2), "5/72/03")   // open track in the session
        XCTAssertGood(try drive.closeTrackSession(function: 1, track: 1))
        XCTAssertGood(try drive.closeTrackSession(function: 2))
        let d = try drive.readDiscInformation()
        XCTAssertEqual(d[2] & 0x03, 1)              // appendable
        XCTAssertEqual(d[2] >> 2 & 0x03, 0)         // new session empty
        XCTAssertEqual(Array(d[4...6]), [2, 2, 2])  // sessions, first/last track in last session
        XCTAssertEqual(d.u32(16), 32 + 6_144)       // next session starts after the session overhead
        let t = try drive.readTrackInformation(track: 0xFF)
        XCTAssertEqual(t[2], 2)
        XCTAssertEqual(t[3], 2)
        XCTAssertEqual(t.u32(8), 32 + 6_144)
        XCTAssertEqual(try drive.readCapacityLBA(), 31)
        XCTAssertSense(try drive.write10(lba: 32, blocks: 16), "5/21/02")
        XCTAssertGood(try drive.write10(lba: 32 + 6_144, blocks: 16))
        XCTAssertGood(try drive.closeTrackSession(function: 1, track: 2))
        XCTAssertGood(try drive.closeTrackSession(function: 6))  // finalize
        let closed = try drive.readDiscInformation()
        XCTAssertEqual(closed[2] & 0x03, 2)
        XCTAssertEqual(Array(closed[4...6]), [2, 2, 2])
        XCTAssertSense(try drive.write10(lba: 32 + 6_144 + 16, blocks: 16), "5/21/02")
        XCTAssertSense(try drive.send({ var c = cdb(Op.readTrackInfo, [1: 1, 8: 48]); c[5] = 0xFF; return c }()), "5/24/00")
        XCTAssertEqual(try drive.readCapacityLBA(), 32 + 6_144 + 15)
        XCTAssertSense(try drive.closeTrackSession(function: 3), "5/24/00")  // not a DVD+R function
    }

    func testCDMultiSession() throws {
        let drive = VirtualDrive(media: .cdR)
        var page = Array(try drive.data(cdb(Op.modeSense10, [2: 0x05, 8: 255])).dropFirst(8))
        page[3] = 0xC4  // next session allowed
        var select = cdb(Op.modeSelect10, [1: 0x10])
        select.replaceSubrange(7...8, with: be16(60))
        XCTAssertGood(try drive.send(select, dataOut: [UInt8](repeating: 0, count: 8) + page))
        XCTAssertGood(try drive.write10(lba: 0, blocks: 300))
        XCTAssertGood(try drive.closeTrackSession(function: 1, track: 1))
        XCTAssertEqual(try drive.readTrackInformation(track: 0xFF).u32(8), 300 + 152)  // run-out + pre-gap
        XCTAssertGood(try drive.closeTrackSession(function: 2))
        let d = try drive.readDiscInformation()
        XCTAssertEqual(d[2] & 0x03, 1)
        XCTAssertEqual(try drive.readTrackInformation(track: 0xFF).u32(8), 300 + 11_400)
        XCTAssertEqual(Array(d[16...19]), [0, 1, 36, 0])  // next lead-in at LBA 7,050 (11,700 - 4,650) = 01:36:00
    }

    func testReservedTrackAndDiscAtOnceOnDVDMinusR() throws {
        let drive = VirtualDrive(media: .dvdR)
        var page = Array(try drive.data(cdb(Op.modeSense10, [2: 0x05, 8: 255])).dropFirst(8))
        page[2] = 0x02  // DAO
        var select = cdb(Op.modeSelect10, [1: 0x10])
        select.replaceSubrange(7...8, with: be16(60))
        XCTAssertGood(try drive.send(select, dataOut: [UInt8](repeating: 0, count: 8) + page))
        var reserve = cdb(Op.reserveTrack)
        reserve.replaceSubrange(5...8, with: be32(100))
        XCTAssertGood(try drive.send(reserve, allocation: 0))
        let t1 = try drive.readTrackInformation(track: 1)
        XCTAssertEqual(t1[6] & 0xC0, 0xC0)       // RT, Blank
        XCTAssertEqual(t1.u32(24), 112)          // rounded up to 16 blocks
        XCTAssertEqual(try drive.readTrackInformation(track: 0xFF).u32(8), 112)
        XCTAssertSense(try drive.write10(lba: 0, blocks: 113), "5/21/02")  // past the reservation
        XCTAssertGood(try drive.write10(lba: 0, blocks: 112))
        XCTAssertGood(try drive.synchronizeCache())
        XCTAssertEqual(try drive.readDiscInformation()[2] & 0x03, 2)  // DAO finalized the disc
        XCTAssertEqual(try drive.readCapacityLBA(), 111)
    }

    func testTestWriteLeavesMediaBlank() throws {
        let drive = VirtualDrive(media: .dvdRW)
        var page = Array(try drive.data(cdb(Op.modeSense10, [2: 0x05, 8: 255])).dropFirst(8))
        page[2] = 0x10  // test write, incremental
        var select = cdb(Op.modeSelect10, [1: 0x10])
        select.replaceSubrange(7...8, with: be16(60))
        XCTAssertGood(try drive.send(select, dataOut: [UInt8](repeating: 0, count: 8) + page))
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
        XCTAssertGood(try drive.write10(lba: 16, blocks: 16))
        XCTAssertSense(try drive.write10(lba: 0, blocks: 16), "5/21/02")
        XCTAssertGood(try drive.synchronizeCache())
        XCTAssertGood(try drive.closeTrackSession(function: 1, track: 1))
        let simulated = try drive.readTrackInformation(track: 0xFF)  // the simulated disc: track 2 is next
        XCTAssertEqual(simulated[2], 2)
        XCTAssertGood(try drive.closeTrackSession(function: 2))  // the simulated session ends: disc as it was
        let t = try drive.readTrackInformation(track: 0xFF)
        XCTAssertEqual(t[6] & 0x40, 0x40)
        XCTAssertEqual(t.u32(12), 0)
        XCTAssertEqual(try drive.readDiscInformation()[2] & 0x03, 0)
    }

    func testBlankRestoresRewritableSequentialMedia() throws {
        let drive = VirtualDrive(media: .cdRW)
        XCTAssertGood(try drive.write10(lba: 0, blocks: 10))
        XCTAssertGood(try drive.send(cdb(Op.blank, [1: 0x01]), allocation: 0))  // minimal blank
        XCTAssertEqual(try drive.readDiscInformation()[2] & 0x03, 0)
        XCTAssertEqual(try drive.readTrackInformation(track: 0xFF).u32(16), 359_849)
        XCTAssertSense(try drive.send(cdb(Op.blank, [1: 0x02]), allocation: 0), "5/24/00")
        XCTAssertSense(try VirtualDrive(media: .dvdPlusR).send(cdb(Op.blank), allocation: 0), "5/30/05")
    }

    func testPersistenceAcrossInstances() throws {
        let dir = try temporaryDirectory(self)
        let data = pattern(20, seed: 9)
        do {
            let drive = try VirtualDrive.open(parsing: "bd-r:" + dir)
            XCTAssertGood(try drive.write10(lba: 0, data: data))
            XCTAssertGood(try drive.synchronizeCache())
        }
        let reopened = try VirtualDrive.open(parsing: "bd-r:" + dir)
        let t = try reopened.readTrackInformation(track: 0xFF)
        XCTAssertEqual(t.u32(12), 20)
        XCTAssertEqual(t.u32(16), 12_219_392 - 20)
        XCTAssertEqual(try reopened.read10(lba: 0, blocks: 20).dataIn, data)
        let json = try String(contentsOfFile: dir + "/state.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"format\" : \"discburn-virtual-medium\""), json)
        XCTAssertTrue(json.contains("\"version\" : 4"), json)
        XCTAssertThrowsError(try VirtualDrive.open(parsing: "dvd+r:" + dir)) { error in
            XCTAssertTrue("\(error)".contains("holds a bd-r disc"), "\(error)")
        }
    }

    func testPersistenceWithoutExplicitSync() throws {
        let dir = try temporaryDirectory(self) + "/nested/disc"
        do {
            let drive = try VirtualDrive.open(parsing: "dvd-r:" + dir)
            XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
        }  // released: the state is written
        XCTAssertEqual(try VirtualDrive.open(parsing: "dvd-r:" + dir).readTrackInformation(track: 0xFF).u32(12), 16)
    }

    func testCorruptStateIsRefused() throws {
        let dir = try temporaryDirectory(self)
        try "{\"format\":\"something-else\"}".write(toFile: dir + "/state.json", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try VirtualDrive.open(parsing: "dvd+r:" + dir))
    }
}
