import SCSI
import XCTest
@testable import VirtualDrive

/// Every blank medium: profile, capacity, disc and track information, as real drives report them.
final class BlankMediaTests: XCTestCase {
    struct Expectation {
        let kind: VirtualMediaKind
        let profile: Int
        let freeBlocks: Int
        let erasable: Bool
    }

    static let sequential: [Expectation] = [
        Expectation(kind: .cdR, profile: 0x0009, freeBlocks: 359_849, erasable: false),
        Expectation(kind: .cdRW, profile: 0x000A, freeBlocks: 359_849, erasable: true),
        Expectation(kind: .dvdR, profile: 0x0011, freeBlocks: 2_298_496, erasable: false),
        Expectation(kind: .dvdRW, profile: 0x0014, freeBlocks: 2_298_496, erasable: true),
        Expectation(kind: .dvdPlusR, profile: 0x001B, freeBlocks: 2_295_104, erasable: false),
        Expectation(kind: .dvdPlusRDL, profile: 0x002B, freeBlocks: 4_173_824, erasable: false),
        Expectation(kind: .bdR, profile: 0x0041, freeBlocks: 12_219_392, erasable: false),
    ]

    func testBlankCapacityTable() {
        XCTAssertEqual(VirtualMediaKind.cdR.blankCapacityBlocks, 359_849)
        XCTAssertEqual(VirtualMediaKind.dvdR.blankCapacityBlocks, 2_298_496)
        XCTAssertEqual(VirtualMediaKind.dvdPlusRW.blankCapacityBlocks, 2_295_104)
        XCTAssertEqual(VirtualMediaKind.dvdPlusRDL.blankCapacityBlocks, 4_173_824)
        XCTAssertEqual(VirtualMediaKind.dvdRAM.blankCapacityBlocks, 2_236_704)
        XCTAssertEqual(VirtualMediaKind.bdR.blankCapacityBlocks, 12_219_392)
        XCTAssertEqual(VirtualMediaKind.bdRE.blankCapacityBlocks, 12_219_392)
        XCTAssertEqual(VirtualMediaKind.bdRE.formattedCapacityBlocks, 11_826_176)
        XCTAssertEqual(VirtualMediaKind.none.profile.rawValue, 0)
        XCTAssertEqual(VirtualMediaKind.bdROM.profile.rawValue, 0x0040)
    }

    func testBlankSequentialMediaInvisibleTrack() throws {
        for e in Self.sequential {
            let drive = VirtualDrive(media: e.kind)
            XCTAssertEqual(try drive.currentProfile(), e.profile, "\(e.kind)")
            let t = try drive.readTrackInformation(track: 0xFF)
            XCTAssertEqual(t.count, 48, "\(e.kind)")
            XCTAssertEqual(t.u16(0), 0x2E)                          // data length
            XCTAssertEqual(t[2], 1, "\(e.kind) track number")
            XCTAssertEqual(t[3], 1, "\(e.kind) session number")
            XCTAssertEqual(t[6] & 0x40, 0x40, "\(e.kind) Blank")
            XCTAssertEqual(t[6] & 0x80, 0, "\(e.kind) RT")
            XCTAssertEqual(t[7] & 0x01, 0x01, "\(e.kind) NWA_V")
            XCTAssertEqual(t[7] & 0x02, 0x00, "\(e.kind) LRA_V")
            XCTAssertEqual(t.u32(8), 0, "\(e.kind) track start")
            XCTAssertEqual(t.u32(12), 0, "\(e.kind) NWA")
            XCTAssertEqual(t.u32(16), e.freeBlocks, "\(e.kind) free blocks")
            XCTAssertEqual(t.u32(24), e.freeBlocks, "\(e.kind) track size")
        }
    }

    func testBlankSequentialMediaDiscInformation() throws {
        for e in Self.sequential {
            let d = try VirtualDrive(media: e.kind).readDiscInformation()
            XCTAssertEqual(d.count, 34)
            XCTAssertEqual(d.u16(0), 32)
            XCTAssertEqual(d[2] & 0x03, 0, "\(e.kind) disc status empty")
            XCTAssertEqual(d[2] >> 2 & 0x03, 0, "\(e.kind) last session empty")
            XCTAssertEqual(d[2] & 0x10 != 0, e.erasable, "\(e.kind) erasable")
            XCTAssertEqual(Array(d[3...6]), [1, 1, 1, 1], "\(e.kind) first track, sessions, first/last in last")
            if e.kind.family == .cd {
                XCTAssertEqual(Array(d[20...23]), [0, 79, 59, 74], "last possible lead-out 79:59:74")
                XCTAssertEqual(Array(d[16...19]), [0, 97, 26, 66], "lead-in start 97:26:66")
                XCTAssertEqual(d[8], 0xFF, "disc type undefined while blank")
            } else {
                XCTAssertEqual(d.u32(20), e.freeBlocks, "\(e.kind) last possible lead-out")
                XCTAssertEqual(d.u32(16), 0)
            }
        }
    }

