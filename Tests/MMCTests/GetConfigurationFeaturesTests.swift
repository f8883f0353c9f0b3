import XCTest
import SCSI
@testable import MMC

/// Typed feature decoders (MMC-6 §5.3), each fed a descriptor laid out from the spec.
final class GetConfigurationFeaturesTests: XCTestCase {
    /// A descriptor from its spec bytes (header + data), through the GET CONFIGURATION parser.
    func descriptor(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> FeatureDescriptor {
        let length = bytes.count + 4
        let answer: [UInt8] = [0, 0, UInt8(length >> 8), UInt8(length & 0xFF), 0, 0, 0, 0] + bytes
        guard let c = mmcaParse(GetConfiguration(), answer, file: file, line: line), c.features.count == 1 else {
            XCTFail("descriptor did not parse", file: file, line: line)
            return FeatureDescriptor(code: .core, current: false)
        }
        return c.features[0]
    }

    func testProfileList() throws {
        let d = descriptor([0x00, 0x00, 0x03, 0x0C,
                            0x00, 0x2B, 0x00, 0x00,   // DVD+R DL
                            0x00, 0x1B, 0x01, 0x00,   // DVD+R, current
                            0x00, 0x09, 0x00, 0x00])  // CD-R
        let f = try ProfileList(descriptor: d)
        XCTAssertEqual(f.profiles, [ProfileDescriptor(profile: .dvdPlusRDL, isCurrent: false),
                                    ProfileDescriptor(profile: .dvdPlusR, isCurrent: true),
                                    ProfileDescriptor(profile: .cdR, isCurrent: false)])
        XCTAssertTrue(f.current)
        XCTAssertEqual(f.version, 0)
    }

    func testCore() throws {
        let f = try Core(descriptor: descriptor([0x00, 0x01, 0x0B, 0x08,
                                                 0x00, 0x00, 0x00, 0x07,  // Serial ATAPI
                                                 0x02, 0x00, 0x00, 0x00]))  // INQ2 only
        XCTAssertEqual(f.physicalInterfaceStandard, .serialATAPI)
        XCTAssertTrue(f.inq2)
        XCTAssertFalse(f.deviceBusyEvents)
        XCTAssertEqual(f.version, 2)
        // Version 0: 4 data bytes, no flags byte.
        let v0 = try Core(descriptor: descriptor([0x00, 0x01, 0x03, 0x04, 0x00, 0x00, 0x00, 0x08]))
        XCTAssertEqual(v0.physicalInterfaceStandard, .usb)
        XCTAssertFalse(v0.inq2)
        XCTAssertFalse(v0.deviceBusyEvents)
        mmcaAssertParseError(try Core(descriptor: descriptor([0x00, 0x01, 0x03, 0x02, 0x00, 0x00])))
    }

    func testRemovableMedium() throws {
        let f = try RemovableMedium(descriptor: descriptor([0x00, 0x03, 0x0B, 0x04, 0x5E, 0x00, 0x00, 0x00]))
        XCTAssertEqual(f.loadingMechanism, .popUp)  // 010b
        XCTAssertTrue(f.canLoad)
        XCTAssertTrue(f.canEject)
        XCTAssertTrue(f.preventJumper)
        XCTAssertTrue(f.reportsLoadingBusyEvents)
        XCTAssertFalse(f.canLock)
        let tray = try RemovableMedium(descriptor: descriptor([0x00, 0x03, 0x03, 0x04, 0x21, 0, 0, 0]))
        XCTAssertEqual(tray.loadingMechanism, .tray)
        XCTAssertTrue(tray.canLock)
        XCTAssertFalse(tray.canEject)
        mmcaAssertParseError(try RemovableMedium(descriptor: descriptor([0x00, 0x03, 0x03, 0x00])))
    }

    func testWriteProtect() throws {
        let f = try WriteProtect(descriptor: descriptor([0x00, 0x04, 0x08, 0x04, 0x0A, 0, 0, 0]))
        XCTAssertTrue(f.discWriteProtectPAC)
        XCTAssertFalse(f.writeInhibitDCB)
        XCTAssertTrue(f.persistentWriteProtect)
        XCTAssertFalse(f.softwareWriteProtectUntilPowerDown)
        XCTAssertFalse(f.current)
    }

    func testRandomReadable() throws {
        let f = try RandomReadable(descriptor: descriptor([0x00, 0x10, 0x01, 0x08,
                                                           0x00, 0x00, 0x08, 0x00,  // 2048 bytes
                                                           0x00, 0x10,              // blocking 16
                                                           0x01, 0x00]))            // PP
        XCTAssertEqual(f.logicalBlockSizeBytes, 2048)
        XCTAssertEqual(f.blockingBlocks, 16)
        XCTAssertTrue(f.errorRecoveryPagePresent)
        mmcaAssertParseError(try RandomReadable(descriptor: descriptor([0x00, 0x10, 0x01, 0x04, 0, 0, 8, 0])))
    }

    func testRandomWritable() throws {
        let f = try RandomWritable(descriptor: descriptor([0x00, 0x20, 0x05, 0x0C,
                                                           0x00, 0x23, 0x05, 0x3F,  // last LBA 2,295,103
                                                           0x00, 0x00, 0x08, 0x00,  // 2048 bytes
                                                           0x00, 0x10,              // blocking 16
                                                           0x00, 0x00]))            // PP 0
        XCTAssertEqual(f.lastLogicalBlockAddress, 2_295_103)
        XCTAssertEqual(f.logicalBlockSizeBytes, 2048)
        XCTAssertEqual(f.blockingBlocks, 16)
        XCTAssertFalse(f.errorRecoveryPagePresent)
        XCTAssertEqual(f.version, 1)
    }

    func testIncrementalStreamingWritable() throws {
        let f = try IncrementalStreamingWritable(descriptor: descriptor([
            0x00, 0x21, 0x0D, 0x08,
            0x3F, 0x0F,              // data block types 0-3 and 8-13
            0x07,                    // TRIO, ARSV, BUF
            0x02,                    // 2 link sizes
            0x07, 0x10, 0x00, 0x00,  // link sizes 7 and 16, pad
        ]))
        XCTAssertEqual(f.dataBlockTypesSupported.rawValue, 0x3F0F)
        XCTAssertTrue(f.dataBlockTypesSupported.contains([.mode1, .mode2Form1, .raw2352]))
        XCTAssertTrue(f.dataBlockTypesSupported.supports(dataBlockType: 13))
        XCTAssertFalse(f.dataBlockTypesSupported.supports(dataBlockType: 14))
        XCTAssertFalse(f.dataBlockTypesSupported.supports(dataBlockType: 200))
        XCTAssertTrue(f.trackResourcesInformation)
        XCTAssertTrue(f.addressReservation)
        XCTAssertTrue(f.bufferUnderrunFree)
        XCTAssertEqual(f.linkSizesBlocks, [7, 16])
        XCTAssertEqual(f.version, 3)
        // A link-size count running past the data.
        mmcaAssertParseError(try IncrementalStreamingWritable(descriptor: descriptor([
            0x00, 0x21, 0x0D, 0x04, 0x01, 0x00, 0x01, 0x09])))
    }

    func testFormattable() throws {
        let f = try Formattable(descriptor: descriptor([0x00, 0x23, 0x09, 0x08,
                                                        0x8D, 0x00, 0x00, 0x00,   // FRF, RENoSA, Expand, Cert
                                                        0x01, 0x00, 0x00, 0x00]))  // RRM
        XCTAssertTrue(f.fullRestrictedOverwriteFormat)
        XCTAssertTrue(f.bdREFormatWithoutSpares)
        XCTAssertTrue(f.spareAreaExpansion)
        XCTAssertFalse(f.quickCertification)
        XCTAssertTrue(f.fullCertification)
        XCTAssertTrue(f.bdRRandomRecordingMode)
        let v0 = try Formattable(descriptor: descriptor([0x00, 0x23, 0x03, 0x00]))
        XCTAssertFalse(v0.fullCertification || v0.bdRRandomRecordingMode || v0.fullRestrictedOverwriteFormat)
    }

    func testHardwareDefectManagementAndRestrictedOverwrite() throws {
        let h = try HardwareDefectManagement(descriptor: descriptor([0x00, 0x24, 0x05, 0x04, 0x80, 0, 0, 0]))
        XCTAssertTrue(h.secondarySpareArea)
        XCTAssertTrue(h.current)
        let h0 = try HardwareDefectManagement(descriptor: descriptor([0x00, 0x24, 0x01, 0x00]))
        XCTAssertFalse(h0.secondarySpareArea)
        let r = try RestrictedOverwrite(descriptor: descriptor([0x00, 0x26, 0x01, 0x00]))
        XCTAssertTrue(r.current)
        XCTAssertEqual(r.version, 0)
    }

    func testDVDPlusFamily() throws {
        let rw = try DVDPlusRW(descriptor: descriptor([0x00, 0x2A, 0x05, 0x04, 0x01, 0x02, 0x00, 0x00]))
        XCTAssertTrue(rw.write)
        XCTAssertTrue(rw.quickStart)
        XCTAssertFalse(rw.closeOnly)
        let closeOnly = try DVDPlusRW(descriptor: descriptor([0x00, 0x2A, 0x01, 0x04, 0x00, 0x01, 0x00, 0x00]))
        XCTAssertFalse(closeOnly.write)
        XCTAssertTrue(closeOnly.closeOnly)
        mmcaAssertParseError(try DVDPlusRW(descriptor: descriptor([0x00, 0x2A, 0x01, 0x01, 0x01])))
        let r = try DVDPlusR(descriptor: descriptor([0x00, 0x2B, 0x01, 0x04, 0x01, 0, 0, 0]))
        XCTAssertTrue(r.write)
        let readOnly = try DVDPlusR(descriptor: descriptor([0x00, 0x2B, 0x01, 0x04, 0x00, 0, 0, 0]))
        XCTAssertFalse(readOnly.write)
        mmcaAssertParseError(try DVDPlusR(descriptor: descriptor([0x00, 0x2B, 0x01, 0x00])))
        let dl = try DVDPlusRDL(descriptor: descriptor([0x00, 0x3B, 0x00, 0x04, 0x01, 0, 0, 0]))
        XCTAssertTrue(dl.write)
        XCTAssertFalse(dl.current)
    }

    func testCDTrackAtOnce() throws {
        let f = try CDTrackAtOnce(descriptor: descriptor([0x00, 0x2D, 0x09, 0x04,
                                                          0x5D,          // BUF, R-W Raw, R-W Pack, Test, R-W Sub
                                                          0x00,
                                                          0x01, 0x0F]))  // types 0-3 and 8
        XCTAssertTrue(f.bufferUnderrunFree)
        XCTAssertTrue(f.rwRaw)
        XCTAssertTrue(f.rwPack)
        XCTAssertTrue(f.testWrite)
        XCTAssertFalse(f.cdRW)
        XCTAssertTrue(f.rwSubcode)
        XCTAssertEqual(f.dataTypesSupported, [.raw2352, .raw2352PQ, .raw2352PWPacked, .raw2352PWRaw, .mode1])
        XCTAssertEqual(f.version, 2)
        mmcaAssertParseError(try CDTrackAtOnce(descriptor: descriptor([0x00, 0x2D, 0x09, 0x02, 0x40, 0x00])))
    }

    func testCDMastering() throws {
        let f = try CDMastering(descriptor: descriptor([0x00, 0x2E, 0x05, 0x04,
                                                        0x66,                // BUF, SAO, Test Write, CD-RW
                                                        0x00, 0x0F, 0xFF]))  // max cue sheet 4095 bytes
        XCTAssertTrue(f.bufferUnderrunFree)
        XCTAssertTrue(f.sessionAtOnce)
        XCTAssertFalse(f.rawMultiSession)
        XCTAssertFalse(f.raw)
        XCTAssertTrue(f.testWrite)
        XCTAssertTrue(f.cdRW)
        XCTAssertFalse(f.rw)
        XCTAssertEqual(f.maximumCueSheetLengthBytes, 4095)
        let raw = try CDMastering(descriptor: descriptor([0x00, 0x2E, 0x05, 0x04, 0x19, 0x01, 0x02, 0x03]))
        XCTAssertTrue(raw.rawMultiSession && raw.raw && raw.rw)
        XCTAssertFalse(raw.sessionAtOnce)
        XCTAssertEqual(raw.maximumCueSheetLengthBytes, 0x010203)
    }

    func testDVDRWrite() throws {
        let f = try DVDRWrite(descriptor: descriptor([0x00, 0x2F, 0x09, 0x04, 0x4E, 0, 0, 0]))
        XCTAssertTrue(f.bufferUnderrunFree)
        XCTAssertTrue(f.dvdRDualLayer)
        XCTAssertTrue(f.testWrite)
        XCTAssertTrue(f.dvdRWSingleLayer)
        let plain = try DVDRWrite(descriptor: descriptor([0x00, 0x2F, 0x01, 0x04, 0x04, 0, 0, 0]))
        XCTAssertFalse(plain.bufferUnderrunFree || plain.dvdRDualLayer || plain.dvdRWSingleLayer)
        XCTAssertTrue(plain.testWrite)
    }

    func testLayerJumpRecording() throws {
        let f = try LayerJumpRecording(descriptor: descriptor([0x00, 0x33, 0x01, 0x08,
                                                               0x00, 0x00, 0x00, 0x01,   // 1 link size
                                                               0x10, 0x00, 0x00, 0x00]))  // 16
        XCTAssertEqual(f.linkSizesBlocks, [16])
        mmcaAssertParseError(try LayerJumpRecording(descriptor: descriptor([0x00, 0x33, 0x01, 0x04,
                                                                            0x00, 0x00, 0x00, 0x03])))
    }

    func testBDReadAndWrite() throws {
        var read: [UInt8] = [0x00, 0x40, 0x05, 0x1C, 0x01, 0x00, 0x00, 0x00]  // BCA
        read += [0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]  // BD-RE class 0 versions 1, 2
        read += [0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]  // BD-R class 0 version 1
        read += [0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x80, 0x00]  // BD-ROM class 0 v1, class 3 v15
        let r = try BDRead(descriptor: descriptor(read))
        XCTAssertTrue(r.readsBCA)
        XCTAssertEqual(r.bdRE.classBitmaps, [0x0006, 0, 0, 0])
        XCTAssertTrue(r.bdRE.supports(classNumber: 0, version: 2))
        XCTAssertFalse(r.bdRE.supports(classNumber: 0, version: 0))
        XCTAssertEqual(r.bdR.classBitmaps, [0x0002, 0, 0, 0])
        XCTAssertEqual(r.bdROM.classBitmaps, [0x0002, 0, 0, 0x8000])
        XCTAssertTrue(r.bdROM.supports(classNumber: 3, version: 15))
        XCTAssertFalse(r.bdROM.supports(classNumber: 4, version: 0))
        XCTAssertFalse(r.bdROM.supports(classNumber: 0, version: 16))
        mmcaAssertParseError(try BDRead(descriptor: descriptor(Array(read.prefix(28)).replacing(3, 0x18))))

        var write: [UInt8] = [0x00, 0x41, 0x05, 0x14, 0x01, 0x00, 0x00, 0x00]  // SVNR
        write += [0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]  // BD-RE class 0 versions 1, 2
        write += [0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]  // BD-R class 0 version 1
        let w = try BDWrite(descriptor: descriptor(write))
        XCTAssertTrue(w.supportsVerifyNotRequired)
        XCTAssertEqual(w.bdRE.classBitmaps, [0x0006, 0, 0, 0])
        XCTAssertEqual(w.bdR.classBitmaps, [0x0002, 0, 0, 0])
        XCTAssertTrue(w.bdR.supportsAny)
        mmcaAssertParseError(try BDWrite(descriptor: descriptor(Array(write.prefix(20)).replacing(3, 0x10))))
    }

    func testRealTimeStreaming() throws {
        let f = try RealTimeStreaming(descriptor: descriptor([0x01, 0x07, 0x19, 0x04, 0x3F, 0, 0, 0]))
        XCTAssertEqual(f.version, 6)
        XCTAssertTrue(f.setStreamingMultiplePerformance && f.readBufferCapacityBlock && f.setCDSpeed)
        XCTAssertTrue(f.modePage2AWriteSpeeds && f.writeSpeedPerformanceDescriptors && f.streamWriting)
        let some = try RealTimeStreaming(descriptor: descriptor([0x01, 0x07, 0x0D, 0x04, 0x12, 0, 0, 0]))
        XCTAssertTrue(some.readBufferCapacityBlock)
        XCTAssertTrue(some.writeSpeedPerformanceDescriptors)
        XCTAssertFalse(some.setCDSpeed || some.streamWriting || some.modePage2AWriteSpeeds)
        let v0 = try RealTimeStreaming(descriptor: descriptor([0x01, 0x07, 0x01, 0x00]))
        XCTAssertFalse(v0.streamWriting)
    }

    func testDriveSerialNumber() throws {
        let f = try DriveSerialNumber(descriptor: descriptor([0x01, 0x08, 0x03, 0x0C]
                                                             + Array("K1Q9A3B0123 ".utf8)))
        XCTAssertEqual(f.serialNumber, "K1Q9A3B0123")
        let empty = try DriveSerialNumber(descriptor: descriptor([0x01, 0x08, 0x03, 0x00]))
        XCTAssertEqual(empty.serialNumber, "")
    }

    func testWrongCodeThrows() {
        let core = FeatureDescriptor(code: .core, current: true, data: [0, 0, 0, 2, 0, 0, 0, 0])
        mmcaAssertParseError(try DVDPlusR(descriptor: core))
        mmcaAssertParseError(try ProfileList(descriptor: core))
        mmcaAssertParseError(try DriveSerialNumber(descriptor: core))
    }

    func testFeatureLookupThrowsOnMalformedListedFeature() {
        let bad = FeatureDescriptor(code: .cdTrackAtOnce, current: true, data: [0x40])
        let c = Configuration(dataLength: 9, currentProfile: .cdR, features: [bad])
        mmcaAssertParseError(try c.feature(CDTrackAtOnce.self))
        XCTAssertNil(try c.feature(CDMastering.self))
    }

    func testEveryDecoderSurvivesRandomDescriptors() {
        for seed in MMCAHostile.garbageSeeds {
            var g = MMCASplitMix64(seed: seed)
            for length in [0, 1, 2, 3, 4, 7, 8, 11, 12, 20, 27, 28, Int(g.next() % 256)] {
                for decoder in Self.decoders {
                    let d = FeatureDescriptor(code: decoder.code, version: UInt8(g.next() % 16),
                                              persistent: g.next() % 2 == 0, current: g.next() % 2 == 0,
                                              data: g.bytes(length))
                    _ = try? decoder.init(descriptor: d)
                }
            }
        }
    }

    static let decoders: [any FeatureDecodable.Type] = [
        ProfileList.self, Core.self, RemovableMedium.self, WriteProtect.self, RandomReadable.self,
        RandomWritable.self, IncrementalStreamingWritable.self, Formattable.self, HardwareDefectManagement.self,
        RestrictedOverwrite.self, DVDPlusRW.self, DVDPlusR.self, CDTrackAtOnce.self, CDMastering.self,
        DVDRWrite.self, LayerJumpRecording.self, DVDPlusRDL.self, BDRead.self, BDWrite.self,
        RealTimeStreaming.self, DriveSerialNumber.self,
    ]

    /// Runs every decoder on `d` as if it carried the decoder's code: nothing may trap.
    static func decodeWithEveryDecoder(_ d: FeatureDescriptor) {
        for decoder in decoders {
            var relabelled = d
            relabelled.code = decoder.code
            _ = try? decoder.init(descriptor: relabelled)
        }
    }
}

private extension Array where Element == UInt8 {
    func replacing(_ index: Int, _ value: UInt8) -> [UInt8] {
        var copy = self
        copy[index] = value
        return copy
    }
}
