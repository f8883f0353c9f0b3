import XCTest
@testable import SCSI

final class ByteReaderTests: XCTestCase {
    func testBigEndianReadsAtExactOffsets() throws {
        let r = ByteReader([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09])
        XCTAssertEqual(try r.uint8(at: 0), 0x01)
        XCTAssertEqual(try r.uint16(at: 1), 0x0203)
        XCTAssertEqual(try r.uint24(at: 2), 0x03_0405)
        XCTAssertEqual(try r.uint32(at: 5), 0x0607_0809)
        XCTAssertEqual(try r.uint64(at: 1), 0x0203_0405_0607_0809)
        XCTAssertEqual(try r.slice(at: 7, length: 2), [0x08, 0x09])
    }

    func testBitsAndFlags() throws {
        let r = ByteReader([0b1010_0110])
        XCTAssertTrue(try r.bit(at: 0, 1))
        XCTAssertFalse(try r.bit(at: 0, 0))
        XCTAssertTrue(try r.bit(at: 0, 7))
        XCTAssertEqual(try r.bits(at: 0, lowBit: 1, width: 3), 0b011)
        XCTAssertEqual(try r.bits(at: 0, lowBit: 4, width: 4), 0b1010)
    }

    func testOutOfBoundsThrowsInsteadOfTrapping() {
        let r = ByteReader([0xAA, 0xBB])
        XCTAssertThrowsError(try r.uint8(at: 2))
        XCTAssertThrowsError(try r.uint16(at: 1))
        XCTAssertThrowsError(try r.uint32(at: 0))
        XCTAssertThrowsError(try r.uint8(at: -1))
        XCTAssertThrowsError(try r.slice(at: 1, length: Int.max))
        XCTAssertThrowsError(try r.slice(at: Int.max, length: 1))
        XCTAssertThrowsError(try ByteReader([UInt8]()).uint8(at: 0)) { error in
            XCTAssertEqual(error as? ByteReader.OutOfBounds, ByteReader.OutOfBounds(offset: 0, length: 1, available: 0))
        }
    }

    func testCursorDoesNotMoveOnFailedRead() throws {
        var r = ByteReader([0x12, 0x34, 0x56])
        XCTAssertEqual(try r.readUInt16(), 0x1234)
        XCTAssertThrowsError(try r.readUInt16())
        XCTAssertEqual(r.offset, 2)
        XCTAssertEqual(try r.readUInt8(), 0x56)
        XCTAssertTrue(r.isAtEnd)
    }

    func testClampedUsesMinOfAnnouncedAndReceived() throws {
        let r = ByteReader([0, 1, 2, 3, 4])
        XCTAssertEqual(r.clamped(at: 2, length: 100).bytes, [2, 3, 4])
        XCTAssertEqual(r.clamped(at: 9, length: 4).bytes, [])
        XCTAssertEqual(r.clamped(at: 1, length: -3).bytes, [])
    }

    func testASCIITrimsPaddingAndMasksControlBytes() throws {
        let r = ByteReader(Array("  HL-DT-ST  ".utf8) + [0x00, 0x07, 0x41])
        XCTAssertEqual(try r.ascii(at: 0, length: 12), "HL-DT-ST")
        XCTAssertEqual(try r.ascii(at: 12, length: 3), ".A")
    }

    func testHexRoundTrip() {
        let bytes: [UInt8] = [0x00, 0x5a, 0xff, 0x10]
        XCTAssertEqual(bytes.hexString, "005aff10")
        XCTAssertEqual([UInt8](hexString: "005AFF10"), bytes)
        XCTAssertNil([UInt8](hexString: "abc"))
        XCTAssertNil([UInt8](hexString: "zz"))
    }

    func testByteWriterBigEndian() {
        var w = ByteWriter(count: 12)
        w.setUInt16(0, 0x1234)
        w.setUInt24(2, 0xABCDEF)
        w.setUInt32(5, 0x0102_0304)
        w.setBits(9, mask: 0x80, true)
        w.setBits(9, mask: 0x01, true)
        w.setBits(9, mask: 0x01, false)
        XCTAssertEqual(w.bytes, [0x12, 0x34, 0xAB, 0xCD, 0xEF, 0x01, 0x02, 0x03, 0x04, 0x80, 0, 0])
    }

    func testCDBLength() {
        let cdb = CDB(opcode: 0x51, length: 10)
        XCTAssertEqual(cdb.opcode, 0x51)
        XCTAssertEqual(cdb.count, 10)
        XCTAssertEqual(cdb.description, "51000000000000000000")
    }
}
