import XCTest
import SCSI
@testable import MMC

final class ReadFormatCapacitiesTests: XCTestCase {
    /// A blank DVD+RW (MMC-6 §6.24): current descriptor unformatted, one format type 26h offered. 20 bytes.
    static let blankDVDPlusRW: [UInt8] = [
        0x00, 0x00, 0x00,        // 0-2: reserved
        0x10,                    // 3: capacity list length 16 (two descriptors)
        0x00, 0x23, 0x05, 0x40,  // 4-7: current: 2,295,104 blocks
        0x01,                    // 8: descriptor type 01b unformatted
        0x00, 0x08, 0x00,        // 9-11: block length 2048
        0x00, 0x23, 0x05, 0x40,  // 12-15: formattable: 2,295,104 blocks
        0x98,                    // 16: format type 26h (DVD+RW basic) in bits 7-2
        0x00, 0x00, 0x00,        // 17-19: type dependent parameter 0
    ]

    /// A formatted BD-RE offering 30h with spares, 30h another size, and 31h without spares. 36 bytes.
    static let formattedBDRE: [UInt8] = [
        0x00, 0x00, 0x00, 0x20,                          // header: list length 32
        0x00, 0xB9, 0x3E, 0x00, 0x02, 0x00, 0x08, 0x00,  // current: 12,140,032 blocks, formatted, 2048
        0x00, 0xB9, 0x3E, 0x00, 0xC0, 0x00, 0x30, 0x00,  // 30h: 12,140,032 blocks, parameter 3000h
        0x00, 0xB5, 0x00, 0x00, 0xC1, 0x01, 0x02, 0x03,  // 30h (low bits of byte 4 ignored), parameter 010203h
        0x00, 0xBA, 0x2E, 0x00, 0xC4, 0x00, 0x00, 0x00,  // 31h: 12,201,472 blocks
    ]

    func testCDB() {
        XCTAssertEqual(ReadFormatCapacities().cdb.bytes, [0x23, 0, 0, 0, 0, 0, 0, 0x00, 0xFC, 0])
        XCTAssertEqual(ReadFormatCapacities(allocationLength: 0x0A0B).cdb.bytes,
                       [0x23, 0, 0, 0, 0, 0, 0, 0x0A, 0x0B, 0])
        XCTAssertEqual(ReadFormatCapacities().transfer, .fromDevice(allocationLength: 252))
    }

    func testBlankDVDPlusRW() throws {
        let f = try ReadFormatCapacities().parse(Self.blankDVDPlusRW)
        XCTAssertEqual(f.capacityListLength, 16)
        XCTAssertEqual(f.current, CurrentCapacityDescriptor(blocks: 2_295_104, descriptorType: .unformatted,
                                                            blockLengthBytes: 2048))
        XCTAssertEqual(f.formattable, [FormattableCapacityDescriptor(blocks: 2_295_104, formatType: .dvdPlusRWBasic,
                                                                     typeDependentParameter: 0)])
        XCTAssertEqual(f.descriptor(for: .dvdPlusRWBasic)?.blocks, 2_295_104)
        XCTAssertNil(f.descriptor(for: .fullFormat))
    }

    func testFormattedBDRE() throws {
        let f = try ReadFormatCapacities().parse(Self.formattedBDRE)
        XCTAssertEqual(f.current.blocks, 12_140_032)
        XCTAssertEqual(f.current.descriptorType, .formatted)
        XCTAssertEqual(f.current.blockLengthBytes, 2048)
        XCTAssertEqual(f.formattable.map(\.formatType), [.bdREWithSpares, .bdREWithSpares, .bdREWithoutSpares])
        XCTAssertEqual(f.formattable.map(\.blocks), [12_140_032, 0xB5_0000, 12_201_472])
        XCTAssertEqual(f.formattable.map(\.typeDependentParameter), [0x3000, 0x01_0203, 0])
        XCTAssertEqual(f.descriptor(for: .bdREWithSpares)?.typeDependentParameter, 0x3000)
    }

