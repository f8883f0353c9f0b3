import XCTest
import MMC
import SCSI

final class ReadTOCTests: XCTestCase {
    // MARK: CDBs

    func testReadTOCCDBDefaults() {
        let cmd = ReadTOC()
        XCTAssertEqual(cmd.cdb.bytes, [
            0x43,        // opcode READ TOC/PMA/ATIP
            0x00,        // MSF = 0
            0x00,        // format 0000b (TOC)
            0x00, 0x00, 0x00,
            0x01,        // starting track 1
            0x03, 0x24,  // allocation length 804
            0x00,        // control
        ])
        XCTAssertEqual(cmd.transfer, .fromDevice(allocationLength: 804))
    }

    func testReadTOCCDBFields() {
        let cmd = ReadTOC(msf: true, startingTrack: 0xAA, allocationLength: 12)
        XCTAssertEqual(cmd.cdb.bytes, [0x43, 0x02, 0x00, 0, 0, 0, 0xAA, 0x00, 0x0C, 0x00])
    }

    func testSessionInformationAndATIPCDBs() {
        XCTAssertEqual(ReadSessionInformation().cdb.bytes, [0x43, 0x00, 0x01, 0, 0, 0, 0x00, 0x00, 0x0C, 0x00])
        XCTAssertEqual(ReadSessionInformation(msf: true).cdb.bytes[1], 0x02)
        // ATIP: MSF bit set, format 0100b, allocation 32
        XCTAssertEqual(ReadATIP().cdb.bytes, [0x43, 0x02, 0x04, 0, 0, 0, 0x00, 0x00, 0x20, 0x00])
        XCTAssertEqual(ReadATIP().transfer, .fromDevice(allocationLength: 32))
    }

    // MARK: TOC

    /// A data CD: track 1 (data, ADR 1) at LBA 0, lead-out at LBA 264 975.
    static let dataCDTOC: [UInt8] = [
        0x00, 0x12,                                      // data length 18 = 2 + 2 descriptors
        0x01, 0x01,                                      // first track 1, last track 1
        0x00, 0x14, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,  // reserved, ADR 1 / CONTROL 4 (data), track 1, LBA 0
        0x00, 0x14, 0xAA, 0x00, 0x00, 0x04, 0x0B, 0x0F,  // lead-out (AAh) at LBA 264 975
    ]

    func testDataCDTOC() throws {
        let toc = try ReadTOC().parse(Self.dataCDTOC)
        XCTAssertEqual(toc.dataLength, 18)
        XCTAssertEqual(toc.firstTrackNumber, 1)
        XCTAssertEqual(toc.lastTrackNumber, 1)
        XCTAssertFalse(toc.truncated)
        XCTAssertEqual(toc.entries.count, 2)
        let track = try XCTUnwrap(toc.tracks.first)
        XCTAssertEqual(toc.tracks.count, 1)
        XCTAssertEqual(track.adr, 1)
        XCTAssertEqual(track.control, [.dataTrack])
        XCTAssertTrue(track.isDataTrack)
        XCTAssertFalse(track.isCopyPermitted)
        XCTAssertEqual(track.trackNumber, 1)
        XCTAssertEqual(track.address, 0)
        XCTAssertEqual(track.logicalBlockAddress, 0)
        let leadOut = try XCTUnwrap(toc.leadOut)
        XCTAssertEqual(leadOut.trackNumber, 0xAA)
        XCTAssertTrue(leadOut.isLeadOut)
        XCTAssertEqual(leadOut.address, 264_975)
        XCTAssertEqual(leadOut.logicalBlockAddress, 264_975)
    }

    /// tgt answers 2 bytes short: the lead-out address is cut. The partial descriptor is dropped, not thrown.
    func testTruncatedLeadOutIsDroppedLikeTgt() throws {
        let short = Array(Self.dataCDTOC.dropLast(2))
        let toc = try ReadTOC().parse(short)
        XCTAssertTrue(toc.truncated)
        XCTAssertEqual(toc.entries.count, 1)
        XCTAssertEqual(toc.tracks.first?.trackNumber, 1)
        XCTAssertNil(toc.leadOut)
    }

