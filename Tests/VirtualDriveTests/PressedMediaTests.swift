import Foundation
import SCSI
import XCTest
@testable import VirtualDrive

/// Pressed discs loaded from an image file: read-only, complete, capacity = size / 2048 rounded up.
final class PressedMediaTests: XCTestCase {
    /// 5 full blocks and 100 bytes: 6 blocks, each block's bytes derived from its index.
    func makeImage() throws -> (path: String, bytes: [UInt8]) {
        let dir = try temporaryDirectory(self)
        var bytes = [UInt8]()
        for i in 0..<(5 * 2048 + 100) { bytes.append(UInt8(truncatingIfNeeded: i / 2048 * 31 + i % 251)) }
        let path = dir + "/image.iso"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    func testPressedDVDROMFromImage() throws {
        let (path, bytes) = try makeImage()
        let drive = try VirtualDrive.open(VirtualDriveSpec(parsing: "dvd-rom:" + path))
        XCTAssertEqual(drive.deviceName, "virtual:dvd-rom")
        XCTAssertEqual(try drive.currentProfile(), 0x0010)
        XCTAssertEqual(try drive.readCapacityLBA(), 5)
        let d = try drive.readDiscInformation()
        XCTAssertEqual(d[2] & 0x03, 2)           // complete
        XCTAssertEqual(d[2] >> 2 & 0x03, 3)      // last session complete
        XCTAssertEqual(d.u32(20), 0xFFFF_FFFF)   // no lead-out possible: closed
        let r = try drive.read10(lba: 0, blocks: 5)
        XCTAssertGood(r)
        XCTAssertEqual(r.dataIn, Array(bytes[0..<5 * 2048]))
        let last = try drive.read10(lba: 5, blocks: 1)
        XCTAssertEqual(Array(last.dataIn.prefix(100)), Array(bytes[(5 * 2048)...]))
        XCTAssertEqual(Array(last.dataIn.suffix(2048 - 100)), [UInt8](repeating: 0, count: 2048 - 100))
    }

    func testReadPastTheEndIsOutOfRange() throws {
        let (path, _) = try makeImage()
        let drive = try VirtualDrive.open(VirtualDriveSpec(parsing: "dvd-rom:" + path))
        let r = try drive.read10(lba: 5, blocks: 2)
        XCTAssertSense(r, "5/21/00")
        XCTAssertEqual(try SenseData(bytes: r.sense).information, 6)
        XCTAssertGood(try drive.read10(lba: 0, blocks: 0))
    }

    func testRead12AndReservedBits() throws {
        let (path, bytes) = try makeImage()
        let drive = try VirtualDrive.open(VirtualDriveSpec(parsing: "bd-rom:" + path))
        XCTAssertEqual(try drive.currentProfile(), 0x0040)
        var c = cdb(Op.read12, [10: 0x80])  // Streaming allowed
        c.replaceSubrange(2...5, with: be32(2))
        c.replaceSubrange(6...9, with: be32(1))
        XCTAssertEqual(try drive.data(c, allocation: 2048), Array(bytes[4096..<6144]))
        XCTAssertSense(try drive.send(cdb(Op.read10, [1: 0x01, 8: 1]), allocation: 2048), "5/24/00")
    }

    func testPressedMediaRefuseWrites() throws {
        let (path, _) = try makeImage()
        let drive = try VirtualDrive.open(VirtualDriveSpec(parsing: "cd-rom:" + path))
        XCTAssertEqual(try drive.currentProfile(), 0x0008)
        XCTAssertSense(try drive.write10(lba: 0, blocks: 1), "7/27/00")
    }

    func testPressedTrackAndTOC() throws {
        let (path, _) = try makeImage()
        let drive = try VirtualDrive.open(VirtualDriveSpec(parsing: "dvd-rom:" + path))
        let t = try drive.readTrackInformation(track: 1)
        XCTAssertEqual(t.u32(24), 6)
        XCTAssertEqual(t[7], 0x02)             // LRA_V, no NWA
        XCTAssertEqual(t.u32(28), 5)
        XCTAssertSense(try drive.send({ var c = cdb(Op.readTrackInfo, [1: 1, 8: 48]); c[5] = 0xFF; return c }()), "5/24/00")
        let toc = try drive.data(cdb(Op.readTOC, [8: 255]))
        XCTAssertEqual(toc, [0, 18, 1, 1,  0, 0x14, 1, 0, 0, 0, 0, 0,  0, 0x14, 0xAA, 0, 0, 0, 0, 6])
    }

    func testPressedKindWithoutImageHoldsZeroBlocks() throws {
        let drive = VirtualDrive(media: .bdROM)
        XCTAssertEqual(try drive.readCapacityLBA(), 15)
        XCTAssertTrue(try drive.read10(lba: 15, blocks: 1).dataIn == [UInt8](repeating: 0, count: 2048))
        XCTAssertEqual(try drive.readDiscInformation()[2] & 0x03, 2)
    }

    func testMissingImageIsAnError() {
        XCTAssertThrowsError(try VirtualDrive.open(VirtualDriveSpec(parsing: "dvd-rom:/nonexistent/x.iso")))
        XCTAssertThrowsError(try VirtualDriveSpec(parsing: "dvd-rom"))
    }
}
