import XCTest
import SCSI
@testable import MMC

final class ReadDiscInformationTests: XCTestCase {
    /// A blank DVD+R (MMC-6 §6.22, data type 000b): 34 bytes.
    static let blankDVDPlusR: [UInt8] = [
        0x00, 0x20,              // 0-1: disc information length 32
        0x00,                    // 2: data type 000b, not erasable, last session empty, disc empty
        0x01,                    // 3: first track number 1
        0x01,                    // 4: number of sessions (LSB) 1
        0x01,                    // 5: first track in last session (LSB) 1
        0x01,                    // 6: last track in last session (LSB) 1
        0x20,                    // 7: URU
        0x00,                    // 8: disc type
        0x00, 0x00, 0x00,        // 9-11: MSBs of sessions, first and last track in last session
        0x00, 0x00, 0x00, 0x00,  // 12-15: disc identification (not valid)
        0x00, 0x00, 0x00, 0x00,  // 16-19: last session lead-in start
        0x00, 0x23, 0x05, 0x40,  // 20-23: last possible lead-out start 2,295,104
        0, 0, 0, 0, 0, 0, 0, 0,  // 24-31: disc bar code (not valid)
        0x00,                    // 32: disc application code (not valid)
        0x00,                    // 33: number of OPC tables
    ]

    /// An appendable CD-RW with every optional field valid and two OPC tables: 50 bytes.
    static let appendableCDRW: [UInt8] = [
        0x00, 0x30,              // 0-1: disc information length 48
        0x11,                    // 2: erasable, last session empty (00b), disc appendable (01b)
        0x01,                    // 3: first track number 1
        0x02,                    // 4: sessions (LSB) 2
        0x03,                    // 5: first track in last session (LSB) 3
        0x04,                    // 6: last track in last session (LSB) 4
        0xD6,                    // 7: DID_V, DBC_V, DAC_V, Dbit, background format in progress (10b)
        0x20,                    // 8: disc type 20h CD-ROM XA
        0x01, 0x02, 0x03,        // 9-11: MSBs: sessions 0102h, first 0203h, last 0304h
        0x12, 0x34, 0x56, 0x78,  // 12-15: disc identification
        0x00, 0x19, 0x20, 0x2A,  // 16-19: lead-in start 25:32:42
        0x00, 0x4F, 0x3B, 0x4A,  // 20-23: last possible lead-out 79:59:74
        1, 2, 3, 4, 5, 6, 7, 8,  // 24-31: disc bar code
        0x40,                    // 32: disc application code
        0x02,                    // 33: 2 OPC tables
        0x0B, 0x10, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6,  // 34-41: 2832 kB/s and its OPC values
        0x16, 0x20, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6,  // 42-49: 5664 kB/s and its OPC values
    ]

    func testCDB() {
        XCTAssertEqual(ReadDiscInformation().cdb.bytes, [0x51, 0x00, 0, 0, 0, 0, 0, 0x00, 0x22, 0x00])
        XCTAssertEqual(ReadDiscInformation(allocationLength: 0x1234).cdb.bytes,
                       [0x51, 0x00, 0, 0, 0, 0, 0, 0x12, 0x34, 0x00])
        XCTAssertEqual(ReadDiscInformation().transfer, .fromDevice(allocationLength: 34))
    }

    func testBlankDVDPlusR() throws {
        let d = try ReadDiscInformation().parse(Self.blankDVDPlusR)
        XCTAssertEqual(d.discInformationLength, 32)
        XCTAssertFalse(d.erasable)
        XCTAssertEqual(d.lastSessionState, .empty)
        XCTAssertEqual(d.discStatus, .empty)
        XCTAssertEqual(d.discStatus.jsonName, "blank")
        XCTAssertEqual(d.firstTrackNumber, 1)
        XCTAssertEqual(d.numberOfSessions, 1)
        XCTAssertEqual(d.firstTrackInLastSession, 1)
        XCTAssertEqual(d.lastTrackInLastSession, 1)
        XCTAssertFalse(d.discIdentificationValid)
        XCTAssertFalse(d.discBarCodeValid)
        XCTAssertFalse(d.dbcValid)
        XCTAssertTrue(d.unrestrictedUse)
        XCTAssertFalse(d.discApplicationCodeValid)
        XCTAssertFalse(d.dirtyBit)
        XCTAssertEqual(d.backgroundFormatStatus, .notBackgroundFormatted)
        XCTAssertEqual(d.discType, 0)
        XCTAssertNil(d.discIdentification)
        XCTAssertEqual(d.lastSessionLeadInStart, 0)
        XCTAssertEqual(d.lastPossibleLeadOutStart, 2_295_104)
        XCTAssertNil(d.discBarCode)
        XCTAssertNil(d.discApplicationCode)
        XCTAssertEqual(d.numberOfOPCTables, 0)
        XCTAssertEqual(d.opcTables, [])
    }

