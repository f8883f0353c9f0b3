import SCSI
import XCTest
@testable import VirtualDrive

/// GET PERFORMANCE, READ BUFFER CAPACITY, SET CD SPEED, READ DISC STRUCTURE, READ FORMAT CAPACITIES.
final class PerformanceAndStructureTests: XCTestCase {
    func writeSpeeds(_ kind: VirtualMediaKind) throws -> [Int] {
        var c = cdb(Op.getPerformance, [9: 32, 10: 0x03])
        c[8] = 0
        let d = try VirtualDrive(media: kind).data(c)
        XCTAssertEqual(d.u32(0), d.count - 4)
        return stride(from: 8, to: d.count, by: 16).map { d.u32($0 + 12) }
    }

    func testWriteSpeedDescriptors() throws {
        XCTAssertEqual(try writeSpeeds(.bdR), [53_952, 35_968, 26_976, 17_984, 8_992])
        XCTAssertEqual(try writeSpeeds(.dvdPlusR), [22_160, 11_080, 5_540, 3_324])
        XCTAssertEqual(try writeSpeeds(.cdR).first, 8_467)
        XCTAssertEqual(try writeSpeeds(.cdR).last, 706)
    }

    func testWriteSpeedDescriptorFields() throws {
        let d = try VirtualDrive(media: .dvdPlusR).data(cdb(Op.getPerformance, [9: 1, 10: 0x03]))
        XCTAssertEqual(d.count, 8 + 16)        // maximum descriptors honoured
        XCTAssertEqual(d.u32(0), 4 + 4 * 16)   // length of all available
        XCTAssertEqual(d.u32(12), 2_295_104)   // end LBA
        XCTAssertEqual(d.u32(16), 22_160)      // read speed
    }

    func testNominalPerformance() throws {
        let drive = VirtualDrive(media: .bdR)
        let d = try drive.data(cdb(Op.getPerformance, [1: 0x14, 9: 1, 10: 0x00]))  // tolerance 10b, write
        XCTAssertEqual(d[4], 0x02)
        XCTAssertEqual(d.u32(16), 12_219_391)
        XCTAssertEqual(d.u32(20), 53_952)
        XCTAssertSense(try drive.send(cdb(Op.getPerformance, [1: 0x00, 9: 1, 10: 0x00])), "5/24/00")  // tolerance
        XCTAssertSense(try drive.send(cdb(Op.getPerformance, [9: 1, 10: 0x01])), "5/24/00")
        XCTAssertSense(try VirtualDrive(media: .none).send(cdb(Op.getPerformance, [9: 1, 10: 3])), "2/3A/01")
    }

    func testReadBufferCapacity() throws {
        let d = try VirtualDrive(media: .bdR).data(cdb(Op.readBufferCapacity, [8: 12]))
        XCTAssertEqual(d.u16(0), 10)
        XCTAssertEqual(d.u32(4), 4 << 20)
        XCTAssertEqual(d.u32(8), 4 << 20)
        let blocks = try VirtualDrive(media: .dvdR).data(cdb(Op.readBufferCapacity, [1: 1, 8: 12]))
        XCTAssertEqual(blocks[3], 1)
        XCTAssertEqual(blocks.u32(8), 1024)
    }

