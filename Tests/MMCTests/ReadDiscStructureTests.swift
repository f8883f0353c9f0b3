import XCTest
import MMC
import SCSI

final class ReadDiscStructureTests: XCTestCase {
    // MARK: CDB

    func testCDBDefaults() {
        let cmd = ReadDiscStructure(format: .physical)
        XCTAssertEqual(cmd.cdb.bytes, [
            0xAD,                    // READ DISC STRUCTURE
            0x00,                    // media type 0000b (DVD)
            0x00, 0x00, 0x00, 0x00,  // address
            0x00,                    // layer 0
            0x00,                    // format 00h
            0x10, 0x04,              // allocation length 4100
            0x00,                    // AGID 0
            0x00,                    // control
        ])
        XCTAssertEqual(cmd.transfer, .fromDevice(allocationLength: 4100))
    }

    func testCDBFields() {
        let cmd = ReadDiscStructure(mediaType: .bd, address: 0x1234_5678, layer: 1, format: .dvdPlusADIP,
                                    authenticationGrantID: 2, allocationLength: 0x40)
        XCTAssertEqual(cmd.cdb.bytes, [0xAD, 0x01, 0x12, 0x34, 0x56, 0x78, 0x01, 0x11, 0x00, 0x40, 0x80, 0x00])
        XCTAssertEqual(DiscStructureFormat.dvdRPreRecordedInformation.rawValue, 0x0E)
        XCTAssertEqual(DiscStructureFormat.layerBoundary.rawValue, 0x20)
        XCTAssertEqual(DiscStructureFormat.discStructureList.rawValue, 0xFF)
    }

    // MARK: DVD physical format

    /// Response header for a 2048-byte structure: data length 2050, reserved.
    static func response(_ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [UInt8(length >> 8), UInt8(length & 0xFF), 0, 0] + payload
    }

    static func padded(_ head: [UInt8], to count: Int) -> [UInt8] {
        head + [UInt8](repeating: 0, count: count - head.count)
    }

    /// A blank DVD+R: book type DVD+R v1, 120 mm, one recordable layer, data area 030000h-26053Fh.
    static let dvdPlusRPhysical = padded([
        0xA1,                    // book type 1010b (DVD+R), part version 1
        0x0F,                    // disc size 0 (120 mm), maximum rate Fh (not specified)
        0x02,                    // 1 layer, parallel track path, layer type recordable
        0x10,                    // linear density 1, track density 0
        0x00, 0x03, 0x00, 0x00,  // starting physical sector 030000h
        0x00, 0x26, 0x05, 0x3F,  // end physical sector of data area 26053Fh
        0x00, 0x00, 0x00, 0x00,  // end physical sector in layer 0
        0x00,                    // no BCA
    ], to: 2048)

    func testDVDPlusRPhysicalFormat() throws {
        let structure = try ReadDiscStructure(format: .physical).parse(Self.response(Self.dvdPlusRPhysical))
        XCTAssertEqual(structure.dataLength, 2050)
        XCTAssertEqual(structure.payload.count, 2048)
        XCTAssertFalse(structure.truncated)
        let pfi = try DVDPhysicalFormat(structure)
        XCTAssertEqual(pfi.bookType, .dvdPlusR)
        XCTAssertEqual(pfi.bookType.description, "DVD+R")
        XCTAssertEqual(pfi.partVersion, 1)
        XCTAssertEqual(pfi.discSize, 0)
        XCTAssertEqual(pfi.maximumRate, 0x0F)
        XCTAssertEqual(pfi.numberOfLayers, 1)
        XCTAssertEqual(pfi.trackPath, .parallel)
        XCTAssertEqual(pfi.layerType, .recordable)
        XCTAssertEqual(pfi.linearDensity, 1)
        XCTAssertEqual(pfi.trackDensity, 0)
        XCTAssertEqual(pfi.startingPhysicalSectorOfDataArea, 0x030000)
        XCTAssertEqual(pfi.endPhysicalSectorOfDataArea, 0x26053F)
        XCTAssertEqual(pfi.endPhysicalSectorOfDataArea - pfi.startingPhysicalSectorOfDataArea + 1, 2_295_104)
        XCTAssertEqual(pfi.endPhysicalSectorInLayer0, 0)
        XCTAssertFalse(pfi.burstCuttingAreaPresent)
    }