    /// An audio track (copy permitted, pre-emphasis) then a data track, addresses in MSF.
    func testMixedModeTOCInMSF() throws {
        let bytes: [UInt8] = [
            0x00, 0x1A, 0x01, 0x02,                          // length 26, tracks 1-2
            0x00, 0x13, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00,  // ADR 1, CONTROL 3 (copy, pre-emphasis), 00:02:00
            0x00, 0x14, 0x02, 0x00, 0x00, 0x20, 0x05, 0x10,  // data track 2 at 32:05:16
            0x00, 0x14, 0xAA, 0x00, 0x00, 0x3A, 0x37, 0x00,  // lead-out at 58:55:00
        ]
        let toc = try ReadTOC(msf: true).parse(bytes)
        XCTAssertEqual(toc.tracks.count, 2)
        XCTAssertEqual(toc.tracks[0].control, [.digitalCopyPermitted, .preEmphasisOrIncremental])
        XCTAssertFalse(toc.tracks[0].isDataTrack)
        XCTAssertTrue(toc.tracks[0].isMSF)
        XCTAssertEqual(toc.tracks[0].address, 0x0000_0200)
        XCTAssertEqual(toc.tracks[0].logicalBlockAddress, 0)
        XCTAssertEqual(toc.tracks[1].logicalBlockAddress, (32 * 60 + 5) * 75 + 16 - 150)
        XCTAssertEqual(toc.leadOut?.logicalBlockAddress, 264_975)
    }

    func testTOCHeaderOnlyAndTrailingBytes() throws {
        let empty = try ReadTOC().parse([0x00, 0x02, 0x01, 0x00])
        XCTAssertEqual(empty.entries, [])
        XCTAssertFalse(empty.truncated)
        // announced 21 bytes (one stray byte after two descriptors): stray dropped, flagged
        var odd = Self.dataCDTOC
        odd[1] = 0x13
        odd.append(0x99)
        let toc = try ReadTOC().parse(odd)
        XCTAssertEqual(toc.entries.count, 2)
        XCTAssertTrue(toc.truncated)
        // announced far more than received
        var big = Self.dataCDTOC
        big[0] = 0xFF
        big[1] = 0xFF
        let clipped = try ReadTOC().parse(big)
        XCTAssertEqual(clipped.entries.count, 2)
        XCTAssertTrue(clipped.truncated)
        // announced less than received: only the announced descriptor is read
        var small = Self.dataCDTOC
        small[1] = 0x0A
        XCTAssertEqual(try ReadTOC().parse(small).entries.count, 1)
    }

    func testTOCThrowsWithoutHeader() {
        MMCBTest.assertThrows(MMCBTest.tinyVectors + [[0x00, 0x00, 0x01, 0x01], [0x00, 0x01, 0x01, 0x01]]) {
            try ReadTOC().parse($0)
        }
    }

    // MARK: Session information

    /// Two complete sessions; the last starts with track 3 at LBA 23 852.
    static let sessionInfo: [UInt8] = [
        0x00, 0x0A,                                      // data length 10
        0x01, 0x02,                                      // first complete session 1, last complete session 2
        0x00, 0x14, 0x03, 0x00, 0x00, 0x00, 0x5D, 0x2C,  // ADR 1 / data, first track in last session 3, LBA 23852
    ]

    func testSessionInformation() throws {
        let info = try ReadSessionInformation().parse(Self.sessionInfo)
        XCTAssertEqual(info.dataLength, 10)
        XCTAssertEqual(info.firstCompleteSession, 1)
        XCTAssertEqual(info.lastCompleteSession, 2)
        XCTAssertEqual(info.adr, 1)
        XCTAssertEqual(info.control, [.dataTrack])
        XCTAssertEqual(info.firstTrackInLastSession, 3)
        XCTAssertEqual(info.startOfFirstTrackInLastSession, 23_852)
        XCTAssertFalse(info.truncated)
    }

