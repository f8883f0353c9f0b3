import Foundation

/// The image's bytes in order, raw or decompressed on the fly (no temporary file).
public final class ImageStream {
    public let path: String
    public let compression: ImageCompression
    private let file: FileHandle
    private let decompressor: Decompressor?
    private var input: UnsafeMutableRawBufferPointer
    private var inputStart = 0
    private var inputEnd = 0
    private var inputAtEnd = false
    private var streamEnded = false
    private static let inputBytes = 1 << 20

    public init(path: String) throws {
        self.path = path
        guard let file = FileHandle(forReadingAtPath: path) else { throw USBWriteError.imageUnreadable(path: path) }
        self.file = file
        let head = [UInt8](try file.read(upToCount: 8) ?? Data())
        try file.seek(toOffset: 0)
        compression = ImageCompression.detect(head)
        switch compression {
        case .none: decompressor = nil
        case .gzip: decompressor = try GzipDecompressor()
        case .xz: decompressor = try XzDecompressor()
        case .zstd: decompressor = try ZstdDecompressor()
        case .bzip2: decompressor = try Bzip2Decompressor()
        }
        input = .allocate(byteCount: decompressor == nil ? 0 : Self.inputBytes, alignment: 64)
    }

    deinit {
        input.deallocate()
        try? file.close()
    }

    /// Fills `output` as far as the image goes; returns the bytes read, 0 at the end.
    public func read(into output: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let decompressor else { return try readRaw(into: output) }
        var produced = 0
        while produced < output.count {
            if inputStart == inputEnd && !inputAtEnd { try refill() }
            let available = UnsafeRawBufferPointer(rebasing: input[inputStart..<inputEnd])
            if streamEnded {
                if available.isEmpty && inputAtEnd { break }
                if !available.isEmpty { try decompressor.reset() }
                streamEnded = false
            }
            let step = try decompressor.step(input: available,
                                             output: UnsafeMutableRawBufferPointer(rebasing: output[produced...]),
                                             finish: inputAtEnd)
            inputStart += step.consumed
            produced += step.produced
            if step.streamEnded { streamEnded = true }
            if step.consumed == 0 && step.produced == 0 && !step.streamEnded {
                if inputAtEnd { throw DecompressionError(format: compression, reason: "the file ends mid-stream") }
                try refill()
            }
        }
        return produced
    }

    /// Moves unconsumed input to the front and reads more of the file after it.
    private func refill() throws {
        let left = inputEnd - inputStart
        if left > 0, inputStart > 0 { input.baseAddress!.copyMemory(from: input.baseAddress! + inputStart, byteCount: left) }
        inputStart = 0
        inputEnd = left
        let count = try readFile(into: UnsafeMutableRawBufferPointer(rebasing: input[inputEnd...]))
        if count == 0 { inputAtEnd = true }
        inputEnd += count
    }

    private func readRaw(into output: UnsafeMutableRawBufferPointer) throws -> Int {
        var total = 0
        while total < output.count {
            let count = try readFile(into: UnsafeMutableRawBufferPointer(rebasing: output[total...]))
            if count == 0 { break }
            total += count
        }
        return total
    }

    private func readFile(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !buffer.isEmpty else { return 0 }
        while true {
            let count = Foundation.read(file.fileDescriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw USBWriteError.imageRead(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