    func testDualLayerDVDROM() throws {
        let payload: [UInt8] = [
            0x01,                    // DVD-ROM, part version 1
            0x12,                    // 80 mm, 10.08 Mbps
            0x31,                    // 2 layers (01b), opposite track path, embossed
            0x21,                    // linear density 2, track density 1
            0x00, 0x03, 0x00, 0x00,  // start 030000h
            0x00, 0xFC, 0xDF, 0xFF,  // end FCDFFFh
            0x00, 0x22, 0x1F, 0xFF,  // end in layer 0 221FFFh
            0x80,                    // BCA present
        ]
        let pfi = try DVDPhysicalFormat(payload)
        XCTAssertEqual(pfi.bookType, .dvdROM)
        XCTAssertEqual(pfi.discSize, 1)
        XCTAssertEqual(pfi.maximumRate, 2)
        XCTAssertEqual(pfi.numberOfLayers, 2)
        XCTAssertEqual(pfi.trackPath, .opposite)
        XCTAssertEqual(pfi.layerType, .embossed)
        XCTAssertEqual(pfi.linearDensity, 2)
        XCTAssertEqual(pfi.trackDensity, 1)
        XCTAssertEqual(pfi.endPhysicalSectorOfDataArea, 0xFCDFFF)
        XCTAssertEqual(pfi.endPhysicalSectorInLayer0, 0x221FFF)
        XCTAssertTrue(pfi.burstCuttingAreaPresent)
        XCTAssertFalse(try DVDPhysicalFormat(Array(payload.prefix(16))).burstCuttingAreaPresent)
        XCTAssertThrowsError(try DVDPhysicalFormat(Array(payload.prefix(15))))
    }

    func testStructureTruncationAndHeaderErrors() throws {
        let short = Array(Self.response(Self.dvdPlusRPhysical).prefix(24))
        let structure = try ReadDiscStructure(format: .physical).parse(short)
        XCTAssertTrue(structure.truncated)
        XCTAssertEqual(structure.payload.count, 20)
        XCTAssertEqual(try DVDPhysicalFormat(structure).bookType, .dvdPlusR)
        // announced shorter than received: only the announced payload
        let small = try ReadDiscStructure(format: .physical).parse([0x00, 0x06, 0, 0, 1, 2, 3, 4, 5, 6])
        XCTAssertEqual(small.payload, [1, 2, 3, 4])
        XCTAssertFalse(small.truncated)
        let empty = try ReadDiscStructure(format: .physical).parse([0x00, 0x02, 0, 0])
        XCTAssertEqual(empty.payload, [])
        MMCBTest.assertThrows(MMCBTest.tinyVectors + [[0x00, 0x01, 0x00, 0x00], [0x00, 0x00, 0x00, 0x00, 0x01]]) {
            try ReadDiscStructure(format: .physical).parse($0)
        }
    }

    // MARK: DVD+R ADIP

    static let adip: [UInt8] = {
        var p = [UInt8](repeating: 0, count: 256)
        p[0] = 0xA1                                           // disc category DVD+R, version 1
        p.replaceSubrange(19..<27, with: Array("RICOHJPN".utf8))  // disc manufacturer ID
        p.replaceSubrange(27..<30, with: Array("R03".utf8))       // media type ID
        p[30] = 0x03                                          // product revision
        return p
    }()

    func testDVDPlusADIP() throws {
        let structure = try ReadDiscStructure(format: .dvdPlusADIP).parse(Self.response(Self.adip))
        XCTAssertEqual(structure.dataLength, 258)
        let adip = try DVDPlusADIPInformation(structure)
        XCTAssertEqual(adip.bookType, .dvdPlusR)
        XCTAssertEqual(adip.partVersion, 1)
        XCTAssertEqual(adip.discManufacturerID, "RICOHJPN")
        XCTAssertEqual(adip.mediaTypeID, "R03")
        XCTAssertEqual(adip.productRevision, 3)
        XCTAssertEqual(adip.mediaID, "RICOHJPN/R03")
        XCTAssertNil(try DVDPlusADIPInformation(Array(Self.adip.prefix(30))).productRevision)
        XCTAssertThrowsError(try DVDPlusADIPInformation(Array(Self.adip.prefix(29))))
    }

    // MARK: DVD-R pre-recorded information

    /// Five land pre-pit field packs; the manufacturer ID "MCC 02RG20" spans field IDs 3 and 4.
    static let preRecorded: [UInt8] = [
        0x01, 0, 0, 0, 0, 0, 0, 0,                  // field ID 1
        0x02, 0, 0, 0, 0, 0, 0, 0,                  // field ID 2
        0x03, 0x4D, 0x43, 0x43, 0x20, 0x30, 0x32, 0x00,  // field ID 3: "MCC 02", reserved
        0x04, 0x52, 0x47, 0x32, 0x30, 0x20, 0x20, 0x00,  // field ID 4: "RG20  ", reserved
        0x05, 0, 0, 0, 0, 0, 0, 0,                  // field ID 5
    ]