    func testSetCDSpeedSelectsAnOfferedSpeed() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        var c = cdb(Op.setCDSpeed)
        c.replaceSubrange(2...3, with: [0xFF, 0xFF])
        c.replaceSubrange(4...5, with: be16(6000))
        XCTAssertGood(try drive.send(c, allocation: 0))
        let p = Array(try drive.data(cdb(Op.modeSense10, [2: 0x2A, 8: 255])).dropFirst(8))
        XCTAssertEqual(p.u16(28), 5_540)  // 4x: the fastest not above 6000 kB/s
    }

    func testDVDPlusRADIPAndPhysicalFormat() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        let adip = try drive.data(cdb(Op.readDiscStructure, [7: 0x11, 9: 0xFF, 8: 0x01]))
        XCTAssertEqual(adip.u16(0), 258)
        XCTAssertEqual(adip[4], 0xA1)                                         // DVD+R, version 1
        XCTAssertEqual(String(decoding: adip[23..<31], as: UTF8.self), "DISCBURN")
        XCTAssertEqual(String(decoding: adip[31..<34], as: UTF8.self), "R01")
        let pfi = try drive.data(cdb(Op.readDiscStructure, [7: 0x00, 8: 0x08, 9: 0x04]))
        XCTAssertEqual(pfi.count, 2052)
        XCTAssertEqual(pfi.u32(8), 0x030000)
        XCTAssertEqual(pfi.u32(12), 0x030000 + 2_295_104 - 1)
    }

    func testDVDMinusRBookTypeAndNoADIP() throws {
        let drive = VirtualDrive(media: .dvdR)
        XCTAssertEqual(try drive.data(cdb(Op.readDiscStructure, [8: 0x08, 9: 0x04]))[4] >> 4, 2)
        XCTAssertSense(try drive.send(cdb(Op.readDiscStructure, [7: 0x11, 8: 0x01, 9: 0x04])), "5/24/00")
        XCTAssertSense(try drive.send(cdb(Op.readDiscStructure, [1: 0x01, 8: 0x10, 9: 0x04])), "5/30/02")
    }

    func testDualLayerPhysicalFormat() throws {
        let pfi = try VirtualDrive(media: .dvdPlusRDL).data(cdb(Op.readDiscStructure, [8: 0x08, 9: 0x04]))
        XCTAssertEqual(pfi[4], 0xE1)
        XCTAssertEqual(pfi[6] & 0x60, 0x20)                    // two layers
        XCTAssertEqual(pfi.u32(16), 0x030000 + 2_086_912 - 1)  // end of layer 0
        let l0 = try VirtualDrive(media: .dvdPlusRDL).data(cdb(Op.readDiscStructure, [7: 0x20, 9: 12]))
        XCTAssertEqual(l0.u32(8), 2_086_912)
    }

    func testBDDiscInformation() throws {
        let d = try VirtualDrive(media: .bdR).data(cdb(Op.readDiscStructure, [1: 0x01, 8: 0x10, 9: 0x04]))
        XCTAssertEqual(d.count, 4100)
        XCTAssertEqual(d.u16(0), 4098)
        XCTAssertEqual(String(decoding: d[4..<6], as: UTF8.self), "DI")
        XCTAssertEqual(String(decoding: d[12..<15], as: UTF8.self), "BDR")
        XCTAssertEqual(String(decoding: d[104..<110], as: UTF8.self), "DISCBR")
        XCTAssertEqual(String(decoding: d[110..<113], as: UTF8.self), "R01")
        XCTAssertSense(try VirtualDrive(media: .bdR).send(cdb(Op.readDiscStructure, [8: 0x08, 9: 0x04])), "5/30/02")
    }

    func testReadFormatCapacities() throws {
        let plusRW = try VirtualDrive(media: .dvdPlusRW).data(cdb(Op.readFormatCapacities, [8: 252]))
        XCTAssertEqual(plusRW[3], 16)
        XCTAssertEqual(plusRW.u32(4), 2_295_104)
        XCTAssertEqual(plusRW[8] & 0x03, 0x01)            // unformatted
        XCTAssertEqual(plusRW[16] >> 2, 0x26)             // DVD+RW format type
        let bdRE = try VirtualDrive(media: .bdRE).data(cdb(Op.readFormatCapacities, [8: 252]))
        XCTAssertEqual(bdRE[3], 32)
        XCTAssertEqual(bdRE.u32(4), 12_219_392)
        XCTAssertEqual(bdRE.u32(12), 11_826_176)
        XCTAssertEqual(bdRE[16] >> 2, 0x00)
        XCTAssertEqual(bdRE[24] >> 2, 0x30)
        XCTAssertEqual(bdRE[32] >> 2, 0x31)
        let dvdR = try VirtualDrive(media: .dvdR).data(cdb(Op.readFormatCapacities, [8: 252]))
        XCTAssertEqual(dvdR, [0, 0, 0, 8] + be32(2_298_496) + [0x01, 0, 0x08, 0])
        XCTAssertEqual(try VirtualDrive(media: .dvdRAM).data(cdb(Op.readFormatCapacities, [8: 252]))[8] & 3, 2)
    }
}
