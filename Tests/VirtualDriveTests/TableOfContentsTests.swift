import SCSI
import XCTest
@testable import VirtualDrive

/// READ TOC/PMA/ATIP (43h), MMC-6 §6.26.
final class TableOfContentsTests: XCTestCase {
    func testATIPOfBlankCDR() throws {
        let d = try VirtualDrive(media: .cdR).data(cdb(Op.readTOC, [2: 0x04, 8: 255]))
        XCTAssertEqual(d.count, 28)
        XCTAssertEqual(d.u16(0), 26)            // data length
        XCTAssertEqual(d[4] & 0x80, 0x80)       // always one
        XCTAssertEqual(d[5] & 0x40, 0x40)       // URU
        XCTAssertEqual(d[6] & 0xC0, 0x80)       // always one, disc type 0 = CD-R
        XCTAssertEqual(Array(d[8...10]), [97, 26, 66])    // start of lead-in
        XCTAssertEqual(Array(d[12...14]), [79, 59, 74])   // last possible start of lead-out
    }

    func testATIPOfCDRWHasDiscTypeBit() throws {
        let d = try VirtualDrive(media: .cdRW).data(cdb(Op.readTOC, [2: 0x04, 8: 255]))
        XCTAssertEqual(d[6] & 0x40, 0x40)
    }

    func testATIPOnlyOnRecordableCD() throws {
        XCTAssertSense(try VirtualDrive(media: .dvdPlusR).send(cdb(Op.readTOC, [2: 0x04, 8: 255])), "5/24/00")
        XCTAssertSense(try VirtualDrive(media: .bdR).send(cdb(Op.readTOC, [2: 0x04, 8: 255])), "5/24/00")
    }

    func testBlankDiscHasNoTOC() throws {
        XCTAssertSense(try VirtualDrive(media: .cdR).send(cdb(Op.readTOC, [8: 255])), "5/24/00")
        XCTAssertSense(try VirtualDrive(media: .dvdPlusR).send(cdb(Op.readTOC, [2: 0x01, 8: 255])), "5/24/00")
    }

    func testUnsupportedFormatAndReservedBits() throws {
        let drive = VirtualDrive(media: .cdR)
        XCTAssertSense(try drive.send(cdb(Op.readTOC, [2: 0x03, 8: 255])), "5/24/00")  // PMA
        XCTAssertSense(try drive.send(cdb(Op.readTOC, [2: 0x14, 8: 255])), "5/24/00")  // reserved bit
    }

    func testCDTOCAfterClosedSessionWithMSF() throws {
        let drive = VirtualDrive(media: .cdR)
        XCTAssertGood(try drive.write10(lba: 0, blocks: 300))
        XCTAssertGood(try drive.closeTrackSession(function: 1, track: 1))
        XCTAssertSense(try drive.send(cdb(Op.readTOC, [8: 255])), "5/24/00")  // CD: no TOC until the session closes
        XCTAssertGood(try drive.closeTrackSession(function: 2))
        let lba = try drive.data(cdb(Op.readTOC, [8: 255]))
        XCTAssertEqual(lba, [0, 18, 1, 1,  0, 0x14, 1, 0, 0, 0, 0, 0,  0, 0x14, 0xAA, 0, 0, 0, 0x01, 0x2C])
        let msf = try drive.data(cdb(Op.readTOC, [1: 0x02, 8: 255]))
        XCTAssertEqual(Array(msf[8...11]), [0, 0, 2, 0])     // track 1 at 00:02:00
        XCTAssertEqual(Array(msf[16...19]), [0, 0, 6, 0])    // lead-out at LBA 300 = 00:06:00
        let session = try drive.data(cdb(Op.readTOC, [2: 0x01, 8: 255]))
        XCTAssertEqual(session, [0, 10, 1, 1, 0, 0x14, 1, 0, 0, 0, 0, 0])
        let full = try drive.data(cdb(Op.readTOC, [2: 0x02, 6: 1, 8: 255]))
        XCTAssertEqual(full.u16(0), 2 + 4 * 11)               // A0, A1, A2, track 1 (finalized: no B0)
        XCTAssertEqual(Array(full[4...14]), [1, 0x14, 0, 0xA0, 0, 0, 0, 0, 1, 0, 0])
        XCTAssertEqual(Array(full[26...36]), [1, 0x14, 0, 0xA2, 0, 0, 0, 0, 0, 6, 0])
    }

    func testTOCStartTrackAndAllocation() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
        XCTAssertGood(try drive.closeTrackSession(function: 1, track: 1))
        let toc = try drive.data(cdb(Op.readTOC, [8: 255]))   // DVD: complete tracks are listed at once
        XCTAssertEqual(toc.u32(16), 16)
        XCTAssertSense(try drive.send(cdb(Op.readTOC, [6: 2, 8: 255])), "5/24/00")
        XCTAssertEqual(try drive.data(cdb(Op.readTOC, [6: 0xAA, 8: 255])).count, 12)
        XCTAssertEqual(try drive.data(cdb(Op.readTOC, [8: 4])), [0, 18, 1, 1])
    }
}
