@testable import USBWriter
import XCTest

final class ImageStreamTests: XCTestCase {
    func readAll(_ url: URL, pieceBytes: Int = 1 << 20) throws -> [UInt8] {
        let stream = try ImageStream(path: url.path)
        var out: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: pieceBytes, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try stream.read(into: buffer)
            if count == 0 { return out }
            out += buffer[..<count]
        }
    }

    let payload = patterned(3_000_000)

    func testEveryFormatDecompressesToTheSameBytes() throws {
        let cases: [(ImageCompression, ([UInt8]) -> [UInt8])] = [
            (.gzip, Compressors.gzip), (.xz, Compressors.xz), (.zstd, Compressors.zstd), (.bzip2, Compressors.bzip2),
        ]
        for (format, compress) in cases {
            let url = try temporaryFile("image.\(format.rawValue)", compress(payload))
            XCTAssertEqual(try ImageStream(path: url.path).compression, format)
            let out = try readAll(url, pieceBytes: 777_777)
            XCTAssertEqual(out.count, payload.count, "\(format)")
            XCTAssertTrue(out == payload, "\(format) bytes differ")
        }
    }

    func testConcatenatedStreamsAreReadInTurn() throws {
        let second = patterned(500_000, seed: 9)
        let cases: [(ImageCompression, ([UInt8]) -> [UInt8])] = [
            (.gzip, Compressors.gzip), (.xz, Compressors.xz), (.zstd, Compressors.zstd), (.bzip2, Compressors.bzip2),
        ]
        for (format, compress) in cases {
            let url = try temporaryFile("cat.\(format.rawValue)", compress(payload) + compress(second))
            let out = try readAll(url)
            XCTAssertTrue(out == payload + second, "\(format): \(out.count) bytes")
        }
    }

    func testTruncatedOrCorruptImagesThrow() throws {
        let cases: [(ImageCompression, ([UInt8]) -> [UInt8])] = [
            (.gzip, Compressors.gzip), (.xz, Compressors.xz), (.zstd, Compressors.zstd), (.bzip2, Compressors.bzip2),
        ]
        for (format, compress) in cases {
            let whole = compress(payload)
            let truncated = try temporaryFile("t.\(format.rawValue)", Array(whole[..<(whole.count / 2)]))
            XCTAssertThrowsError(try readAll(truncated), "\(format) truncated") {
                XCTAssertEqual(($0 as? DecompressionError)?.format, format)
            }
            var corrupt = whole
            for index in stride(from: 40, to: corrupt.count - 40, by: 97) { corrupt[index] ^= 0x5A }
            let damaged = try temporaryFile("c.\(format.rawValue)", corrupt)
            XCTAssertThrowsError(try readAll(damaged), "\(format) corrupt")
        }
    }

    func testRawImagePassesThrough() throws {
        let url = try temporaryFile("raw.iso", payload)
        XCTAssertEqual(try ImageStream(path: url.path).compression, ImageCompression.none)
        XCTAssertTrue(try readAll(url, pieceBytes: 65536) == payload)
    }

    func testDetectionNeedsTheWholeMagic() {
        XCTAssertEqual(ImageCompression.detect([0x42, 0x5A, 0x68, 0x39]), .bzip2)
        XCTAssertEqual(ImageCompression.detect([0x42, 0x5A, 0x68, 0x00]), ImageCompression.none)
        XCTAssertEqual(ImageCompression.detect([0xFD, 0x37, 0x7A]), ImageCompression.none)
        XCTAssertEqual(ImageCompression.detect([]), ImageCompression.none)
    }
}
