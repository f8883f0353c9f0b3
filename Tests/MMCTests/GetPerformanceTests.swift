import XCTest
import MMC
import SCSI

final class GetPerformanceTests: XCTestCase {
    func testWriteSpeedsCDB() {
        let cmd = GetPerformance.writeSpeeds()
        XCTAssertEqual(cmd.cdb.bytes, [
            0xAC,                    // GET PERFORMANCE
            0x00,                    // data type: reserved for type 03h
            0x00, 0x00, 0x00, 0x00,  // starting LBA (unused)
            0x00, 0x00,
            0x00, 0x20,              // maximum number of descriptors 32
            0x03,                    // type 03h: write speed
            0x00,
        ])
        XCTAssertEqual(cmd.transfer, .fromDevice(allocationLength: 8 + 32 * 16))
    }

    func testPerformanceCDB() {
        let write = GetPerformance.performance(write: true)
        XCTAssertEqual(write.cdb.bytes, [0xAC, 0x14, 0, 0, 0, 0, 0, 0, 0x00, 0x08, 0x00, 0x00])
        let read = GetPerformance.performance(write: false, maximumDescriptors: 0x0102, startingLBA: 0x0A0B_0C0D)
        XCTAssertEqual(read.cdb.bytes, [0xAC, 0x10, 0x0A, 0x0B, 0x0C, 0x0D, 0, 0, 0x01, 0x02, 0x00, 0x00])
        XCTAssertEqual(read.transfer, .fromDevice(allocationLength: 8 + 0x0102 * 16))
    }

    /// A blank BD-R: 12×, 8×, 6×, 4× (1× = 4495.5 kB/s); end LBA 12 219 391.
    static let bdrSpeeds: [UInt8] = [
        0x00, 0x00, 0x00, 0x44,  // performance data length 68 = 4 + 4 × 16
        0x00, 0x00, 0x00, 0x00,  // Write 0, Except 0, reserved
        // WRC 00b, RDD 0, Exact 0, MRW 0 | reserved | end LBA | read 8× | write 12× (53 952)
        0x00, 0, 0, 0, 0x00, 0xBA, 0x73, 0xFF, 0x00, 0x00, 0x8C, 0x7C, 0x00, 0x00, 0xD2, 0xC0,
        // WRC 01b (CAV), RDD, Exact | … | write 8× (35 964)
        0x0E, 0, 0, 0, 0x00, 0xBA, 0x73, 0xFF, 0x00, 0x00, 0x8C, 0x7C, 0x00, 0x00, 0x8C, 0x7C,
        // MRW | … | write 6× (26 973)
        0x01, 0, 0, 0, 0x00, 0xBA, 0x73, 0xFF, 0x00, 0x00, 0x8C, 0x7C, 0x00, 0x00, 0x69, 0x5D,
        // … | write 4× (17 982)
        0x00, 0, 0, 0, 0x00, 0xBA, 0x73, 0xFF, 0x00, 0x00, 0x8C, 0x7C, 0x00, 0x00, 0x46, 0x3E,
    ]

    func testBDRWriteSpeeds() throws {
        let speeds = try GetPerformance.writeSpeeds().parse(Self.bdrSpeeds)
        XCTAssertEqual(speeds.map(\.writeSpeedKilobytesPerSecond), [53_952, 35_964, 26_973, 17_982])
        XCTAssertEqual(speeds.map(\.readSpeedKilobytesPerSecond), [35_964, 35_964, 35_964, 35_964])
        XCTAssertEqual(speeds.map(\.endLBA), [12_219_391, 12_219_391, 12_219_391, 12_219_391])
        XCTAssertEqual(speeds[0], WriteSpeedDescriptor(
            writeRotationControl: .constantLinearVelocity, restoreDefaults: false, exact: false, mrw: false,
            endLBA: 12_219_391, readSpeedKilobytesPerSecond: 35_964, writeSpeedKilobytesPerSecond: 53_952))
        XCTAssertEqual(speeds[1].writeRotationControl, .constantAngularVelocity)
        XCTAssertTrue(speeds[1].restoreDefaults)
        XCTAssertTrue(speeds[1].exact)
        XCTAssertFalse(speeds[1].mrw)
        XCTAssertTrue(speeds[2].mrw)
        XCTAssertFalse(speeds[2].exact)
    }

    func testPartialAndOverrunningDescriptors() throws {
        // trailing partial descriptor (received 8 bytes short): ignored
        XCTAssertEqual(try GetPerformance.writeSpeeds().parse(Array(Self.bdrSpeeds.dropLast(8))).count, 3)
        // announced length larger than received: only what came
        var big = Self.bdrSpeeds
        big[0] = 0x7F
        XCTAssertEqual(try GetPerformance.writeSpeeds().parse(big).count, 4)
        // announced length smaller than received: only what was announced
        var small = Self.bdrSpeeds
        small[3] = 0x24
        XCTAssertEqual(try GetPerformance.writeSpeeds().parse(small).count, 2)
        // header only
        XCTAssertEqual(try GetPerformance.writeSpeeds().parse(Array(Self.bdrSpeeds.prefix(8))), [])
        MMCBTest.assertThrows(MMCBTest.tinyVectors + [Array(Self.bdrSpeeds.prefix(7)), [0, 0, 0, 3, 0, 0, 0, 0]]) {
            try GetPerformance.writeSpeeds().parse($0)
        }
    }

    /// DVD-R write performance: 4× from LBA 0 rising to 8× at the end (CAV-ish zone).
    static let dvdWritePerformance: [UInt8] = [
        0x00, 0x00, 0x00, 0x14,  // length 20 = 4 + 16
        0x02, 0x00, 0x00, 0x00,  // Write = 1, Except = 0
        0x00, 0x00, 0x00, 0x00,  // start LBA 0
        0x00, 0x00, 0x15, 0xA4,  // start performance 5540 kB/s
        0x00, 0x23, 0x05, 0x3F,  // end LBA 2 295 103
        0x00, 0x00, 0x2B, 0x48,  // end performance 11 080 kB/s
    ]

    func testNominalPerformance() throws {
        let perf = try GetPerformance.performance(write: true).parse(Self.dvdWritePerformance)
        XCTAssertEqual(perf, [PerformanceDescriptor(startLBA: 0, startPerformanceKilobytesPerSecond: 5540,
                                                    endLBA: 2_295_103, endPerformanceKilobytesPerSecond: 11_080)])
        var exceptions = Self.dvdWritePerformance
        exceptions[4] = 0x03
        XCTAssertThrowsError(try GetPerformance.performance(write: true).parse(exceptions))
        MMCBTest.assertThrows(MMCBTest.tinyVectors) { try GetPerformance.performance(write: false).parse($0) }
    }

    func testGarbageNeverCrashes() {
        MMCBTest.feedHostileInputs { bytes in
            _ = try? GetPerformance.writeSpeeds().parse(bytes)
            _ = try? GetPerformance.performance(write: false).parse(bytes)
        }
    }
}
