import Foundation
import SCSI
import XCTest
@testable import VirtualDrive

/// Raw-CDB helpers: tests build CDBs byte by byte (the drive must not share code with the MMC command structs).
enum Op {
    static let testUnitReady: UInt8 = 0x00, requestSense: UInt8 = 0x03, formatUnit: UInt8 = 0x04
    static let inquiry: UInt8 = 0x12, startStop: UInt8 = 0x1B, preventAllow: UInt8 = 0x1E
    static let readFormatCapacities: UInt8 = 0x23, readCapacity: UInt8 = 0x25, read10: UInt8 = 0x28
    static let write10: UInt8 = 0x2A, synchronizeCache: UInt8 = 0x35, readTOC: UInt8 = 0x43
    static let getConfiguration: UInt8 = 0x46, getEventStatus: UInt8 = 0x4A, readDiscInfo: UInt8 = 0x51
    static let readTrackInfo: UInt8 = 0x52, reserveTrack: UInt8 = 0x53, modeSelect10: UInt8 = 0x55
    static let modeSense10: UInt8 = 0x5A, closeTrackSession: UInt8 = 0x5B, readBufferCapacity: UInt8 = 0x5C
    static let blank: UInt8 = 0xA1, read12: UInt8 = 0xA8, write12: UInt8 = 0xAA, getPerformance: UInt8 = 0xAC
    static let readDiscStructure: UInt8 = 0xAD, setStreaming: UInt8 = 0xB6, setCDSpeed: UInt8 = 0xBB
    static let sendDiscStructure: UInt8 = 0xBF
}

/// A CDB of the opcode's group length with `fields` poked in (offset → byte).
func cdb(_ opcode: UInt8, _ fields: [Int: UInt8] = [:]) -> [UInt8] {
    let length: Int
    switch opcode >> 5 {
    case 0: length = 6
    case 1, 2: length = 10
    case 5: length = 12
    default: length = 16
    }
    var bytes = [UInt8](repeating: 0, count: length)
    bytes[0] = opcode
    for (offset, value) in fields { bytes[offset] = value }
    return bytes
}

func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

/// Big-endian field readers over a response (test-only; fails the test instead of trapping when short).
extension Array where Element == UInt8 {
    func u16(_ at: Int, file: StaticString = #filePath, line: UInt = #line) -> Int {
        guard at + 2 <= count else { XCTFail("response too short for u16 at \(at) (\(count) bytes)", file: file, line: line); return -1 }
        return Int(self[at]) << 8 | Int(self[at + 1])
    }
    func u32(_ at: Int, file: StaticString = #filePath, line: UInt = #line) -> Int {
        guard at + 4 <= count else { XCTFail("response too short for u32 at \(at) (\(count) bytes)", file: file, line: line); return -1 }
        return Int(self[at]) << 24 | Int(self[at + 1]) << 16 | Int(self[at + 2]) << 8 | Int(self[at + 3])
    }
    func byte(_ at: Int, file: StaticString = #filePath, line: UInt = #line) -> UInt8 {
        guard at < count else { XCTFail("response too short for byte \(at) (\(count) bytes)", file: file, line: line); return 0xEE }
        return self[at]
    }
}

extension VirtualDrive {
    /// Sends a data-in command with an allocation length the transport accepts.
    @discardableResult
    func send(_ cdbBytes: [UInt8], allocation: Int = 65_535) throws -> SCSIResult {
        try execute(SCSIRequest(cdb: CDB(cdbBytes), transfer: allocation > 0 ? .fromDevice(allocationLength: allocation) : .none))
    }

    /// Sends a data-out command.
    @discardableResult
    func send(_ cdbBytes: [UInt8], dataOut: [UInt8]) throws -> SCSIResult {
        try execute(SCSIRequest(cdb: CDB(cdbBytes), transfer: .toDevice(dataOut)))
    }

    /// Sends a data-in command and requires GOOD.
    func data(_ cdbBytes: [UInt8], allocation: Int = 65_535, file: StaticString = #filePath, line: UInt = #line) throws -> [UInt8] {
        let r = try send(cdbBytes, allocation: allocation)
        XCTAssertEqual(r.status, .good, "expected GOOD, got sense \(senseTriple(r))", file: file, line: line)
        return r.dataIn
    }

    // Common commands, laid out from MMC-6.
    func readDiscInformation() throws -> [UInt8] { try data(cdb(Op.readDiscInfo, [8: 34])) }
    func readTrackInformation(track: Int) throws -> [UInt8] {
        var c = cdb(Op.readTrackInfo, [1: 0x01, 8: 48])
        c.replaceSubrange(2...5, with: be32(track))
        return try data(c)
    }
    func readCapacityLBA() throws -> Int { try data(cdb(Op.readCapacity)).u32(0) }
    func currentProfile() throws -> Int { try data(cdb(Op.getConfiguration, [1: 0x01, 8: 8])).u16(6) }

    func write10(lba: Int, blocks: Int, fill: UInt8 = 0xA5) throws -> SCSIResult {
        var c = cdb(Op.write10)
        c.replaceSubrange(2...5, with: be32(lba))
        c.replaceSubrange(7...8, with: be16(blocks))
        return try send(c, dataOut: [UInt8](repeating: fill, count: blocks * 2048))
    }

    func write10(lba: Int, data: [UInt8]) throws -> SCSIResult {
        var c = cdb(Op.write10)
        c.replaceSubrange(2...5, with: be32(lba))
        c.replaceSubrange(7...8, with: be16(data.count / 2048))
        return try send(c, dataOut: data)
    }

    func read10(lba: Int, blocks: Int) throws -> SCSIResult {
        var c = cdb(Op.read10)
        c.replaceSubrange(2...5, with: be32(lba))
        c.replaceSubrange(7...8, with: be16(blocks))
        return try send(c, allocation: blocks * 2048)
    }

    func closeTrackSession(function: UInt8, track: Int = 0, immediate: Bool = false) throws -> SCSIResult {
        var c = cdb(Op.closeTrackSession, [1: immediate ? 1 : 0, 2: function])
        c.replaceSubrange(4...5, with: be16(track))
        return try send(c, allocation: 0)
    }

    func synchronizeCache() throws -> SCSIResult { try send(cdb(Op.synchronizeCache), allocation: 0) }

    /// Clears the unit attention a load leaves (none for a fresh drive) by sending TEST UNIT READY.
    func testUnitReady() throws -> SCSIResult { try send(cdb(Op.testUnitReady), allocation: 0) }
}

/// "K/AS/CQ" of a CHECK CONDITION result, "GOOD" otherwise.
func senseTriple(_ r: SCSIResult) -> String {
    guard r.status == .checkCondition else { return r.status == .good ? "GOOD" : "\(r.status)" }
    guard let s = try? SenseData(bytes: r.sense) else { return "undecodable" }
    return s.triple
}

func XCTAssertSense(_ r: SCSIResult, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(r.status, .checkCondition, "expected CHECK CONDITION \(expected)", file: file, line: line)
    XCTAssertEqual(senseTriple(r), expected, file: file, line: line)
}

func XCTAssertGood(_ r: SCSIResult, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(senseTriple(r), "GOOD", file: file, line: line)
}

/// A fresh temporary directory, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "vdrive-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}
