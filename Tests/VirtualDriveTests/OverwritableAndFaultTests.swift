import Foundation
import SCSI
import XCTest
@testable import VirtualDrive

/// FORMAT UNIT and random writes on overwritable media; injected faults; the throttled buffer.
final class OverwritableAndFaultTests: XCTestCase {
    func format(_ drive: VirtualDrive, type: UInt8, blocks: Int, immediate: Bool = false) throws -> SCSIResult {
        let list: [UInt8] = [0, immediate ? 0x02 : 0x00, 0, 8] + be32(blocks) + [type << 2, 0, 0, 0]
        return try drive.send(cdb(Op.formatUnit, [1: 0x11]), dataOut: list)
    }

    func testDVDPlusRWNeedsFormatThenWritesAnywhere() throws {
        let drive = VirtualDrive(media: .dvdPlusRW)
        XCTAssertSense(try drive.write10(lba: 0, blocks: 16), "5/30/10")
        XCTAssertGood(try format(drive, type: 0x26, blocks: 2_295_104))
        let d = try drive.readDiscInformation()
        XCTAssertEqual(d[2] & 0x03, 2)             // formatted DVD+RW answers "complete"
        let t = try drive.readTrackInformation(track: 1)
        XCTAssertEqual(t.u32(16), 0)               // free blocks 0
        XCTAssertEqual(t.u32(24), 2_295_104)       // track size
        XCTAssertEqual(try drive.readCapacityLBA(), 2_295_103)
        XCTAssertGood(try drive.write10(lba: 1_000, blocks: 16, fill: 0x5A))
        XCTAssertGood(try drive.write10(lba: 992, blocks: 16, fill: 0x11))  // overwrite, unaligned overlap
        XCTAssertTrue(try drive.read10(lba: 1_007, blocks: 1).dataIn == [UInt8](repeating: 0x11, count: 2048))
        XCTAssertTrue(try drive.read10(lba: 1_008, blocks: 1).dataIn == [UInt8](repeating: 0x5A, count: 2048))
        XCTAssertTrue(try drive.read10(lba: 0, blocks: 1).dataIn == [UInt8](repeating: 0, count: 2048))
        XCTAssertSense(try drive.write10(lba: 2_295_100, blocks: 16), "5/21/00")
        XCTAssertGood(try drive.closeTrackSession(function: 2))  // stop background format: nothing to do
        let rfc = try drive.data(cdb(Op.readFormatCapacities, [8: 252]))
        XCTAssertEqual(rfc[8] & 0x03, 0x02)        // formatted
    }

    func testBDREFormatTypesSetCapacity() throws {
        let drive = VirtualDrive(media: .bdRE)
        XCTAssertGood(try format(drive, type: 0x31, blocks: 12_219_392))
        XCTAssertEqual(try drive.readCapacityLBA(), 12_219_391)
        XCTAssertGood(try format(drive, type: 0x30, blocks: 11_826_176))
        XCTAssertEqual(try drive.readCapacityLBA(), 11_826_175)
        XCTAssertSense(try format(drive, type: 0x30, blocks: 12_000_000), "5/26/00")  // more than offered
        XCTAssertSense(try format(drive, type: 0x26, blocks: 0), "5/26/00")           // not offered on BD-RE
        XCTAssertSense(try drive.closeTrackSession(function: 2), "5/24/00")
    }

    func testFormatRefusedOnWriteOnceAndPressed() throws {
        XCTAssertSense(try format(VirtualDrive(media: .dvdPlusR), type: 0x26, blocks: 0), "5/30/06")
        XCTAssertSense(try VirtualDrive(media: .dvdPlusR).send(cdb(Op.formatUnit, [1: 0x01]), dataOut: []), "5/24/00")
    }

    func testBDRFormatWithSpareAreas() throws {
        let drive = VirtualDrive(media: .bdR)
        XCTAssertGood(try format(drive, type: 0x32, blocks: 11_826_176))
        XCTAssertEqual(try drive.readTrackInformation(track: 0xFF).u32(16), 11_826_176)
        XCTAssertEqual(try drive.readDiscInformation()[2] & 0x03, 0)  // still blank
    }

    func testImmediateFormatReportsFormatInProgress() throws {
        let drive = VirtualDrive(media: .bdRE)
        XCTAssertGood(try format(drive, type: 0x00, blocks: 11_826_176, immediate: true))
        XCTAssertSense(try drive.testUnitReady(), "2/04/04")
        var attempts = 1
        while senseTriple(try drive.testUnitReady()) != "GOOD" && attempts < 10 { attempts += 1 }
        XCTAssertLessThan(attempts, 10)
    }

