import CBzip2
import CLzma
import CZlib
import CZstd
import Foundation

/// zlib's inflate with automatic gzip header detection (windowBits 15 + 32, zlib manual).
final class GzipDecompressor: Decompressor {
    private var stream = z_stream()

    init() throws {
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DecompressionError(format: .gzip, reason: "zlib did not initialise")
        }
    }

    deinit { inflateEnd(&stream) }

    func step(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer, finish: Bool) throws
        -> (consumed: Int, produced: Int, streamEnded: Bool)
    {
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(output.count)
        let status = inflate(&stream, Z_NO_FLUSH)
        guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
            throw DecompressionError(format: .gzip, reason: stream.msg.map { String(cString: $0) } ?? "zlib error \(status)")
        }
        return (input.count - Int(stream.avail_in), output.count - Int(stream.avail_out), status == Z_STREAM_END)
    }

    func reset() throws { inflateReset(&stream) }
}

/// liblzma's .xz decoder, multi-threaded where the file has several blocks; concatenated streams decoded as one.
final class XzDecompressor: Decompressor {
    private var stream = lzma_stream()

    init() throws {
        var options = lzma_mt()
        options.threads = UInt32(max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)))
        options.memlimit_threading = 1 << 30
        options.memlimit_stop = UInt64.max
        options.flags = 0x08  // LZMA_CONCATENATED (a macro Swift cannot import)
        var status = lzma_stream_decoder_mt(&stream, &options)
        if status != LZMA_OK { status = lzma_stream_decoder(&stream, UInt64.max, 0x08) }
        guard status == LZMA_OK else { throw DecompressionError(format: .xz, reason: "liblzma did not initialise") }
    }

    deinit { lzma_end(&stream) }

    func step(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer, finish: Bool) throws
        -> (consumed: Int, produced: Int, streamEnded: Bool)
    {
        stream.next_in = input.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.avail_in = input.count
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.avail_out = output.count
        let status = lzma_code(&stream, finish ? LZMA_FINISH : LZMA_RUN)
        guard status == LZMA_OK || status == LZMA_STREAM_END || status == LZMA_BUF_ERROR && !finish else {
            throw DecompressionError(format: .xz, reason: "liblzma error \(status.rawValue)")
        }
        return (input.count - stream.avail_in, output.count - stream.avail_out, status == LZMA_STREAM_END)
    }

    func reset() throws {}
}

/// libzstd's streaming decoder (concatenated frames are decoded in turn by the same stream).
final class ZstdDecompressor: Decompressor {
    private let context: OpaquePointer

    init() throws {
        guard let context = ZSTD_createDStream() else {
            throw DecompressionError(format: .zstd, reason: "libzstd did not initialise")
        }
        self.context = context
        ZSTD_initDStream(context)
    }

    deinit { ZSTD_freeDStream(context) }

    func step(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer, finish: Bool) throws
        -> (consumed: Int, produced: Int, streamEnded: Bool)
    {
        var inBuffer = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        var outBuffer = ZSTD_outBuffer(dst: output.baseAddress, size: output.count, pos: 0)
        let hint = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
        if ZSTD_isError(hint) != 0 {
            throw DecompressionError(format: .zstd, reason: String(cString: ZSTD_getErrorName(hint)))
        }
        return (inBuffer.pos, outBuffer.pos, hint == 0)
    }

    func reset() throws {}
}

/// libbzip2's decompressor; a file of several concatenated streams (pbzip2) is decoded stream after stream.
final class Bzip2Decompressor: Decompressor {
    private var stream = bz_stream()

    init() throws {
        guard BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else {
            throw DecompressionError(format: .bzip2, reason: "libbz2 did not initialise")
        }
    }

    deinit { BZ2_bzDecompressEnd(&stream) }

    func step(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer, finish: Bool) throws
        -> (consumed: Int, produced: Int, streamEnded: Bool)
    {
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: CChar.self))
        stream.avail_in = UInt32(input.count)
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: CChar.self)
        stream.avail_out = UInt32(output.count)
        let status = BZ2_bzDecompress(&stream)
        guard status == BZ_OK || status == BZ_STREAM_END else {
            throw DecompressionError(format: .bzip2, reason: "libbz2 error \(status)")
        }
        return (input.count - Int(stream.avail_in), output.count - Int(stream.avail_out), status == BZ_STREAM_END)
    }

    func reset() throws {
        BZ2_bzDecompressEnd(&stream)
        stream = bz_stream()
        guard BZ2_bzDecompressInit(&stream, 0, 0) == BZ_OK else {
            throw DecompressionError(format: .bzip2, reason: "libbz2 did not initialise")
        }
    }
}
