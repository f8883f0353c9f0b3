import Foundation
import SCSI
import XCTest
@testable import VirtualDrive

/// Raw-CDB helpers for the real-drive behaviour and medium state tests.
extension VirtualDrive {
    /// FORMAT UNIT (FmtData, format code 001b) with one descriptor: type, sub-type, type-dependent byte 3.
    func formatUnit(type: UInt8, subType: UInt8 = 0, blocks: Int = 0xFFFF_FFFF, parameterLow: UInt8 = 0) throws -> SCSIResult {
        let list: [UInt8] = [0, 0, 0, 8] + be32(blocks) + [type << 2 | subType, 0, 0, parameterLow]
        return try send(cdb(Op.formatUnit, [1: 0x11]), dataOut: list)
    }

    /// The flags byte (version/persistent/current) of feature `code`, nil when not listed.
    func featureFlags(_ code: Int) throws -> UInt8? {
        let d = try data(cdb(Op.getConfiguration, [1: 0x02, 2: UInt8(code >> 8), 3: UInt8(code & 0xFF), 8: 255]))
        return d.count >= 12 && d.u16(8) == code ? d[10] : nil
    }

    /// Descriptor type (bits 1-0 of byte 8) of READ FORMAT CAPACITIES' current/maximum descriptor.
    func currentCapacityDescriptorType() throws -> UInt8 {
        try data(cdb(Op.readFormatCapacities, [8: 252])).byte(8) & 0x03
    }

    /// The NWA field of READ TRACK INFORMATION for track `track` (FFh: the invisible track), as a signed number.
    func nextWritableAddress(track: Int = 0xFF) throws -> Int {
        Int(Int32(bitPattern: UInt32(truncatingIfNeeded: try readTrackInformation(track: track).u32(12))))
    }

    /// READ DISC INFORMATION byte 2: (disc status, state of last session).
    func discAndSessionStatus() throws -> (disc: UInt8, session: UInt8) {
        let b = try readDiscInformation().byte(2)
        return (b & 0x03, b >> 2 & 0x03)
    }

    func synchronizeCache(immediate: Bool) throws -> SCSIResult {
        try send(cdb(Op.synchronizeCache, [1: immediate ? 0x02 : 0]), allocation: 0)
    }

    func readBufferCapacity() throws -> SCSIResult { try send(cdb(Op.readBufferCapacity, [8: 12]), allocation: 12) }

    func write12(lba: Int, data: [UInt8], streaming: Bool) throws -> SCSIResult {
        var c = cdb(Op.write12, [10: streaming ? 0x80 : 0])
        c.replaceSubrange(2...5, with: be32(lba))
        c.replaceSubrange(6...9, with: be32(data.count / 2048))
        return try send(c, dataOut: data)
    }

    /// Byte 2 of page 05h (BUFE 40h, test write 10h, write type bits 3-0).
    func writeParametersByte2() throws -> UInt8 {
        try data(cdb(Op.modeSense10, [2: 0x05, 8: 255])).byte(8 + 2)
    }
}

/// Blocks of `blocks` × 2048 bytes, each byte from its offset and `seed`.
func blockPattern(_ blocks: Int, seed: UInt8) -> [UInt8] {
    (0..<blocks * 2048).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 / 2048 &+ Int(seed)) }
}

func XCTAssertSense(_ r: SCSIResult, _ expected: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(r.status, .checkCondition, "expected CHECK CONDITION \(expected): \(message)", file: file, line: line)
    XCTAssertEqual(senseTriple(r), expected, message, file: file, line: line)
}

func XCTAssertGood(_ r: SCSIResult, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(senseTriple(r), "GOOD", message, file: file, line: line)
}
