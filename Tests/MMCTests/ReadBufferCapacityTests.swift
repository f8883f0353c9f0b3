import XCTest
import MMC
import SCSI

final class ReadBufferCapacityTests: XCTestCase {
    func testCDB() {
        XCTAssertEqual(ReadBufferCapacity().cdb.bytes, [
            0x5C,        // READ BUFFER CAPACITY
            0x00,        // Block = 0
            0, 0, 0, 0, 0,
            0x00, 0x0C,  // allocation length 12
            0x00,
        ])
        XCTAssertEqual(ReadBufferCapacity(block: true, allocationLength: 0x0102).cdb.bytes,
                       [0x5C, 0x01, 0, 0, 0, 0, 0, 0x01, 0x02, 0x00])
        XCTAssertEqual(ReadBufferCapacity().transfer, .fromDevice(allocationLength: 12))
    }

    /// 8 MiB buffer with 2 MiB free: 75 % full.
    static let eightMiB: [UInt8] = [
        0x00, 0x0A,              // data length 10
        0x00, 0x00,              // reserved
        0x00, 0x80, 0x00, 0x00,  // length of buffer 8 388 608
        0x00, 0x20, 0x00, 0x00,  // blank length 2 097 152
    ]

    func testBytes() throws {
        let cap = try ReadBufferCapacity().parse(Self.eightMiB)
        XCTAssertEqual(cap, .bytes(lengthBytes: 8_388_608, availableBytes: 2_097_152))
        XCTAssertEqual(cap.lengthBytes, 8_388_608)
        XCTAssertEqual(cap.availableBytes, 2_097_152)
        XCTAssertNil(cap.availableBlocks)
        XCTAssertEqual(cap.fillFraction, 0.75)
    }

    func testBlocks() throws {
        let bytes: [UInt8] = [0x00, 0x0A, 0x00, 0x01,  // data length, reserved, Block = 1
                              0x00, 0x00, 0x00, 0x00,  // reserved
                              0x00, 0x00, 0x03, 0xE8]  // 1000 blocks available
        let cap = try ReadBufferCapacity(block: true).parse(bytes)
        XCTAssertEqual(cap, .blocks(availableBlocks: 1000))
        XCTAssertNil(cap.fillFraction)
        XCTAssertNil(cap.lengthBytes)
        // blocks asked, but the drive answered in bytes (Block bit clear)
        XCTAssertEqual(try ReadBufferCapacity(block: true).parse(Self.eightMiB).availableBytes, 2_097_152)
    }

    func testOddValuesAndHostileInput() throws {
        var lying = Self.eightMiB
        lying[9] = 0xFF  // more free than the buffer holds
        XCTAssertEqual(try ReadBufferCapacity().parse(lying).fillFraction, 0)
        let zero = try ReadBufferCapacity().parse([0x00, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertNil(zero.fillFraction)
        var shortAnnounced = Self.eightMiB
        shortAnnounced[1] = 0x06
        var big = Self.eightMiB
        big[0] = 0xFF
        XCTAssertEqual(try ReadBufferCapacity().parse(big).lengthBytes, 8_388_608)
        MMCBTest.assertThrows(MMCBTest.tinyVectors + [Array(Self.eightMiB.prefix(11)), shortAnnounced]) {
            try ReadBufferCapacity().parse($0)
        }
    }

    func testGarbageNeverCrashes() {
        MMCBTest.feedHostileInputs { bytes in
            _ = (try? ReadBufferCapacity().parse(bytes))?.fillFraction
            _ = try? ReadBufferCapacity(block: true).parse(bytes)
        }
    }
}