    func testBlankMediaReadCapacityIsZero() throws {
        for e in Self.sequential {
            let d = try VirtualDrive(media: e.kind).data(cdb(Op.readCapacity))
            XCTAssertEqual(d, [0, 0, 0, 0, 0, 0, 0x08, 0x00], "\(e.kind)")
        }
    }

    func testUnformattedDVDPlusRW() throws {
        let drive = VirtualDrive(media: .dvdPlusRW)
        XCTAssertEqual(try drive.currentProfile(), 0x001A)
        let d = try drive.readDiscInformation()
        XCTAssertEqual(d[2], 0x10)  // erasable, empty session, empty disc
        let t = try drive.readTrackInformation(track: 1)
        XCTAssertEqual(t[6] & 0x40, 0x40)       // blank
        XCTAssertEqual(t[7], 0)                 // no NWA: written only after FORMAT UNIT
        XCTAssertEqual(t.u32(16), 2_295_104)
        XCTAssertEqual(t.u32(24), 2_295_104)
        XCTAssertEqual(try drive.readTrackInformation(track: 0xFF), t)
    }

    func testDVDRAMIsFormattedWithDiscStatusOther() throws {
        let drive = VirtualDrive(media: .dvdRAM)
        XCTAssertEqual(try drive.currentProfile(), 0x0012)
        let d = try drive.readDiscInformation()
        XCTAssertEqual(d[2] & 0x03, 3)          // other (random access)
        XCTAssertEqual(d[2] >> 2 & 0x03, 3)
        let t = try drive.readTrackInformation(track: 1)
        XCTAssertEqual(t.u32(16), 0)            // free blocks
        XCTAssertEqual(t.u32(24), 2_236_704)    // track size
        XCTAssertEqual(try drive.readCapacityLBA(), 2_236_703)
    }

    func testUnformattedBDRE() throws {
        let drive = VirtualDrive(media: .bdRE)
        XCTAssertEqual(try drive.currentProfile(), 0x0043)
        XCTAssertEqual(try drive.readDiscInformation()[2] & 0x03, 0)
        XCTAssertEqual(try drive.readTrackInformation(track: 1).u32(24), 12_219_392)
        XCTAssertEqual(try drive.readCapacityLBA(), 0)
    }

    func testTrackNumberPastTheLastIsInvalid() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        var c = cdb(Op.readTrackInfo, [1: 0x01, 8: 48])
        c[5] = 2
        XCTAssertSense(try drive.send(c), "5/24/00")
        c[1] = 0x03  // address type 11b
        XCTAssertSense(try drive.send(c), "5/24/00")
    }

    func testTrackInformationByLBAAndSession() throws {
        let drive = VirtualDrive(media: .bdR)
        var byLBA = cdb(Op.readTrackInfo, [1: 0x00, 8: 48])
        byLBA.replaceSubrange(2...5, with: be32(1_000_000))
        XCTAssertEqual(try drive.data(byLBA)[2], 1)
        byLBA.replaceSubrange(2...5, with: be32(12_219_392))  // first block past the disc
        XCTAssertSense(try drive.send(byLBA), "5/24/00")
        let bySession = cdb(Op.readTrackInfo, [1: 0x02, 5: 1, 8: 48])
        XCTAssertEqual(try drive.data(bySession).u32(16), 12_219_392)
    }

    func testDiscInformationAllocationTruncates() throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        let d = try drive.data(cdb(Op.readDiscInfo, [8: 8]))
        XCTAssertEqual(d.count, 8)
        XCTAssertEqual(d.u16(0), 32)  // still announces the full length
        XCTAssertSense(try drive.send(cdb(Op.readDiscInfo, [1: 0x01, 8: 34])), "5/24/00")  // data type 001b
    }
}
