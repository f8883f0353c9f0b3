import XCTest
import SCSI
@testable import MMC

/// Bytes from hex written with optional spaces and `#` comments to the end of a line ("2A 00  # opcode");
/// traps on malformed test input.
func bytes(_ hex: String) -> [UInt8] {
    let uncommented = hex.split(separator: "\n", omittingEmptySubsequences: false)
        .map { line in line.prefix { $0 != "#" } }
        .joined()
    let compact = uncommented.filter { !$0.isWhitespace }
    guard let value = [UInt8](hexString: compact) else {
        preconditionFailure("bad hex in test vector: \(hex)")
    }
    return value
}

/// Asserts a command's CDB equals the hex vector, byte for byte.
func assertCDB<C: MMCCommand>(_ command: C, _ hex: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(command.cdb.bytes.hexString, bytes(hex).hexString, "CDB of \(C.name)", file: file, line: line)
}

/// The bytes a command sends to the device, or nil when it sends none.
func dataOut(_ transfer: DataTransfer) -> [UInt8]? {
    if case .toDevice(let data) = transfer { return data }
    return nil
}

/// The allocation length of a data-in command, or nil.
func allocationLength(_ transfer: DataTransfer) -> Int? {
    if case .fromDevice(let length) = transfer { return length }
    return nil
}

/// Deterministic pseudo-random bytes (SplitMix64) for garbage vectors.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `count` bytes of seeded garbage.
func garbage(count: Int, seed: UInt64) -> [UInt8] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}
