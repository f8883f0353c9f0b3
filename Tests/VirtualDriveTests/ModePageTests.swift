import SCSI
import XCTest
@testable import VirtualDrive

/// MODE SENSE(10) / MODE SELECT(10) with pages 05h and 2Ah.
final class ModePageTests: XCTestCase {
    func page05(_ drive: VirtualDrive, control: UInt8 = 0) throws -> [UInt8] {
        let d = try drive.data(cdb(Op.modeSense10, [2: control << 6 | 0x05, 8: 255]))
        XCTAssertEqual(d.u16(0), d.count - 2)   // mode data length
        XCTAssertEqual(d.u16(6), 0)             // no block descriptors
        return Array(d.dropFirst(8))
    }

    func testDefaultWriteParameters() throws {
        let p = try page05(VirtualDrive(media: .cdR))
        XCTAssertEqual(p.count, 52)
        XCTAssertEqual(p[0], 0x05)
        XCTAssertEqual(p[1], 0x32)
        XCTAssertEqual(p[2], 0x01)   // TAO, no test write, no BUFE
        XCTAssertEqual(p[3], 0x04)   // no next session, track mode 4
        XCTAssertEqual(p[4], 0x08)   // Mode 1
        XCTAssertEqual(p.u16(14), 150)
    }

    func testChangeableMaskAndSavedPages() throws {
        let drive = VirtualDrive(media: .cdR)
        let mask = try page05(drive, control: 1)
        XCTAssertEqual(mask[2], 0x7F)
        XCTAssertEqual(mask[4], 0x0F)
        XCTAssertSense(try drive.send(cdb(Op.modeSense10, [2: 0xC5, 8: 255])), "5/39/00")
        XCTAssertSense(try drive.send(cdb(Op.modeSense10, [2: 0x08, 8: 255])), "5/24/00")
        XCTAssertSense(try drive.send(cdb(Op.modeSense10, [2: 0x05, 3: 0x01, 8: 255])), "5/24/00")
    }

    func testCapabilitiesPageListsWriteSpeeds() throws {
        let d = try VirtualDrive(media: .dvdPlusR).data(cdb(Op.modeSense10, [2: 0x2A, 8: 255]))
        let p = Array(d.dropFirst(8))
        XCTAssertEqual(p[0], 0x2A)
        XCTAssertEqual(Int(p[1]) + 2, p.count)
        XCTAssertEqual(p.u16(30), 4)                       // DVD+R: 16x, 8x, 4x, 2.4x
        XCTAssertEqual(p.u16(34), 22_160)                  // 16 × 1385
        XCTAssertEqual(p.u16(46), 3_324)                   // 2.4 × 1385
        XCTAssertEqual(p.u16(12), 2048)                    // buffer KiB
        XCTAssertEqual(p[6] & 0xE0, 0x20)                  // tray
    }

    func testAllPages() throws {
        let d = try VirtualDrive(media: .bdR).data(cdb(Op.modeSense10, [2: 0x3F, 7: 0x01, 8: 0x00]))
        XCTAssertEqual(d[8], 0x05)
        XCTAssertEqual(d[8 + 52], 0x2A)
        XCTAssertEqual(d.u16(0), d.count - 2)
    }

    func modeSelect(_ drive: VirtualDrive, _ edit: (inout [UInt8]) -> Void) throws -> SCSIResult {
        var page = try page05(drive)
        edit(&page)
        let list = [UInt8](repeating: 0, count: 8) + page
        var c = cdb(Op.modeSelect10, [1: 0x10])
        c.replaceSubrange(7...8, with: be16(list.count))
        return try drive.send(c, dataOut: list)
    }

    func testModeSelectStoresPage05() throws {
        let drive = VirtualDrive(media: .cdRW)
        XCTAssertGood(try modeSelect(drive) { $0[2] = 0x40 | 0x10 | 0x01; $0[3] = 0xC4 })  // BUFE, test, TAO, multi
        let p = try page05(drive)
        XCTAssertEqual(p[2], 0x51)
        XCTAssertEqual(p[3], 0xC4)
    }

    func testModeSelectValidatesAgainstMedium() throws {
        XCTAssertSense(try modeSelect(VirtualDrive(media: .dvdR)) { $0[2] = 0x01 }, "5/26/00")   // TAO on DVD-R
        XCTAssertGood(try modeSelect(VirtualDrive(media: .dvdR)) { $0[2] = 0x02 })                // DAO
        XCTAssertSense(try modeSelect(VirtualDrive(media: .dvdR)) { $0[2] = 0x00; $0[4] = 0x0A }, "5/26/00")
        XCTAssertSense(try modeSelect(VirtualDrive(media: .dvdPlusR)) { $0[2] = 0x11 }, "5/26/00") // test write
        XCTAssertSense(try modeSelect(VirtualDrive(media: .cdR)) { $0[2] = 0x04 }, "5/26/00")      // layer jump
        XCTAssertSense(try modeSelect(VirtualDrive(media: .cdR)) { $0[2] = 0x07 }, "5/26/00")      // reserved
        XCTAssertSense(try modeSelect(VirtualDrive(media: .cdR)) { $0[3] = 0x84 }, "5/26/00")      // multi 10b
        XCTAssertSense(try modeSelect(VirtualDrive(media: .cdR)) { $0[1] = 0x30 }, "5/26/00")      // page length
        XCTAssertSense(try modeSelect(VirtualDrive(media: .cdR)) { $0[6] = 0x01 }, "5/26/00")      // not changeable
        XCTAssertGood(try modeSelect(VirtualDrive(media: .bdR)) { $0[2] = 0x02 })                  // ignored on BD
    }

    func testCurrentPageGoesBackUnchangedOnEveryMedium() throws {
        for kind in VirtualMediaKind.allCases {
            let drive = VirtualDrive(media: kind)
            XCTAssertGood(try modeSelect(drive) { _ in })
            if kind == .dvdR || kind == .dvdRW { XCTAssertEqual(try page05(drive)[2], 0x00, "incremental") }
        }
    }

    func testModeSelectCDBChecks() throws {
        let drive = VirtualDrive(media: .cdR)
        var c = cdb(Op.modeSelect10)  // PF = 0
        c[8] = 60
        XCTAssertSense(try drive.send(c, dataOut: [UInt8](repeating: 0, count: 60)), "5/24/00")
        c[1] = 0x11  // SP
        XCTAssertSense(try drive.send(c, dataOut: [UInt8](repeating: 0, count: 60)), "5/24/00")
        c[1] = 0x10
        c[8] = 4
        XCTAssertSense(try drive.send(c, dataOut: [0, 0, 0, 0]), "5/1A/00")
        c[8] = 60
        XCTAssertThrowsError(try drive.send(c, dataOut: [0, 0]))  // data-out shorter than announced
    }

    func testWriteParametersPersistWithTheDisc() throws {
        let dir = try temporaryDirectory(self)
        do {
            let drive = try VirtualDrive.open(parsing: "cd-r:" + dir)
            XCTAssertGood(try modeSelect(drive) { $0[2] = 0x42 })  // BUFE + SAO
        }
        let again = try VirtualDrive.open(parsing: "cd-r:" + dir)
        XCTAssertEqual(try page05(again)[2], 0x42)
    }
}
