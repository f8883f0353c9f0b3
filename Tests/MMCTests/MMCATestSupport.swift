import XCTest
import SCSI
@testable import MMC

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny deterministic generator, so "random" hostile vectors are the same
/// on every run.
struct MMCASplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count + 8)
        while out.count < count {
            var v = next()
            for _ in 0..<8 {
                out.append(UInt8(truncatingIfNeeded: v))
                v >>= 8
            }
        }
        return Array(out.prefix(count))
    }
}

enum MMCAHostile {
    static let garbageSeeds: ClosedRange<UInt64> = 1...200
    static let garbageBytes = 64 * 1024

    /// 64 KiB of seeded garbage.
    static func garbage(seed: UInt64, count: Int = garbageBytes) -> [UInt8] {
        var g = MMCASplitMix64(seed: seed)
        return g.bytes(count)
    }

    /// Feeds `command.parse` every hostile shape derived from a `valid` answer: nothing, 1-3 bytes, every prefix of
    /// `valid`, `valid` with its length field claiming up to 64 KiB more, `valid` followed by garbage, and 200
    /// seeds of 64 KiB garbage (plain, and behind `valid`'s first bytes). Nothing may trap; the caller asserts
    /// what must throw.
    static func survive<C: MMCCommand>(_ command: C, valid: [UInt8], lengthField: LengthField?,
                                       file: StaticString = #filePath, line: UInt = #line) {
        for n in 0...min(3, valid.count) { _ = try? command.parse(Array(valid.prefix(n))) }
        for n in 0...valid.count { _ = try? command.parse(Array(valid.prefix(n))) }
        if let lengthField {
            for claim in [valid.count, valid.count + 1, valid.count + 8, 0xFF, 0xFFFF, Int(UInt32.max)] {
                _ = try? command.parse(lengthField.setting(claim, in: valid))
            }
        }
        for seed in garbageSeeds {
            let noise = garbage(seed: seed)
            _ = try? command.parse(noise)
            _ = try? command.parse(Array(noise.prefix(Int(seed) % 300)))
            _ = try? command.parse(Array(valid.prefix(8)) + noise.prefix(Int(seed) * 37 % 4096))
            _ = try? command.parse(valid + noise.prefix(Int(seed) % 64))
        }
    }

    /// Where an answer keeps its length field, to forge "announced more than received".
    enum LengthField {
        case uint8(at: Int)
        case uint16(at: Int)
        case uint32(at: Int)

        func setting(_ claim: Int, in bytes: [UInt8]) -> [UInt8] {
            var out = bytes
            func put(_ at: Int, _ width: Int, _ value: UInt64) {
                for i in 0..<width where at + i < out.count {
                    out[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(width - 1 - i)))
                }
            }
            let v = UInt64(max(0, claim))
            switch self {
            case .uint8(let at): put(at, 1, min(v, 0xFF))
            case .uint16(let at): put(at, 2, min(v, 0xFFFF))
            case .uint32(let at): put(at, 4, min(v, 0xFFFF_FFFF))
            }
            return out
        }
    }
}

/// Asserts that `body` throws an `MMCParseError`.
func mmcaAssertParseError<T>(_ body: @autoclosure () throws(MMCParseError) -> T, _ message: String = "",
                             file: StaticString = #filePath, line: UInt = #line) {
    do {
        let value = try body()
        XCTFail("expected MMCParseError, got \(value) \(message)", file: file, line: line)
    } catch {
        XCTAssertFalse(error.reason.isEmpty, file: file, line: line)
    }
}

/// Parses or fails the test with the error.
func mmcaParse<C: MMCCommand>(_ command: C, _ bytes: [UInt8], file: StaticString = #filePath,
                              line: UInt = #line) -> C.Response? {
    do {
        return try command.parse(bytes)
    } catch {
        XCTFail("unexpected \(error)", file: file, line: line)
        return nil
    }
}
