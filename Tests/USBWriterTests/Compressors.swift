import CBzip2
import CLzma
import CZlib
import CZstd
import Foundation

/// Test-side compressors built on the same libraries (independent of the decoders under test: the encode paths).
enum Compressors {
    static func gzip(_ data: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(data.count))) + 64)
        var input = data
        let produced = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer -> Int in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = uInt(outBuffer.count)
                precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output[..<produced])
    }

    static func xz(_ data: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: data.count + data.count / 2 + 4096)
        var position = 0
        let status = data.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, nil, inBuffer.baseAddress, inBuffer.count,
                                        outBuffer.baseAddress, &position, outBuffer.count)
            }
        }
        precondition(status == LZMA_OK)
        return Array(output[..<position])
    }

    static func zstd(_ data: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(data.count))
        let size = data.withUnsafeBytes { inBuffer in
            output.withUnsafeMutableBytes { outBuffer in
                ZSTD_compress(outBuffer.baseAddress, outBuffer.count, inBuffer.baseAddress, inBuffer.count, 3)
            }
        }
        precondition(ZSTD_isError(size) == 0)
        return Array(output[..<size])
    }

    static func bzip2(_ data: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: data.count + data.count / 100 + 1024)
        var length = UInt32(output.count)
        var input = data
        let status = input.withUnsafeMutableBytes { inBuffer in
            output.withUnsafeMutableBytes { outBuffer in
                BZ2_bzBuffToBuffCompress(outBuffer.baseAddress?.assumingMemoryBound(to: CChar.self), &length,
                                         inBuffer.baseAddress?.assumingMemoryBound(to: CChar.self),
                                         UInt32(inBuffer.count), 1, 0, 0)
            }
        }
        precondition(status == BZ_OK)
        return Array(output[..<Int(length)])
    }
}

/// A patterned payload that compresses but is not trivially repetitive.
func patterned(_ count: Int, seed: UInt32 = 1) -> [UInt8] {
    var state = seed &* 2_654_435_761 | 1
    return (0..<count).map { index in
        state ^= state << 13
        state ^= state >> 17
        state ^= state << 5
        return index % 7 == 0 ? UInt8(truncatingIfNeeded: state) : UInt8(truncatingIfNeeded: index / 4096)
    }
}

func temporaryFile(_ name: String, _ bytes: [UInt8]) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("usbwriter-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(bytes).write(to: url)
    return url
}
