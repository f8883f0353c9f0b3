import Foundation
import SCSI
import XCTest
@testable import VirtualDrive

/// Garbage CDBs and parameter lists: the drive answers with sense (or a transport error for a data-out
/// buffer that does not match the CDB) and never traps.
final class HostileInputTests: XCTestCase {
    /// SplitMix64: deterministic, so a failure reproduces.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let opcodes: [UInt8] = [0x00, 0x03, 0x04, 0x12, 0x1B, 0x1E, 0x23, 0x25, 0x28, 0x2A, 0x35, 0x43, 0x46, 0x4A,
                                   0x51, 0x52, 0x53, 0x55, 0x5A, 0x5B, 0x5C, 0xA1, 0xA8, 0xAA, 0xAC, 0xAD, 0xB6, 0xBB,
                                   0xBF, 0x5D, 0xBE, 0x1A]

    func testRandomCommandsNeverTrap() throws {
        var random = Random(state: 0xD15C_B0A2)
        var drives = VirtualMediaKind.allCases.filter { !$0.isPressed }.map { VirtualDrive(media: $0) }
        var answered = 0, sense = 0, transport = 0
        for i in 0..<20_000 {
            if i % 2_000 == 0 { drives = VirtualMediaKind.allCases.filter { !$0.isPressed }.map { VirtualDrive(media: $0) } }
            let drive = drives[random.below(drives.count)]
            let opcode = Self.opcodes[random.below(Self.opcodes.count)]
            var bytes = cdb(opcode)
            for j in 1..<bytes.count where random.below(3) == 0 { bytes[j] = random.byte() }
            if random.below(2) == 0 { bytes[bytes.count - 1] = 0 }  // mostly valid CONTROL bytes
            if [0x28, 0xA8, 0x2A, 0xAA].contains(opcode) { bytes[bytes.count == 10 ? 7 : 8] = 0 }  // modest lengths
            let transfer: DataTransfer
            switch random.below(3) {
            case 0: transfer = .fromDevice(allocationLength: random.below(70_000))
            case 1: transfer = .toDevice((0..<random.below(600)).map { _ in random.byte() })
            default: transfer = .none
            }
            do {
                let r = try drive.execute(SCSIRequest(cdb: CDB(bytes), transfer: transfer))
                if r.status == .checkCondition {
                    sense += 1
                    XCTAssertNoThrow(try SenseData(bytes: r.sense))
                } else {
                    answered += 1
                    XCTAssertLessThanOrEqual(r.dataIn.count, transfer.expectedLength)
                }
            } catch is SCSIError {
                transport += 1
            }
        }
        XCTAssertGreaterThan(answered, 1_000)
        XCTAssertGreaterThan(sense, 1_000)
    }

    func testGarbageParameterLists() throws {
        var random = Random(state: 42)
        let garbage = (0..<65_536).map { _ in random.byte() }
        for kind in [VirtualMediaKind.cdR, .dvdPlusRW, .bdRE, .dvdPlusRDL] {
            let drive = VirtualDrive(media: kind)
            for start in stride(from: 0, to: 60_000, by: 997) {
                let chunk = Array(garbage[start..<start + 600])
                var select = cdb(Op.modeSelect10, [1: 0x10])
                select.replaceSubrange(7...8, with: be16(chunk.count))
                _ = try drive.send(select, dataOut: chunk)
                _ = try? drive.send(cdb(Op.formatUnit, [1: 0x11]), dataOut: Array(chunk.prefix(12)))
                var streaming = cdb(Op.setStreaming)
                streaming.replaceSubrange(9...10, with: be16(28))
                _ = try drive.send(streaming, dataOut: Array(chunk.prefix(28)))
                var structure = cdb(Op.sendDiscStructure, [7: 0x20])
                structure.replaceSubrange(8...9, with: be16(12))
                _ = try drive.send(structure, dataOut: Array(chunk.prefix(12)))
            }
            XCTAssertGood(try drive.send(cdb(Op.inquiry, [4: 36])))
        }
    }

    func testHugeReadIsBoundedByTheHostBuffer() throws {
        let drive = VirtualDrive(media: .dvdRAM)
        var c = cdb(Op.read12)
        c.replaceSubrange(6...9, with: be32(2_000_000))  // ~4 GB requested
        let r = try drive.send(c, allocation: 4096)
        XCTAssertGood(r)
        XCTAssertEqual(r.dataIn.count, 4096)
    }
}
