import XCTest
import MMC
import SCSI

final class WriteParametersPageTests: XCTestCase {
    /// Page 05h as a CD burner reads it back: BUFE on, TAO, data track, mode 1, closed disc.
    static let driveTAOPage: [UInt8] = [
        0x85, 0x32,              // PS = 1, page 05h; page length 50
        0x41,                    // BUFE, LS_V 0, test write 0, write type 1 (TAO)
        0x04,                    // multi-session 00b, FP 0, copy 0, track mode 4 (data)
        0x08,                    // data block type 8 (mode 1, 2048)
        0x00,                    // link size
        0x00,                    // reserved
        0x00,                    // initiator application code
        0x00,                    // session format 00h (CD-DA / CD-ROM)
        0x00,                    // reserved
        0x00, 0x00, 0x00, 0x10,  // packet size 16
        0x00, 0x96,              // audio pause length 150
    ] + [UInt8](repeating: 0, count: 16)  // media catalog number
      + [UInt8](repeating: 0, count: 16)  // ISRC
      + [0x00, 0x00, 0x08, 0x00]          // sub-header

    func testDecodesDrivePage() throws {
        let page = try ModePage(bytes: Self.driveTAOPage)
        let wp = try WriteParametersPage(page)
        XCTAssertTrue(wp.parametersSavable)
        XCTAssertTrue(wp.bufferUnderrunFreeEnabled)
        XCTAssertFalse(wp.linkSizeValid)
        XCTAssertFalse(wp.testWrite)
        XCTAssertEqual(wp.writeType, .trackAtOnce)
        XCTAssertEqual(wp.multiSession, .noNextSession)
        XCTAssertFalse(wp.fixedPacket)
        XCTAssertFalse(wp.copy)
        XCTAssertEqual(wp.trackMode, [.dataTrack])
        XCTAssertEqual(wp.dataBlockType, .mode1)
        XCTAssertEqual(wp.dataBlockType.blockLengthBytes, 2048)
        XCTAssertEqual(wp.linkSize, 0)
        XCTAssertEqual(wp.initiatorApplicationCode, 0)
        XCTAssertEqual(wp.sessionFormat, .cdDAOrCDROM)
        XCTAssertEqual(wp.packetSize, 16)
        XCTAssertEqual(wp.audioPauseLength, 150)
        XCTAssertEqual(wp.mediaCatalogNumber, [UInt8](repeating: 0, count: 16))
        XCTAssertEqual(wp.isrc, [UInt8](repeating: 0, count: 16))
        XCTAssertEqual(wp.subHeader, [0x00, 0x00, 0x08, 0x00])
        XCTAssertEqual(wp.vendorSpecific, [])
        XCTAssertEqual(wp.encode().data, Self.driveTAOPage)
    }

    func testEncodeEveryFieldAtItsOffset() {
        let mcn = Array("0123456789012".utf8) + [0, 0, 0]
        let isrc = Array("USABC0400001".utf8) + [0, 0, 0, 0]
        let wp = WriteParametersPage(
            bufferUnderrunFreeEnabled: false, linkSizeValid: true, testWrite: true, writeType: .sessionAtOnce,
            multiSession: .allowNextSession, fixedPacket: true, copy: true,
            trackMode: [.dataTrack, .preEmphasisOrIncremental], dataBlockType: .mode2Form1WithSubheader,
            linkSize: 7, initiatorApplicationCode: 0x2A, sessionFormat: .cdROMXA, packetSize: 0x0102_0304,
            audioPauseLength: 0x0506, mediaCatalogNumber: mcn, isrc: isrc, subHeader: [1, 2, 3, 4])
        let bytes = wp.encode().data
        XCTAssertEqual(bytes.count, 52)
        XCTAssertEqual(bytes[0], 0x05)        // PS 0, page 05h
        XCTAssertEqual(bytes[1], 0x32)        // page length
        XCTAssertEqual(bytes[2], 0x32)        // LS_V | test write | write type 2
        XCTAssertEqual(bytes[3], 0xF5)        // multi-session 11b | FP | copy | track mode 5
        XCTAssertEqual(bytes[4], 0x0B)        // data block type 11
        XCTAssertEqual(bytes[5], 7)           // link size
        XCTAssertEqual(bytes[6], 0)
        XCTAssertEqual(bytes[7], 0x2A)        // initiator application code
        XCTAssertEqual(bytes[8], 0x20)        // CD-ROM XA
        XCTAssertEqual(bytes[9], 0)
        XCTAssertEqual(Array(bytes[10...13]), [1, 2, 3, 4])
        XCTAssertEqual(Array(bytes[14...15]), [5, 6])
        XCTAssertEqual(Array(bytes[16...31]), mcn)
        XCTAssertEqual(Array(bytes[32...47]), isrc)
        XCTAssertEqual(Array(bytes[48...51]), [1, 2, 3, 4])
    }