    func testInjectedUnderrunWithoutBurnFreeRuinsTheDisc() throws {
        let drive = VirtualDrive(media: .cdR)
        drive.inject(.underrun(atLBA: 40))
        XCTAssertGood(try drive.write10(lba: 0, blocks: 32))
        let failed = try drive.write10(lba: 32, blocks: 16)
        XCTAssertSense(failed, "3/0C/09")
        XCTAssertEqual(try SenseData(bytes: failed.sense).information, 40)
        let t = try drive.readTrackInformation(track: 1)
        XCTAssertEqual(t[5] & 0x20, 0x20)             // Damage
        XCTAssertEqual(t[7] & 0x01, 0)                // no NWA
        XCTAssertEqual(t.u32(28), 39)                 // blocks before the underrun were recorded
        let d = try drive.readDiscInformation()
        XCTAssertEqual(d[2] & 0x0F, 0x08 | 0x01)      // last session damaged, disc incomplete
        XCTAssertSense(try drive.write10(lba: 40, blocks: 16), "5/21/02")
        XCTAssertSense(try drive.closeTrackSession(function: 1, track: 1), "5/72/00")
        XCTAssertEqual(drive.statistics.failedUnderruns, 1)
    }

    func testInjectedUnderrunWithBurnFreeIsLinked() throws {
        let drive = VirtualDrive(media: .cdR)
        var page = Array(try drive.data(cdb(Op.modeSense10, [2: 0x05, 8: 255])).dropFirst(8))
        page[2] |= 0x40  // BUFE
        var select = cdb(Op.modeSelect10, [1: 0x10])
        select.replaceSubrange(7...8, with: be16(60))
        XCTAssertGood(try drive.send(select, dataOut: [UInt8](repeating: 0, count: 8) + page))
        drive.inject(.underrun(atLBA: 50))
        XCTAssertGood(try drive.write10(lba: 0, blocks: 40))
        XCTAssertGood(try drive.write10(lba: 40, blocks: 16))
        XCTAssertEqual(drive.statistics.linkedUnderruns, 1)
        XCTAssertEqual(drive.statistics.failedUnderruns, 0)
        XCTAssertEqual(try drive.readTrackInformation(track: 0xFF).u32(12), 56)
    }

    func testUnderrunIsHarmlessOnDVDPlusR() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        drive.inject(.underrun(atLBA: 8))
        XCTAssertGood(try drive.write10(lba: 0, blocks: 16))
    }

    func testUnreadableAndWriteErrorFaults() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        XCTAssertGood(try drive.write10(lba: 0, blocks: 32))
        drive.inject(.unreadable(lbas: 10...12))
        XCTAssertGood(try drive.read10(lba: 0, blocks: 10))
        let r = try drive.read10(lba: 8, blocks: 8)
        XCTAssertSense(r, "3/11/00")
        XCTAssertEqual(try SenseData(bytes: r.sense).information, 10)
        drive.clearFaults()
        XCTAssertGood(try drive.read10(lba: 8, blocks: 8))
        drive.inject(.writeError(atLBA: 40))
        XCTAssertSense(try drive.write10(lba: 32, blocks: 16), "3/0C/00")
        XCTAssertEqual(try drive.readTrackInformation(track: 0xFF).u32(12), 32)
        XCTAssertGood(try drive.write10(lba: 32, blocks: 16))
    }

    func testThrottledBufferFillsAndDrains() throws {
        let drive = try VirtualDrive.open(parsing: "cd-r?speed=48x")  // 8,467 kB/s, 2 MiB buffer
        let start = ContinuousClock.now
        for i in 0..<24 { XCTAssertGood(try drive.write10(lba: i * 64, blocks: 64)) }  // 3 MiB
        let written = ContinuousClock.now - start
        XCTAssertGreaterThan(written, .milliseconds(100), "the last MiB waits for room in the buffer")
        let cap = try drive.data(cdb(Op.readBufferCapacity, [8: 12]))
        XCTAssertLessThan(cap.u32(8), 1 << 20, "buffer mostly full")
        XCTAssertGood(try drive.synchronizeCache())
        XCTAssertGreaterThan(ContinuousClock.now - start, .milliseconds(300))
        XCTAssertEqual(try drive.data(cdb(Op.readBufferCapacity, [8: 12])).u32(8), 2 << 20)
    }
}
