import Foundation

/// How an image file is compressed, told by its first bytes (the extension is only used in messages).
public enum ImageCompression: String, Sendable, Hashable, Codable {
    case none, gzip, xz, zstd, bzip2

    /// RFC 1952 §2.3.1 (1F 8B), the .xz format §2.1.1.1 (FD '7zXZ' 00), RFC 8878 §3.1.1 (28 B5 2F FD),
    /// bzip2's "BZh" + block size digit.
    public static func detect(_ head: [UInt8]) -> ImageCompression {
        if head.starts(with: [0x1F, 0x8B]) { return .gzip }
        if head.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        if head.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        if head.count >= 4, head.starts(with: [0x42, 0x5A, 0x68]), (0x31...0x39).contains(head[3]) { return .bzip2 }
        return .none
    }
}

/// One decompression library behind one shape: consume some input, produce some output.
protocol Decompressor: AnyObject {
    /// - Parameter finish: no input follows `input`.
    /// - Returns: bytes consumed and produced, and whether a compressed stream (member, frame) ended.
    func step(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer, finish: Bool) throws
        -> (consumed: Int, produced: Int, streamEnded: Bool)
    /// Ready for a concatenated next stream (gzip members, bzip2 streams).
    func reset() throws
}

/// A decompression failure: the image is damaged or is not what its header says.
public struct DecompressionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var format: ImageCompression
    public var reason: String
    public var description: String {
        "the \(format.rawValue) image cannot be decompressed (\(reason)); download it again"
    }
}