    func testRoundTrip() throws {
        let original = WriteParametersPage(
            parametersSavable: true, bufferUnderrunFreeEnabled: true, testWrite: true, writeType: .raw,
            multiSession: .noNextSessionB0PointerFFFFFF, trackMode: [.digitalCopyPermitted],
            dataBlockType: .raw2448WithPWRaw, sessionFormat: .cdI, packetSize: 32, audioPauseLength: 0,
            subHeader: [0, 0, 0x20, 0], vendorSpecific: [0xDE, 0xAD, 0xBE, 0xEF])
        let page = original.encode()
        XCTAssertEqual(page.data[1], 0x36)    // 50 + 4 vendor bytes
        XCTAssertEqual(page.data.count, 56)
        XCTAssertEqual(try WriteParametersPage(page), original)
        XCTAssertEqual(try WriteParametersPage(try ModePage(bytes: page.data)), original)
        // through MODE SELECT: PS cleared, the rest identical
        let select = ModeSelect10(pages: [page])
        XCTAssertEqual(select.parameterList.count, 8 + 56)
        XCTAssertEqual(select.parameterList[8], 0x05)
        XCTAssertEqual(Array(select.parameterList[9...]), Array(page.data[1...]))
    }

    func testDefaultsAreCDTAOData() {
        let bytes = WriteParametersPage().encode().data
        XCTAssertEqual(Array(bytes[0...4]), [0x05, 0x32, 0x01, 0x04, 0x08])
        XCTAssertEqual(Array(bytes[14...15]), [0x00, 0x96])
    }

    func testShortDrivePagesDefaultMissingFields() throws {
        // page length 0Eh: fields through the audio pause length, nothing after
        var short = Array(Self.driveTAOPage.prefix(16))
        short[1] = 0x0E
        let wp = try WriteParametersPage(try ModePage(bytes: short))
        XCTAssertEqual(wp.writeType, .trackAtOnce)
        XCTAssertEqual(wp.audioPauseLength, 150)
        XCTAssertEqual(wp.mediaCatalogNumber, [UInt8](repeating: 0, count: 16))
        XCTAssertEqual(wp.subHeader, [0, 0, 0, 0])
        // page cut by the allocation length in the middle of the packet size: bytes present are used, the rest 0
        let cut = try WriteParametersPage(try ModePage(bytes: Array(Self.driveTAOPage.prefix(12))))
        XCTAssertEqual(cut.dataBlockType, .mode1)
        XCTAssertEqual(cut.packetSize, 0)
        XCTAssertEqual(cut.audioPauseLength, 0)
        // header only
        let bare = try WriteParametersPage(try ModePage(bytes: [0x05, 0x00, 0xFF, 0xFF]))
        XCTAssertEqual(bare.writeType, .packetIncremental)
        XCTAssertFalse(bare.bufferUnderrunFreeEnabled)
    }

    func testWrongPageThrows() throws {
        XCTAssertThrowsError(try WriteParametersPage(ModePage(code: .capabilities, parameters: [0, 0])))
        XCTAssertThrowsError(try WriteParametersPage(ModePage(code: .writeParameters, subpageCode: 1, parameters: [])))
    }

    func testDataBlockTypeLengths() {
        XCTAssertEqual(DataBlockType.raw2352.blockLengthBytes, 2352)
        XCTAssertEqual(DataBlockType.mode2.blockLengthBytes, 2336)
        XCTAssertEqual(DataBlockType.mode2Form1.blockLengthBytes, 2048)
        XCTAssertEqual(DataBlockType.mode2Form1WithSubheader.blockLengthBytes, 2056)
        XCTAssertEqual(DataBlockType.mode2Form2.blockLengthBytes, 2324)
        XCTAssertEqual(DataBlockType.mode2Mixed.blockLengthBytes, 2332)
        XCTAssertNil(DataBlockType(rawValue: 7).blockLengthBytes)
    }

    func testGarbagePagesNeverCrash() {
        MMCBTest.feedHostileInputs { bytes in
            var forced = bytes
            if !forced.isEmpty { forced[0] = 0x85 }
            if let page = try? ModePage(bytes: forced), let wp = try? WriteParametersPage(page) {
                _ = wp.encode()
            }
        }
    }
}
