import Foundation

/// The image as WRITE-sized chunks: image blocks, then zero padding up to the planned length. With a FIFO a
/// reader thread fills it ahead of the writer; with `--fifo-size 0` the writer reads the image itself.
final class ChunkSource: @unchecked Sendable {
    let source: BlockSource
    let totalBlocks: UInt64
    let imageBlocks: UInt64
    let blocksPerChunk: Int
    let fifo: FIFO?
    /// The reader moves this many WRITEs' worth per FIFO entry: fewer thread hand-offs, larger reads.
    static let writesPerRead = 8
    private var nextBlock: UInt64 = 0
    private var reader: Thread?
    private var current: [UInt8] = []
    private var currentOffset = 0

    init(source: BlockSource, totalBlocks: UInt64, imageBlocks: UInt64, blocksPerChunk: Int, fifoBytes: Int) {
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
                    let chunk = try read(block, blocks: blocksPerChunk * Self.writesPerRead)
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
        guard let fifo else {
            guard nextBlock < totalBlocks else { return nil }
            let chunk = try read(nextBlock, blocks: blocksPerChunk)
            nextBlock += UInt64(chunk.count / 2048)
            return chunk
        }
        if currentOffset >= current.count {
            guard let entry = try fifo.pop() else { return nil }
            current = entry
            currentOffset = 0
        }
        let end = min(current.count, currentOffset + blocksPerChunk * 2048)
        defer { currentOffset = end }
        return Array(current[currentOffset..<end])
    }

    private func read(_ block: UInt64, blocks: Int) throws -> [UInt8] {
        let count = Int(min(UInt64(blocks), totalBlocks - block))
        guard block < imageBlocks else { return [UInt8](repeating: 0, count: count * 2048) }
        return try source.read(first: block, count: count)
    }
}