    func testSessionInformationTwoBytesShort() throws {
        let info = try ReadSessionInformation().parse(Array(Self.sessionInfo.dropLast(2)))
        XCTAssertEqual(info.firstTrackInLastSession, 3)
        XCTAssertNil(info.startOfFirstTrackInLastSession)
        XCTAssertTrue(info.truncated)
        let headerOnly = try ReadSessionInformation().parse(Array(Self.sessionInfo.prefix(4)))
        XCTAssertNil(headerOnly.firstTrackInLastSession)
        XCTAssertNil(headerOnly.control)
        MMCBTest.assertThrows(MMCBTest.tinyVectors + [[0x00, 0x01, 0x01, 0x01]]) {
            try ReadSessionInformation().parse($0)
        }
    }

    // MARK: ATIP

    /// An 80-minute CD-R: lead-in 97:26:66, last possible lead-out 79:59:74.
    static let atip80: [UInt8] = [
        0x00, 0x1E, 0x00, 0x00,  // data length 30, reserved
        0xD2,                    // 1, ITWP 101b = 5, DDCD 0, reference speed 2
        0x00,                    // 0, URU 0 (restricted use), reserved
        0x94,                    // 1, disc type 0 (CD-R), sub-type 010b = 2, A1 valid, A2/A3 not valid
        0x00,                    // reserved
        0x61, 0x1A, 0x42,        // lead-in start 97:26:66
        0x00,
        0x4F, 0x3B, 0x4A,        // last possible lead-out start 79:59:74
        0x00,
        0x01, 0x02, 0x03, 0x00,  // A1 values
        0x00, 0x00, 0x00, 0x00,  // A2 values
        0x00, 0x00, 0x00, 0x00,  // A3 values
        0x00, 0x00, 0x00, 0x00,  // S4 values
    ]

    func testATIPOf80MinuteCDR() throws {
        let atip = try ReadATIP().parse(Self.atip80)
        XCTAssertEqual(atip.dataLength, 30)
        XCTAssertEqual(atip.indicativeTargetWritingPower, 5)
        XCTAssertEqual(atip.referenceSpeed, 2)
        XCTAssertFalse(atip.unrestrictedUse)
        XCTAssertFalse(atip.discIsRewritable)
        XCTAssertEqual(atip.discSubType, 2)
        XCTAssertTrue(atip.a1Valid)
        XCTAssertFalse(atip.a2Valid)
        XCTAssertFalse(atip.a3Valid)
        XCTAssertEqual(atip.leadInStart, ATIP.Time(minute: 97, second: 26, frame: 66))
        XCTAssertEqual(atip.lastPossibleLeadOutStart, ATIP.Time(minute: 79, second: 59, frame: 74))
        XCTAssertEqual(atip.lastPossibleLeadOutStartLBA, 359_849)
        XCTAssertEqual(atip.leadInStartLBA, (97 * 60 + 26) * 75 + 66 - 450_150)
        XCTAssertEqual(atip.leadInStartLBA, -11_634)
        XCTAssertEqual(atip.lastPossibleLeadOutStart.description, "79:59:74")
    }

    func testATIPOfCDRW() throws {
        var bytes = Self.atip80
        bytes[5] = 0x40  // URU
        bytes[6] = 0xC8  // disc type 1 (CD-RW), sub-type 001b, no A valid bits
        let atip = try ReadATIP().parse(bytes)
        XCTAssertTrue(atip.unrestrictedUse)
        XCTAssertTrue(atip.discIsRewritable)
        XCTAssertEqual(atip.discSubType, 1)
        XCTAssertFalse(atip.a1Valid)
    }

    func testATIPNeedsLeadOutField() throws {
        XCTAssertNoThrow(try ReadATIP().parse(Array(Self.atip80.prefix(15))))
        var lying = Self.atip80
        lying[1] = 0x02  // announces only the header
        MMCBTest.assertThrows(MMCBTest.tinyVectors + [Array(Self.atip80.prefix(14)), lying]) {
            try ReadATIP().parse($0)
        }
    }

    // MARK: Hostile input

    func testGarbageNeverCrashes() {
        MMCBTest.feedHostileInputs { bytes in
            _ = try? ReadTOC().parse(bytes)
            _ = try? ReadTOC(msf: true).parse(bytes)
            _ = try? ReadSessionInformation().parse(bytes)
            if let atip = try? ReadATIP().parse(bytes) {
                _ = atip.leadInStartLBA + atip.lastPossibleLeadOutStartLBA
            }
        }
    }
}
