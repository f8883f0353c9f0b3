import XCTest
import MMC
import SCSI

/// SplitMix64: a tiny deterministic generator for reproducible garbage (Steele, Lea, Flood 2014).
struct MMCBSplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Shared hostile inputs for the parsers of this branch's commands.
enum MMCBTest {
    /// Number of garbage seeds each parser is fed.
    static let seedCount = 200
    /// Size of each garbage buffer.
    static let garbageBytes = 64 * 1024

    /// `seedCount` deterministic 64 KiB buffers, generated once for the whole test run.
    static let garbage: [[UInt8]] = (0..<seedCount).map { bytes(seed: UInt64($0), count: garbageBytes) }

    static func bytes(seed: UInt64, count: Int) -> [UInt8] {
        var g = MMCBSplitMix64(seed: seed)
        var out = [UInt8]()
        out.reserveCapacity(count + 8)
        while out.count < count {
            let v = g.next()
            for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
        }
        return Array(out.prefix(count))
    }

    /// Zero to three bytes, zeros and all-ones.
    static let tinyVectors: [[UInt8]] = [[], [0x00], [0xFF], [0x00, 0x00], [0xFF, 0xFF], [0x00, 0x00, 0x00],
                                         [0xFF, 0xFF, 0xFF]]

    /// Feeds every tiny vector, every garbage buffer and a short prefix of each (to vary where the data ends)
    /// to `body`. A trap fails the whole run, so returning at all is the assertion; `body` may also assert.
    static func feedHostileInputs(file: StaticString = #filePath, line: UInt = #line, _ body: ([UInt8]) -> Void) {
        var fed = 0
        for v in tinyVectors {
            body(v)
            fed += 1
        }
        for (i, g) in garbage.enumerated() {
            XCTAssertEqual(g.count, garbageBytes, file: file, line: line)
            body(g)
            body(Array(g.prefix(4 + i % 61)))
            fed += 2
        }
        XCTAssertEqual(fed, tinyVectors.count + 2 * seedCount, file: file, line: line)
    }

    /// Asserts that `parse` throws for each of the given vectors.
    static func assertThrows<R>(_ vectors: [[UInt8]], file: StaticString = #filePath, line: UInt = #line,
                                _ parse: ([UInt8]) throws -> R) {
        for v in vectors {
            XCTAssertThrowsError(try parse(v), "expected a throw for \(v.hexString)", file: file, line: line)
        }
    }
}
