import Foundation

/// The image as WRITE-sized chunks: image blocks, then zero padding up to the planned length. With a FIFO a
/// reader thread fills it ahead of the writer; with `--fifo-size 0` the writer reads the image itself.
final class ChunkSource: @unchecked Sendable {
    let source: ImageSource
    let totalBlocks: UInt64
    let imageBlocks: UInt64
    let blocksPerChunk: Int
    let fifo: FIFO?
    private var nextBlock: UInt64 = 0
    private var reader: Thread?

    init(source: ImageSource, totalBlocks: UInt64, imageBlocks: UInt64, blocksPerChunk: Int, fifoBytes: Int) {
        self.source = source
        self.totalBlocks = totalBlocks
        self.imageBlocks = imageBlocks
        self.blocksPerChunk = max(1, blocksPerChunk)
        let chunkBytes = self.blocksPerChunk * 2048
        if fifoBytes > 0 {
            let capacity = max(fifoBytes, chunkBytes)
            fifo = FIFO(capacityBytes: capacity, startThresholdBytes: capacity)
        } else {
            fifo = nil
        }
    }

    /// Starts the reader thread (FIFO mode).
    func start() {
        guard let fifo else { return }
        let thread = Thread { [self] in
            var block: UInt64 = 0
            do {
                while block < totalBlocks {
                    let chunk = try read(block)
                    try fifo.push(chunk)
                    block += UInt64(chunk.count / 2048)
                }
                fifo.finish()
            } catch {
                fifo.finish(error: error)
            }
        }
        thread.name = "discburn-reader"
        thread.start()
        reader = thread
    }

    func stop() { fifo?.cancel() }

    /// The next chunk, or nil after the last.
    func next() throws -> [UInt8]? {
        if let fifo { return try fifo.pop() }
        guard nextBlock < totalBlocks else { return nil }
        let chunk = try read(nextBlock)
        nextBlock += UInt64(chunk.count / 2048)
        return chunk
    }

    private func read(_ block: UInt64) throws -> [UInt8] {
        let count = Int(min(UInt64(blocksPerChunk), totalBlocks - block))
        guard block < imageBlocks else { return [UInt8](repeating: 0, count: count * 2048) }
        return try source.read(first: block, count: count)
    }
}