    func testDescriptorTypes() throws {
        var bytes = Self.blankDVDPlusRW
        let expected: [CapacityDescriptorType] = [.reserved, .unformatted, .formatted, .noMedia]
        for (bits, type) in expected.enumerated() {
            bytes[8] = 0xFC | UInt8(bits)  // reserved high bits set: ignored
            XCTAssertEqual(try ReadFormatCapacities().parse(bytes).current.descriptorType, type)
        }
    }

    func testFormatTypeIsOpenAndSixBits() {
        XCTAssertEqual(FormatType(rawValue: 0xE6), .dvdPlusRWBasic)
        XCTAssertEqual(FormatType(rawValue: 0x3F).rawValue, 0x3F)
        let all: [(FormatType, UInt8)] = [
            (.fullFormat, 0x00), (.spareAreaExpansion, 0x01), (.zoneReformat, 0x04), (.zoneFormat, 0x05),
            (.cdrwDVDRWFullFormat, 0x10), (.cdrwDVDRWGrowSession, 0x11), (.cdrwDVDRWAddSession, 0x12),
            (.dvdRWQuickGrowLastSession, 0x13), (.dvdRWQuickAddSession, 0x14), (.dvdRWQuickFormat, 0x15),
            (.mrwFull, 0x24), (.dvdPlusRWBasic, 0x26), (.bdREWithSpares, 0x30), (.bdREWithoutSpares, 0x31),
            (.bdRWithSpares, 0x32),
        ]
        for (type, raw) in all { XCTAssertEqual(type.rawValue, raw) }
        XCTAssertEqual(FormatType.dvdPlusRWBasic.description, "format type 26h")
    }

    func testListLengthNotMultipleOfEightKeepsWholeDescriptors() throws {
        var bytes = Self.formattedBDRE
        bytes[3] = 0x1D  // 29: three whole descriptors and 5 stray bytes
        let f = try ReadFormatCapacities().parse(bytes)
        XCTAssertEqual(f.capacityListLength, 29)
        XCTAssertEqual(f.formattable.count, 2)
    }

    func testAnnouncedLongerThanReceivedKeepsWholeDescriptors() throws {
        var bytes = Array(Self.formattedBDRE.prefix(30))  // third formattable descriptor cut
        bytes[3] = 0xF8
        let f = try ReadFormatCapacities().parse(bytes)
        XCTAssertEqual(f.formattable.count, 2)
        XCTAssertEqual(f.formattable.last?.typeDependentParameter, 0x01_0203)
    }

    func testAnnouncedShorterIgnoresTheRest() throws {
        var bytes = Self.formattedBDRE
        bytes[3] = 8  // current descriptor only
        let f = try ReadFormatCapacities().parse(bytes)
        XCTAssertEqual(f.current.blocks, 12_140_032)
        XCTAssertEqual(f.formattable, [])
    }

    func testMissingCurrentDescriptorThrows() {
        for n in 0..<12 {
            mmcaAssertParseError(try ReadFormatCapacities().parse(Array(Self.blankDVDPlusRW.prefix(n))), "\(n) bytes")
        }
        var bytes = Self.blankDVDPlusRW
        bytes[3] = 7  // list too short for the current descriptor
        mmcaAssertParseError(try ReadFormatCapacities().parse(bytes))
        bytes[3] = 0
        mmcaAssertParseError(try ReadFormatCapacities().parse(bytes))
    }

    func testHostileInputsNeverTrap() {
        MMCAHostile.survive(ReadFormatCapacities(), valid: Self.formattedBDRE, lengthField: .uint8(at: 3))
        for seed in MMCAHostile.garbageSeeds {
            guard let f = try? ReadFormatCapacities().parse(MMCAHostile.garbage(seed: seed)) else { continue }
            XCTAssertLessThanOrEqual(f.formattable.count, 30)  // at most (255 / 8) - 1
        }
    }
}
