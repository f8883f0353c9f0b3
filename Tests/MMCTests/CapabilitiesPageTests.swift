import XCTest
import MMC
import SCSI

final class CapabilitiesPageTests: XCTestCase {
    /// A DVD writer's page 2Ah: 2048 KiB buffer, 3 write speed descriptors.
    static let page2A: [UInt8] = [
        0x2A, 0x2A,              // page 2Ah, page length 42 (32 + 3 × 4 − 2)
        0x3F,                    // reads DVD-RAM, DVD-R, DVD-ROM, method 2, CD-RW, CD-R
        0x37,                    // writes DVD-RAM, DVD-R, test write, CD-RW, CD-R
        0xF1,                    // BUF, multi-session, mode 2 form 2, form 1, audio play
        0x03,                    // CD-DA accurate, CD-DA commands
        0x29,                    // loading mechanism 001b (tray), eject, lock
        0x00,
        0x1B, 0x90,              // maximum read speed 7056 kB/s (obsolete)
        0x01, 0x00,              // 256 volume levels
        0x08, 0x00,              // buffer size 2048 KiB
        0x1B, 0x90,              // current read speed (obsolete)
        0x00, 0x00,              // reserved, digital output format
        0x1B, 0x90,              // maximum write speed (obsolete)
        0x0D, 0xC8,              // current write speed 3528 (obsolete field)
        0x00, 0x01,              // copy management revision 1
        0x00, 0x00, 0x00,        // reserved
        0x00,                    // rotation control selected: CLV
        0x1B, 0x90,              // current write speed selected 7056 kB/s
        0x00, 0x03,              // 3 write speed descriptors
        0x00, 0x00, 0x1B, 0x90,  // CLV, 7056 kB/s
        0x00, 0x00, 0x0D, 0xC8,  // CLV, 3528 kB/s
        0x00, 0x01, 0x06, 0xE4,  // CAV, 1764 kB/s
    ]

    func testDecodesDVDWriterPage() throws {
        let caps = try CapabilitiesPage(try ModePage(bytes: Self.page2A))
        XCTAssertEqual(caps.pageLength, 42)
        XCTAssertTrue(caps.readCDR && caps.readCDRW && caps.method2 && caps.readDVDROM && caps.readDVDR
                      && caps.readDVDRAM)
        XCTAssertTrue(caps.writeCDR && caps.writeCDRW && caps.testWrite && caps.writeDVDR && caps.writeDVDRAM)
        XCTAssertTrue(caps.bufferUnderrunFree)
        XCTAssertTrue(caps.multiSession)
        XCTAssertTrue(caps.mode2Form1 && caps.mode2Form2 && caps.audioPlay)
        XCTAssertFalse(caps.composite || caps.digitalPort1 || caps.digitalPort2)
        XCTAssertTrue(caps.cdDACommandsSupported && caps.cdDAStreamIsAccurate)
        XCTAssertFalse(caps.c2PointersSupported || caps.readsISRC || caps.readsUPC || caps.readsBarCode)
        XCTAssertTrue(caps.eject)
        XCTAssertTrue(caps.lock)
        XCTAssertFalse(caps.lockState)
        XCTAssertFalse(caps.preventJumper)
        XCTAssertEqual(caps.loadingMechanismType, .tray)
        XCTAssertEqual(caps.maximumReadSpeedKilobytesPerSecond, 7056)
        XCTAssertEqual(caps.numberOfVolumeLevels, 256)
        XCTAssertEqual(caps.bufferSizeKilobytes, 2048)
        XCTAssertEqual(caps.maximumWriteSpeedKilobytesPerSecond, 7056)
        XCTAssertEqual(caps.currentWriteSpeedKilobytesPerSecond, 7056)
        XCTAssertEqual(caps.copyManagementRevision, 1)
        XCTAssertEqual(caps.rotationControl, .constantLinearVelocity)
        XCTAssertEqual(caps.announcedWriteSpeedDescriptorCount, 3)
        XCTAssertEqual(caps.writeSpeedDescriptors, [
            .init(rotationControl: .constantLinearVelocity, writeSpeedKilobytesPerSecond: 7056),
            .init(rotationControl: .constantLinearVelocity, writeSpeedKilobytesPerSecond: 3528),
            .init(rotationControl: .constantAngularVelocity, writeSpeedKilobytesPerSecond: 1764),
        ])
    }

    func testOnlyWholeDescriptorsAreKept() throws {
        // cut in the middle of the third descriptor (allocation length too small)
        let cut = try CapabilitiesPage(try ModePage(bytes: Array(Self.page2A.prefix(42))))
        XCTAssertEqual(cut.writeSpeedDescriptors.map(\.writeSpeedKilobytesPerSecond), [7056, 3528])
        // count says 5, only 3 present
        var more = Self.page2A
        more[31] = 5
        XCTAssertEqual(try CapabilitiesPage(try ModePage(bytes: more)).writeSpeedDescriptors.count, 3)
        // page length declares only 2 descriptors though 3 came
        var shorter = Self.page2A
        shorter[1] = 0x26
        XCTAssertEqual(try CapabilitiesPage(try ModePage(bytes: shorter)).writeSpeedDescriptors.count, 2)
        // count 0
        var none = Self.page2A
        none[31] = 0
        XCTAssertEqual(try CapabilitiesPage(try ModePage(bytes: none)).writeSpeedDescriptors, [])
    }

    func testLegacyShortPageUsesObsoleteWriteSpeed() throws {
        var legacy = Array(Self.page2A.prefix(22))  // MMC-2 era page: through bytes 20-21
        legacy[1] = 0x14
        let caps = try CapabilitiesPage(try ModePage(bytes: legacy))
        XCTAssertEqual(caps.currentWriteSpeedKilobytesPerSecond, 3528)
        XCTAssertEqual(caps.bufferSizeKilobytes, 2048)
        XCTAssertEqual(caps.copyManagementRevision, 0)
        XCTAssertEqual(caps.writeSpeedDescriptors, [])
        let tiny = try CapabilitiesPage(try ModePage(bytes: [0x2A, 0x00]))
        XCTAssertFalse(tiny.readCDR)
        XCTAssertEqual(tiny.bufferSizeKilobytes, 0)
    }

    func testFromModeSenseReply() throws {
        let reply: [UInt8] = [0x00, UInt8(6 + Self.page2A.count), 0, 0, 0, 0, 0, 0] + Self.page2A
        let list = try ModeSense10(page: .capabilities).parse(reply)
        let caps = try CapabilitiesPage(try XCTUnwrap(list.page(.capabilities)))
        XCTAssertEqual(caps.writeSpeedDescriptors.count, 3)
        XCTAssertThrowsError(try CapabilitiesPage(ModePage(code: .writeParameters, parameters: [])))
    }

    func testGarbagePagesNeverCrash() {
        MMCBTest.feedHostileInputs { bytes in
            var forced = bytes
            if !forced.isEmpty { forced[0] = 0x2A }
            if let page = try? ModePage(bytes: forced) { _ = try? CapabilitiesPage(page) }
        }
    }
}
