import XCTest
import SCSI
@testable import MMC

final class ReadCapacityTests: XCTestCase {
    /// A recorded DVD+R of 2,295,104 blocks (MMC-6 §6.19).
    static let fullDVD: [UInt8] = [
        0x00, 0x23, 0x05, 0x3F,  // 0-3: last logical block address 2,295,103
        0x00, 0x00, 0x08, 0x00,  // 4-7: block length 2048
    ]

    func testCDB() {
        XCTAssertEqual(ReadCapacity().cdb.bytes, [0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(ReadCapacity().transfer, .fromDevice(allocationLength: 8))
    }

    func testParsesRecordedDisc() throws {
        let c = try ReadCapacity().parse(Self.fullDVD)
        XCTAssertEqual(c.lastLogicalBlockAddress, 2_295_103)
        XCTAssertEqual(c.blockLengthBytes, 2048)
        XCTAssertEqual(c.blocks, 2_295_104)
        XCTAssertEqual(c.bytes, 2_295_104 * 2048)
    }

    func testBlankDiscReadsAsZeroBlocks() throws {
        let zero = try ReadCapacity().parse([0, 0, 0, 0, 0, 0, 0x08, 0])
        XCTAssertEqual(zero.lastLogicalBlockAddress, 0)
        XCTAssertEqual(zero.blocks, 0)
        XCTAssertEqual(zero.bytes, 0)
        let underflow = try ReadCapacity().parse([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0x08, 0])
        XCTAssertEqual(underflow.lastLogicalBlockAddress, 0xFFFF_FFFF)
        XCTAssertEqual(underflow.blocks, 0)
        XCTAssertEqual(try ReadCapacity().parse([0, 0, 0, 1, 0, 0, 0x08, 0]).blocks, 2)
    }

    func testLargestValuesDoNotOverflow() throws {
        let c = try ReadCapacity().parse([0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF])
        XCTAssertEqual(c.blocks, 0xFFFF_FFFF)
        XCTAssertEqual(c.bytes, 0xFFFF_FFFF * 0xFFFF_FFFF)
    }

    func testExtraBytesIgnored() throws {
        XCTAssertEqual(try ReadCapacity().parse(Self.fullDVD + [1, 2, 3]).blocks, 2_295_104)
    }

    func testShortAnswersThrow() {
        for n in 0..<8 {
            mmcaAssertParseError(try ReadCapacity().parse(Array(Self.fullDVD.prefix(n))), "\(n) bytes")
        }
    }

    func testHostileInputsNeverTrap() {
        MMCAHostile.survive(ReadCapacity(), valid: Self.fullDVD, lengthField: nil)
        for seed in MMCAHostile.garbageSeeds {
            guard let c = try? ReadCapacity().parse(MMCAHostile.garbage(seed: seed)) else {
                return XCTFail("8 or more bytes always decode")
            }
            _ = c.bytes
        }
    }
}
