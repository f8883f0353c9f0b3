import XCTest
import SCSI
@testable import MMC

final class InquiryTests: XCTestCase {
    /// Standard INQUIRY data of an LG DVD writer (SPC-4 §6.6.2), 36 bytes.
    static let lgWriter: [UInt8] = [
        0x05,                    // 0: qualifier 000b, device type 05h (CD/DVD)
        0x80,                    // 1: RMB = 1 (removable)
        0x05,                    // 2: version 5 (SPC-3)
        0x12,                    // 3: HiSup (bit 4), response data format 2
        0x1F,                    // 4: additional length 31 (36 bytes in all)
        0x00, 0x00, 0x00,        // 5-7: flags
    ] + Array("HL-DT-ST".utf8)  // 8-15: vendor
      + Array("DVDRAM GH24NSD1 ".utf8)  // 16-31: product, space padded
      + Array("LG00".utf8)      // 32-35: revision

    func testCDBDefault() {
        XCTAssertEqual(Inquiry().cdb.bytes, [0x12, 0x00, 0x00, 0x00, 0x60, 0x00])
        XCTAssertEqual(Inquiry().transfer, .fromDevice(allocationLength: 96))
        XCTAssertEqual(Inquiry.name, "INQUIRY")
    }

    func testCDBAllocationLengthBigEndianInBytes3And4() {
        XCTAssertEqual(Inquiry(allocationLength: 0x1234).cdb.bytes, [0x12, 0x00, 0x00, 0x12, 0x34, 0x00])
        XCTAssertEqual(Inquiry(allocationLength: 0xFFFF).cdb.bytes, [0x12, 0x00, 0x00, 0xFF, 0xFF, 0x00])
    }

    func testParsesLGWriter() throws {
        let d = try Inquiry().parse(Self.lgWriter)
        XCTAssertEqual(d.peripheralQualifier, 0)
        XCTAssertEqual(d.peripheralDeviceType, .mmc)
        XCTAssertTrue(d.removable)
        XCTAssertEqual(d.version, 5)
        XCTAssertEqual(d.responseDataFormat, 2)
        XCTAssertEqual(d.additionalLength, 31)
        XCTAssertEqual(d.vendor, "HL-DT-ST")
        XCTAssertEqual(d.product, "DVDRAM GH24NSD1")
        XCTAssertEqual(d.revision, "LG00")
    }

    func testQualifierAndTypeBitsAreSeparated() throws {
        var bytes = Self.lgWriter
        bytes[0] = 0x7F  // qualifier 011b, type 1Fh: no logical unit
        bytes[1] = 0x00
        let d = try Inquiry().parse(bytes)
        XCTAssertEqual(d.peripheralQualifier, 3)
        XCTAssertEqual(d.peripheralDeviceType, .unknown)
        XCTAssertFalse(d.removable)
    }

    func testTrimsPaddingAndNULs() throws {
        var bytes = Self.lgWriter
        bytes.replaceSubrange(8..<16, with: Array("ASUS    ".utf8))
        bytes.replaceSubrange(16..<32, with: Array("DRW-24D5MT".utf8) + [0, 0, 0, 0, 0, 0])
        let d = try Inquiry().parse(bytes)
        XCTAssertEqual(d.vendor, "ASUS")
        XCTAssertEqual(d.product, "DRW-24D5MT")
    }

    func testShortAnswerReadsOnlyWhatArrived() throws {
        // Header only: strings empty.
        let header = try Inquiry().parse(Array(Self.lgWriter.prefix(5)))
        XCTAssertEqual(header.peripheralDeviceType, .mmc)
        XCTAssertEqual(header.vendor, "")
        XCTAssertEqual(header.product, "")
        XCTAssertEqual(header.revision, "")
        // Cut inside the vendor field: the part that arrived.
        let partial = try Inquiry().parse(Array(Self.lgWriter.prefix(12)))
        XCTAssertEqual(partial.vendor, "HL-D")
        XCTAssertEqual(partial.product, "")
        // Cut inside the product field.
        let partialProduct = try Inquiry().parse(Array(Self.lgWriter.prefix(22)))
        XCTAssertEqual(partialProduct.vendor, "HL-DT-ST")
        XCTAssertEqual(partialProduct.product, "DVDRAM")
        XCTAssertEqual(partialProduct.revision, "")
    }

    func testAdditionalLengthClampsTheStrings() throws {
        var bytes = Self.lgWriter
        bytes[4] = 4  // announces 9 bytes: only vendor byte 8 counts
        let d = try Inquiry().parse(bytes)
        XCTAssertEqual(d.additionalLength, 4)
        XCTAssertEqual(d.vendor, "H")
        XCTAssertEqual(d.product, "")
        XCTAssertEqual(d.revision, "")
    }

    func testAnnouncedLongerThanReceived() throws {
        var bytes = Self.lgWriter
        bytes[4] = 0xFF
        let d = try Inquiry().parse(bytes)
        XCTAssertEqual(d.additionalLength, 255)
        XCTAssertEqual(d.revision, "LG00")
    }

    func testFewerThanFiveBytesThrows() {
        for n in 0..<5 {
            mmcaAssertParseError(try Inquiry().parse(Array(Self.lgWriter.prefix(n))), "\(n) bytes")
        }
    }

    func testHostileInputsNeverTrap() {
        MMCAHostile.survive(Inquiry(), valid: Self.lgWriter, lengthField: .uint8(at: 4))
        for seed in MMCAHostile.garbageSeeds {
            // Any 5 or more bytes decode; strings stay within their field widths.
            guard let d = try? Inquiry().parse(MMCAHostile.garbage(seed: seed)) else {
                return XCTFail("64 KiB of garbage must decode as INQUIRY data")
            }
            XCTAssertLessThanOrEqual(d.vendor.utf8.count, 8)
            XCTAssertLessThanOrEqual(d.product.utf8.count, 16)
            XCTAssertLessThanOrEqual(d.revision.utf8.count, 4)
        }
    }

    func testPeripheralDeviceTypeIsOpenAndMasked() {
        XCTAssertEqual(PeripheralDeviceType(rawValue: 0xE5), .mmc)
        XCTAssertEqual(PeripheralDeviceType(rawValue: 0x12).rawValue, 0x12)
        XCTAssertEqual(PeripheralDeviceType.directAccess.rawValue, 0)
        XCTAssertEqual(PeripheralDeviceType.sequentialAccess.rawValue, 1)
        XCTAssertEqual(PeripheralDeviceType.opticalMemory.rawValue, 7)
        XCTAssertEqual(PeripheralDeviceType.enclosure.rawValue, 0x0D)
        XCTAssertEqual(PeripheralDeviceType.unknown.rawValue, 0x1F)
        XCTAssertEqual(PeripheralDeviceType.mmc.description, "CD/DVD")
    }
}
