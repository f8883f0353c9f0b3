import Foundation
import XCTest
@testable import Burning

/// Issue 15: the burn's reader reads into the memory of chunks the writer has sent, instead of allocating (and
/// page-faulting) 32 KiB per WRITE.
final class ChunkRecyclingTests: XCTestCase {
    private func file(bytes: Int) throws -> (path: String, content: [UInt8]) {
        let dir = try BurnFixture.temporaryDirectory()
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        var state: UInt32 = 7
        let content = (0..<bytes).map { _ -> UInt8 in
            state = state &* 1_103_515_245 &+ 12345
            return UInt8(truncatingIfNeeded: state >> 16)
        }
        let path = dir.appendingPathComponent("image.bin").path
        try Data(content).write(to: URL(fileURLWithPath: path))
        return (path, content)
    }

    /// A buffer of exactly the size asked for is filled in place: same memory, the file's bytes, zeros past its end.
    func testImageSourceReadsIntoTheBufferItIsGiven() throws {
        let (path, content) = try file(bytes: 3 * 2048 + 1024)
        let source = try ImageSource(path: path)
        var buffer = [UInt8](repeating: 0xEE, count: 2 * 2048)
        let before = buffer.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
        try source.read(first: 2, count: 2, into: &buffer)
        XCTAssertEqual(buffer.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }, before, "read in place")
        XCTAssertEqual(Array(buffer[0..<3072]), Array(content[4096...]))
        XCTAssertEqual(Array(buffer[3072...]), [UInt8](repeating: 0, count: 1024), "zeros past the end of the file")

        var wrongSize = [UInt8](repeating: 0xEE, count: 100)
        try source.read(first: 0, count: 1, into: &wrongSize)
        XCTAssertEqual(wrongSize, Array(content[0..<2048]), "another size: a new array")
    }

    /// Chunks handed back after each WRITE carry the next ones: what the writer gets is still the image, block
    /// for block, with the planned zero padding, however the memory was reused.
    func testRecycledChunksCarryTheImageUnchanged() throws {
        let (path, content) = try file(bytes: 100 * 2048 + 700)
        let source = try ImageSource(path: path)
        let chunks = ChunkSource(source: source, totalBlocks: 110, imageBlocks: source.blocks, blocksPerChunk: 16,
                                 fifoBytes: 4 * 16 * 2048)
        chunks.start()
        defer { chunks.stop() }
        var received: [UInt8] = []
        while var chunk = try chunks.next() {
            received += chunk
            chunks.recycle(&chunk)
            XCTAssertTrue(chunk.isEmpty, "the writer holds no reference to a recycled chunk")
        }
        XCTAssertEqual(received.count, 110 * 2048)
        XCTAssertEqual(Array(received[0..<content.count]), content)
        XCTAssertTrue(received[content.count...].allSatisfy { $0 == 0 }, "padding is zeros")
    }
}
