import Foundation

/// The image as WRITE-sized chunks: image blocks, then zero padding up to the planned length. With a FIFO a
/// reader thread fills it ahead of the writer; with `--fifo-size 0` the writer reads the image itself.
final class ChunkSource: @unchecked Sendable {
    let source: BlockSource?
    let totalBlocks: UInt64
    let imageBlocks: UInt64
    let blocksPerChunk: Int
    let fifo: FIFO?
    private var nextBlock: UInt64 = 0
    private var reader: Thread?
    private var current: [UInt8] = []
    private var currentOffset = 0
    /// Blocks handed to the writer so far.
    private var produced: UInt64 = 0
    /// The FIFO is filled by someone else (the multi-drive reader), which sends image blocks only.
    private let shared: Bool
    /// Chunks the writer has sent, for the reader to read the next ones into (`recycle`), at most a FIFO's worth.
    private var spares: [[UInt8]] = []
    private let sparesLock = NSLock()
    private var sparesLimit = 0

    init(source: BlockSource, totalBlocks: UInt64, imageBlocks: UInt64, blocksPerChunk: Int, fifoBytes: Int) {
        self.source = source
        self.totalBlocks = totalBlocks
        self.imageBlocks = imageBlocks
        self.blocksPerChunk = max(1, blocksPerChunk)
        shared = false
        let chunkBytes = self.blocksPerChunk * 2048
        if fifoBytes > 0 {
            let capacity = max(fifoBytes, chunkBytes)
            fifo = FIFO(capacityBytes: capacity, startThresholdBytes: capacity)
            sparesLimit = capacity / chunkBytes + 1
        } else {
            fifo = nil
        }
    }

    /// A writer's side of a FIFO filled by a shared reader (several drives, one image reader): the image blocks
    /// come from the FIFO, this drive's own padding is added here.
    init(sharedFIFO: FIFO, totalBlocks: UInt64, imageBlocks: UInt64, blocksPerChunk: Int) {
        source = nil
        self.totalBlocks = totalBlocks
        self.imageBlocks = imageBlocks
        self.blocksPerChunk = max(1, blocksPerChunk)
        fifo = sharedFIFO
        shared = true
    }

    /// Starts the reader thread (FIFO mode).
    func start() {
        guard let fifo, !shared else { return }
        let thread = Thread { [self] in
            var block: UInt64 = 0
            do {
                // One WRITE's worth per entry, read straight into the array the WRITE sends: no copy on the way
                // (the FIFO wakes the reader only once a quarter of it is free, so hand-offs stay few), into the
                // memory of a chunk already sent where there is one.
                while block < totalBlocks {
                    var chunk = spare()
                    try read(block, blocks: blocksPerChunk, into: &chunk)
                    if chunk.isEmpty { break }  // a stream (burn - without --size) ended
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

    /// The writer hands back a chunk it has sent (and holds no more: `chunk` is emptied): the reader reads a later
    /// one into the same memory instead of allocating 32 KiB per WRITE, which at a virtual drive's speed cost
    /// tens of thousands of page faults per GiB (issue 15). Kept only for this ChunkSource's own reader.
    func recycle(_ chunk: inout [UInt8]) {
        let sent = chunk
        chunk = []
        guard fifo != nil, !shared else { return }
        sparesLock.withLock { if spares.count < sparesLimit { spares.append(sent) } }
    }

    private func spare() -> [UInt8] { sparesLock.withLock { spares.popLast() } ?? [] }

    /// The next chunk, or nil after the last.
    func next() throws -> [UInt8]? {
        guard let fifo else {
            guard nextBlock < totalBlocks else { return nil }
            var chunk = try read(nextBlock, blocks: blocksPerChunk)
            if chunk.isEmpty { return nil }  // a stream ended
            let asked = Int(min(UInt64(blocksPerChunk), totalBlocks - nextBlock)) * 2048
            if chunk.count < asked { chunk += repeatElement(0, count: asked - chunk.count) }  // whole packets
            nextBlock += UInt64(chunk.count / 2048)
            return chunk
        }
        // Whole chunks across FIFO entries: a shared reader's entries need not be multiples of this drive's
        // write size, and DVD/BD writes must be whole packets (5/21/02 otherwise), the last one padded.
        guard produced < totalBlocks else { return nil }
        let wanted = Int(min(UInt64(blocksPerChunk), totalBlocks - produced)) * 2048
        if currentOffset >= current.count, let whole = try takeWholeEntry(wanted) { return whole }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(wanted)
        while chunk.count < wanted {
            if currentOffset >= current.count {
                guard let entry = try fifo.pop() else {
                    if chunk.isEmpty, !shared { return nil }  // a stream ended before the planned length
                    // The reader is done: pad to this drive's planned length.
                    chunk.append(contentsOf: repeatElement(0, count: wanted - chunk.count))
                    break
                }
                current = entry
                currentOffset = 0
            }
            let end = min(current.count, currentOffset + wanted - chunk.count)
            chunk.append(contentsOf: current[currentOffset..<end])
            currentOffset = end
        }
        produced += UInt64(chunk.count / 2048)
        return chunk
    }

    /// The next FIFO entry when it is exactly one WRITE (this ChunkSource's own reader): handed on as it is.
    private func takeWholeEntry(_ wanted: Int) throws -> [UInt8]? {
        guard let fifo, let entry = try fifo.pop() else { return nil }
        guard entry.count == wanted else {
            current = entry
            currentOffset = 0
            return nil
        }
        current = []
        currentOffset = 0
        produced += UInt64(wanted / 2048)
        return entry
    }

    private func read(_ block: UInt64, blocks: Int) throws -> [UInt8] {
        var chunk: [UInt8] = []
        try read(block, blocks: blocks, into: &chunk)
        return chunk
    }

    private func read(_ block: UInt64, blocks: Int, into chunk: inout [UInt8]) throws {
        let count = Int(min(UInt64(blocks), totalBlocks - block))
        guard block < imageBlocks, let source else {
            chunk = [UInt8](repeating: 0, count: count * 2048)
            return
        }
        try source.read(first: block, count: count, into: &chunk)
    }
}