    func testDVDRPreRecordedInformation() throws {
        let structure = try ReadDiscStructure(format: .dvdRPreRecordedInformation)
            .parse(Self.response(Self.preRecorded))
        XCTAssertEqual(try DVDRPreRecordedInformation(structure).discManufacturerID, "MCC 02RG20")
        var wrongPack = Self.preRecorded
        wrongPack[24] = 0x05
        XCTAssertThrowsError(try DVDRPreRecordedInformation(wrongPack))
        XCTAssertThrowsError(try DVDRPreRecordedInformation(Array(Self.preRecorded.prefix(30))))
    }

    // MARK: BD disc information

    static func discInformationUnit(type: String) -> [UInt8] {
        var unit = [UInt8](repeating: 0, count: 112)
        unit[0] = 0x44; unit[1] = 0x49                        // "DI"
        unit[2] = 0x01                                        // DI format 1
        unit[3] = 0x08                                        // 1 unit per block, layer 0
        unit[5] = 0x00                                        // sequence number 0
        unit[6] = 0x70                                        // 112 bytes in use
        unit.replaceSubrange(8..<11, with: Array(type.utf8))  // disc type identifier
        unit[11] = 0x01                                       // 120 mm, class 0, version 1
        unit.replaceSubrange(100..<106, with: Array("VERBAT".utf8))  // disc manufacturer ID
        unit.replaceSubrange(106..<109, with: Array("IMe".utf8))     // media type ID
        unit[109] = 0x12; unit[110] = 0x34                    // time stamp
        unit[111] = 0x02                                      // product revision
        return unit
    }

    func testBDRDiscInformation() throws {
        let payload = Self.padded(Self.discInformationUnit(type: "BDR"), to: 4096)
        let structure = try ReadDiscStructure(mediaType: .bd, format: .bdDiscInformation)
            .parse(Self.response(payload))
        let di = try BDDiscInformation(structure)
        XCTAssertEqual(di.discInformationFormat, 1)
        XCTAssertEqual(di.unitsPerBlock, 1)
        XCTAssertEqual(di.layer, 0)
        XCTAssertEqual(di.sequenceNumber, 0)
        XCTAssertEqual(di.bytesInUse, 112)
        XCTAssertEqual(di.discTypeIdentifier, "BDR")
        XCTAssertEqual(di.discSize, 0)
        XCTAssertEqual(di.discClass, 0)
        XCTAssertEqual(di.discVersion, 1)
        XCTAssertEqual(di.discManufacturerID, "VERBAT")
        XCTAssertEqual(di.mediaTypeID, "IMe")
        XCTAssertEqual(di.productRevision, 2)
    }

    func testBDROMAndShortUnits() throws {
        let rom = try BDDiscInformation(Self.discInformationUnit(type: "BDO"))
        XCTAssertEqual(rom.discTypeIdentifier, "BDO")
        XCTAssertNil(rom.discManufacturerID)
        XCTAssertNil(rom.mediaTypeID)
        XCTAssertNil(rom.productRevision)
        let cut = try BDDiscInformation(Array(Self.discInformationUnit(type: "BDW").prefix(111)))
        XCTAssertEqual(cut.discTypeIdentifier, "BDW")
        XCTAssertNil(cut.discManufacturerID)
        var notDI = Self.discInformationUnit(type: "BDR")
        notDI[0] = 0x45  // "EI"
        XCTAssertThrowsError(try BDDiscInformation(notDI))
        XCTAssertThrowsError(try BDDiscInformation(Array(Self.discInformationUnit(type: "BDR").prefix(11))))
    }

    // MARK: Hostile input

    func testGarbageNeverCrashes() {
        MMCBTest.feedHostileInputs { bytes in
            _ = try? ReadDiscStructure(format: .physical).parse(bytes)
            var forced = bytes
            if forced.count > 24 {
                (forced[0], forced[1], forced[16], forced[24]) = (0x44, 0x49, 3, 4)
            }
            if forced.count > 112, forced[2] & 1 == 0 { (forced[8], forced[9], forced[10]) = (0x42, 0x44, 0x52) }
            _ = try? DVDPhysicalFormat(forced)
            _ = try? DVDPlusADIPInformation(forced)
            _ = try? DVDRPreRecordedInformation(forced)
            _ = try? BDDiscInformation(forced)
        }
    }
}