    func testAppendableCDRWEveryField() throws {
        let d = try ReadDiscInformation(allocationLength: 50).parse(Self.appendableCDRW)
        XCTAssertEqual(d.discInformationLength, 48)
        XCTAssertTrue(d.erasable)
        XCTAssertEqual(d.lastSessionState, .empty)
        XCTAssertEqual(d.discStatus, .appendable)
        XCTAssertEqual(d.discStatus.jsonName, "appendable")
        XCTAssertEqual(d.numberOfSessions, 0x0102)
        XCTAssertEqual(d.firstTrackInLastSession, 0x0203)
        XCTAssertEqual(d.lastTrackInLastSession, 0x0304)
        XCTAssertTrue(d.discIdentificationValid)
        XCTAssertTrue(d.discBarCodeValid)
        XCTAssertTrue(d.dbcValid)
        XCTAssertFalse(d.unrestrictedUse)
        XCTAssertTrue(d.discApplicationCodeValid)
        XCTAssertTrue(d.dirtyBit)
        XCTAssertEqual(d.backgroundFormatStatus, .inProgress)
        XCTAssertEqual(d.discType, 0x20)
        XCTAssertEqual(d.discIdentification, 0x1234_5678)
        XCTAssertEqual(d.lastSessionLeadInStartMSF, MSF(minute: 25, second: 32, frame: 42))
        XCTAssertEqual(d.lastSessionLeadInStartMSF.lba, 114_792)
        XCTAssertEqual(d.lastPossibleLeadOutStartMSF, MSF(minute: 79, second: 59, frame: 74))
        XCTAssertEqual(d.lastPossibleLeadOutStartMSF.lba, 359_849)
        XCTAssertEqual(d.discBarCode, 0x0102_0304_0506_0708)
        XCTAssertEqual(d.discApplicationCode, 0x40)
        XCTAssertEqual(d.numberOfOPCTables, 2)
        XCTAssertEqual(d.opcTables, [
            OPCTableEntry(speedKilobytesPerSecond: 2832, values: [0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6]),
            OPCTableEntry(speedKilobytesPerSecond: 5664, values: [0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6]),
        ])
    }

    func testStatusAndStateValues() throws {
        var bytes = Self.blankDVDPlusR
        let cases: [(UInt8, SessionState, DiscStatus, String)] = [
            (0x0E, .complete, .complete, "complete"), (0x07, .incomplete, .other, "other"),
            (0x09, .reservedOrDamaged, .appendable, "appendable"),
        ]
        for (byte, state, status, json) in cases {
            bytes[2] = byte
            let d = try ReadDiscInformation().parse(bytes)
            XCTAssertEqual(d.lastSessionState, state)
            XCTAssertEqual(d.discStatus, status)
            XCTAssertEqual(d.discStatus.jsonName, json)
        }
        bytes[7] = 0x01
        XCTAssertEqual(try ReadDiscInformation().parse(bytes).backgroundFormatStatus, .suspended)
        bytes[7] = 0x03
        XCTAssertEqual(try ReadDiscInformation().parse(bytes).backgroundFormatStatus, .completed)
    }

    func testMSF() {
        XCTAssertEqual(MSF(minute: 0, second: 2, frame: 0).lba, 0)
        XCTAssertEqual(MSF(minute: 0, second: 0, frame: 0).lba, -150)
        XCTAssertEqual(MSF(minute: 90, second: 0, frame: 0).lba, -45_150)
        XCTAssertEqual(MSF(minute: 99, second: 59, frame: 74).lba, -151)
        XCTAssertEqual(MSF(minute: 97, second: 26, frame: 66).lba, -11_634)
        XCTAssertEqual(MSF(packed: 0xFFFF_FFFF), MSF(packed: 0x00FF_FFFF))  // taken as it came, no trap
        XCTAssertEqual(MSF(packed: 0xFFFF_FFFF).lba, (255 * 60 + 255) * 75 + 255 - 450_150)
        XCTAssertEqual(MSF(minute: 7, second: 5, frame: 3).description, "07:05:03")
    }

    func testOPCTablesOnlyAsFarAsReceived() throws {
        // Two announced, one and a half received.
        let d = try ReadDiscInformation(allocationLength: 46).parse(Array(Self.appendableCDRW.prefix(46)))
        XCTAssertEqual(d.numberOfOPCTables, 2)
        XCTAssertEqual(d.opcTables.count, 1)
        // Entries received but none announced.
        var bytes = Self.appendableCDRW
        bytes[33] = 0
        XCTAssertEqual(try ReadDiscInformation().parse(bytes).opcTables, [])
        // Announced length cuts the second entry.
        bytes = Self.appendableCDRW
        bytes[1] = 0x28  // 42 bytes
        XCTAssertEqual(try ReadDiscInformation().parse(bytes).opcTables.count, 1)
    }

    func testAnnouncedLongerThanReceived() throws {
        var bytes = Self.blankDVDPlusR
        bytes[0] = 0xFF; bytes[1] = 0xFF
        let d = try ReadDiscInformation().parse(bytes)
        XCTAssertEqual(d.discInformationLength, 0xFFFF)
        XCTAssertEqual(d.lastPossibleLeadOutStart, 2_295_104)
    }

    func testShortAnswersThrow() {
        for n in 0..<34 {
            mmcaAssertParseError(try ReadDiscInformation().parse(Array(Self.blankDVDPlusR.prefix(n))), "\(n) bytes")
        }
        var announcedShort = Self.blankDVDPlusR
        announcedShort[1] = 0x0A  // 12 bytes announced, 34 received
        mmcaAssertParseError(try ReadDiscInformation().parse(announcedShort))
    }

    func testOtherDataTypeThrows() {
        var bytes = Self.blankDVDPlusR
        bytes[2] = 0x20  // data type 001b: track resources
        mmcaAssertParseError(try ReadDiscInformation().parse(bytes))
    }

    func testHostileInputsNeverTrap() {
        MMCAHostile.survive(ReadDiscInformation(), valid: Self.appendableCDRW, lengthField: .uint16(at: 0))
        for seed in MMCAHostile.garbageSeeds {
            var noise = MMCAHostile.garbage(seed: seed)
            noise[2] &= 0x1F  // data type 000b so the whole decoder runs
            guard let d = try? ReadDiscInformation().parse(noise) else { continue }
            XCTAssertLessThanOrEqual(d.opcTables.count, Int(d.numberOfOPCTables))
            _ = d.lastSessionLeadInStartMSF.lba
            _ = d.lastPossibleLeadOutStartMSF.lba
        }
    }
}
