import SCSI
import XCTest
@testable import VirtualDrive

/// GET CONFIGURATION (46h), MMC-6 §6.6.
final class ConfigurationTests: XCTestCase {
    /// Walks feature descriptors after the 8-byte header: code → (version/persistent/current byte, data).
    func features(_ d: [UInt8]) -> [(code: Int, flags: UInt8, data: [UInt8])] {
        var out = [(code: Int, flags: UInt8, data: [UInt8])]()
        var at = 8
        while at + 4 <= d.count {
            let length = Int(d[at + 3])
            guard at + 4 + length <= d.count else { XCTFail("descriptor at \(at) overruns"); break }
            out.append((d.u16(at), d[at + 2], Array(d[at + 4..<at + 4 + length])))
            at += 4 + length
        }
        XCTAssertEqual(at, d.count, "descriptors end exactly at the data end")
        return out
    }

    func testCurrentProfileOfBlankDVDPlusR() throws {
        let d = try VirtualDrive(media: .dvdPlusR).data(cdb(Op.getConfiguration, [8: 8]))
        XCTAssertEqual(d.count, 8)
        XCTAssertEqual(d.u16(6), 0x001B)
        XCTAssertGreaterThan(d.u32(0), 4)  // data length counts everything available
    }

    func testAllFeaturesHeaderLengthAndOrder() throws {
        let drive = VirtualDrive(media: .bdR)
        let d = try drive.data(cdb(Op.getConfiguration, [7: 0xFF, 8: 0xFF]))
        XCTAssertEqual(d.u32(0), d.count - 4)
        let list = features(d)
        let codes = list.map(\.code)
        XCTAssertEqual(codes, codes.sorted(), "ascending feature codes")
        for required in [0x0000, 0x0001, 0x0002, 0x0003, 0x0010, 0x001D, 0x001E, 0x001F, 0x0020, 0x0021, 0x0023,
                         0x0024, 0x0026, 0x002A, 0x002B, 0x002D, 0x002E, 0x002F, 0x0033, 0x003B, 0x0040, 0x0041,
                         0x0107, 0x0108] {
            XCTAssertTrue(codes.contains(required), String(format: "feature %04Xh missing", required))
        }
        for f in list where f.code != 0x0000 { XCTAssertEqual(f.data.count % 4, 0, "feature \(f.code) length") }
    }

    func testProfileListMarksTheLoadedProfile() throws {
        let d = try VirtualDrive(media: .dvdPlusRDL).data(cdb(Op.getConfiguration, [1: 0x02, 8: 255]))
        let list = features(d)
        XCTAssertEqual(list.count, 1)
        XCTAssertEqual(list[0].flags, 0x03)  // version 0, persistent, current
        var current = [Int]()
        var all = [Int]()
        for i in stride(from: 0, to: list[0].data.count, by: 4) {
            let p = Int(list[0].data[i]) << 8 | Int(list[0].data[i + 1])
            all.append(p)
            if list[0].data[i + 2] & 1 == 1 { current.append(p) }
        }
        XCTAssertEqual(current, [0x002B])
        XCTAssertEqual(Set(all), Set([0x43, 0x41, 0x40, 0x2B, 0x1B, 0x1A, 0x14, 0x13, 0x12, 0x11, 0x10, 0x0A, 0x09, 0x08]))
    }

    func testCurrentFeaturesFollowTheMedium() throws {
        func currentCodes(_ kind: VirtualMediaKind) throws -> Set<Int> {
            Set(features(try VirtualDrive(media: kind).data(cdb(Op.getConfiguration, [1: 0x01, 7: 0xFF, 8: 0xFF]))).map(\.code))
        }
        let plusR = try currentCodes(.dvdPlusR)
        XCTAssertTrue(plusR.isSuperset(of: [0x0000, 0x0001, 0x001F, 0x002B, 0x0107, 0x0108]))
        XCTAssertFalse(plusR.contains(0x0010), "blank disc: nothing random readable")
        XCTAssertFalse(plusR.contains(0x001E))
        let cdR = try currentCodes(.cdR)
        XCTAssertTrue(cdR.isSuperset(of: [0x001D, 0x001E, 0x0021, 0x002D, 0x002E]))
        XCTAssertFalse(cdR.contains(0x001F))
        let ram = try currentCodes(.dvdRAM)
        XCTAssertTrue(ram.isSuperset(of: [0x0010, 0x0020, 0x0023, 0x0024]))
        let none = try currentCodes(.none)
        XCTAssertEqual(none, [0x0000, 0x0001, 0x0002, 0x0003, 0x0107, 0x0108])
        let bdRE = try currentCodes(.bdRE)
        XCTAssertTrue(bdRE.isSuperset(of: [0x0023, 0x0024, 0x0040, 0x0041]))
        XCTAssertFalse(bdRE.contains(0x0020), "unformatted: not random writable yet")
    }

    func testSingleFeatureRequest() throws {
        let drive = VirtualDrive(media: .cdRW)
        var c = cdb(Op.getConfiguration, [1: 0x02, 8: 255])
        c.replaceSubrange(2...3, with: be16(0x002D))
        let d = try drive.data(c)
        XCTAssertEqual(d.u32(0), 4 + 8)
        XCTAssertEqual(d.u16(6), 0x000A)
        XCTAssertEqual(d.u16(8), 0x002D)
        XCTAssertEqual(d[10], 2 << 2 | 0x01)   // version 2, current
        XCTAssertEqual(d[11], 4)
        XCTAssertEqual(d[12] & 0x40, 0x40)     // BUF
        XCTAssertEqual(d[12] & 0x04, 0x04)     // Test Write
        c.replaceSubrange(2...3, with: be16(0x0030))  // not supported: header only
        XCTAssertEqual(try drive.data(c).count, 8)
    }

    func testStartingFeatureAndReservedRequestType() throws {
        let drive = VirtualDrive(media: .bdRE)
        var c = cdb(Op.getConfiguration, [7: 0xFF, 8: 0xFF])
        c.replaceSubrange(2...3, with: be16(0x0040))
        let list = features(try drive.data(c))
        XCTAssertEqual(list.first?.code, 0x0040)
        XCTAssertSense(try drive.send(cdb(Op.getConfiguration, [1: 0x03, 8: 255])), "5/24/00")
    }

    func testRemovableMediumAndSerial() throws {
        let list = features(try VirtualDrive(media: .none).data(cdb(Op.getConfiguration, [7: 0xFF, 8: 0xFF])))
        let removable = list.first { $0.code == 0x0003 }
        XCTAssertEqual(removable?.data.first, 0x39)  // tray, Load, Eject, Lock
        let serial = list.first { $0.code == 0x0108 }
        XCTAssertEqual(serial.map { String(decoding: $0.data, as: UTF8.self) }, "DB0000VIRTUAL1  ")
    }

    func testRandomWritableReportsLastLBA() throws {
        let list = features(try VirtualDrive(media: .dvdRAM).data(cdb(Op.getConfiguration, [7: 0xFF, 8: 0xFF])))
        let rw = try XCTUnwrap(list.first { $0.code == 0x0020 })
        XCTAssertEqual(rw.data.u32(0), 2_236_703)
        XCTAssertEqual(rw.data.u32(4), 2048)
        XCTAssertEqual(rw.data.u16(8), 16)
    }
}
