import Crypto
@testable import USBWriter
import XCTest

/// The image's SHA-256 chain kept by the write, and the read-back's check of each segment on its own.
final class SegmentedSHA256Tests: XCTestCase {
    let segmentBytes = 4096

    func digest(_ bytes: [UInt8], pieces: Int) -> SegmentedDigest {
        var hash = SegmentedSHA256(segmentBytes: segmentBytes)
        bytes.withUnsafeBytes { all in
            var start = 0
            while start < all.count {  // uneven pieces, so updates straddle segment ends
                let end = min(all.count, start + pieces + start % 97)
                hash.update(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
        return hash.finalize()
    }

    func segment(_ bytes: [UInt8], _ index: Int) -> [UInt8] {
        Array(bytes[(index * segmentBytes)..<min(bytes.count, (index + 1) * segmentBytes)])
    }

    func testTheDigestIsSHA256AndEverySegmentChecksOnItsOwn() {
        for count in [0, 63, 64, 4095, 4096, 4097, 3 * 4096, 3 * 4096 + 100] {
            let bytes = patterned(count, seed: UInt32(count + 1))
            let digest = digest(bytes, pieces: 1000)
            XCTAssertEqual(digest.sha256, SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined(), "\(count)")
            XCTAssertEqual(digest.totalBytes, UInt64(count))
            XCTAssertEqual(digest.segmentCount, (count + 4095) / 4096)
            XCTAssertEqual(digest.chainValues.count, max(0, digest.segmentCount - 1))
            for index in (0..<digest.segmentCount).reversed() {  // any order: no segment needs another
                XCTAssertTrue(segment(bytes, index).withUnsafeBytes { digest.segmentMatches(index, $0) }, "\(count) \(index)")
            }
        }
    }

    func testOnlyTheSegmentThatDiffersFails() {
        let bytes = patterned(5 * 4096 + 10)
        let digest = digest(bytes, pieces: 4096)
        for changed in [0, 4096 * 2 + 17, 5 * 4096 + 9] {
            var other = bytes
            other[changed] ^= 1
            let failing = (0..<digest.segmentCount).filter { index in
                !segment(other, index).withUnsafeBytes { digest.segmentMatches(index, $0) }
            }
            XCTAssertEqual(failing, [changed / 4096])
        }
    }

    func testASegmentOfTheWrongLengthOrPlaceFails() {
        let bytes = patterned(2 * 4096 + 10)
        let digest = digest(bytes, pieces: 512)
        XCTAssertFalse(segment(bytes, 1).withUnsafeBytes { digest.segmentMatches(0, $0) })
        XCTAssertFalse(segment(bytes, 0).withUnsafeBytes { digest.segmentMatches(1, $0) })
        XCTAssertFalse(segment(bytes, 2).dropLast().withUnsafeBytes { digest.segmentMatches(2, $0) })
        XCTAssertFalse(segment(bytes, 2).withUnsafeBytes { digest.segmentMatches(3, $0) })
        XCTAssertFalse(segment(bytes, 0).withUnsafeBytes { digest.segmentMatches(-1, $0) })
    }
}
