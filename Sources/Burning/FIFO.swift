import Foundation

/// The software FIFO between the image reader and the writer: a bounded queue of chunks, counted in bytes.
///
/// The reader (producer) blocks while the FIFO is full; the writer (consumer) waits until the start threshold is
/// reached (or the producer finished) before the first chunk, then takes chunks as they come. Fill statistics
/// are what a burner reports: current fill, the lowest fill seen while writing, and how often the writer had to
/// wait on an empty FIFO (a software underrun). Threads, not tasks: the transports are synchronous.
public final class FIFO: @unchecked Sendable {
    public struct Statistics: Sendable, Hashable {
        public var capacityBytes: Int
        public var filledBytes: Int
        /// Lowest fill seen by the writer after the start threshold, as a fraction of capacity (1 before start).
        public var minimumFillFraction: Double
        /// Times the writer found the FIFO empty while the reader was still producing.
        public var emptyWaits: Int
        public var bytesIn: UInt64
        public var bytesOut: UInt64
        public var fillFraction: Double { capacityBytes == 0 ? 0 : Double(filledBytes) / Double(capacityBytes) }
    }

    public struct Cancelled: Error, Sendable, CustomStringConvertible {
        public var description: String { "the FIFO was cancelled" }
    }

    private let condition = NSCondition()
    private var chunks: [[UInt8]] = []
    private var head = 0
    private var filled = 0
    private let capacity: Int
    private let startThreshold: Int
    private var started = false
    private var finished = false
    private var producerError: Error?
    private var cancelled = false
    private var stats: Statistics
    /// Room a waiting producer waits for (nil: not waiting), and whether the consumer waits: each side wakes the
    /// other only when it can go on, so a full FIFO costs one reader wake-up per quarter of its capacity, not one
    /// per chunk taken (issue 15: CPU at 16× DVD).
    private var producerWaitsForBytes: Int?
    private var consumerWaits = false

    /// - Parameters:
    ///   - capacityBytes: most bytes held at once (a single chunk larger than this is still accepted when empty).
    ///   - startThresholdBytes: bytes buffered before the writer gets its first chunk.
    public init(capacityBytes: Int, startThresholdBytes: Int) {
        precondition(capacityBytes > 0, "FIFO capacity must be positive")
        capacity = capacityBytes
        startThreshold = min(max(0, startThresholdBytes), capacityBytes)
        stats = Statistics(capacityBytes: capacityBytes, filledBytes: 0, minimumFillFraction: 1, emptyWaits: 0,
                           bytesIn: 0, bytesOut: 0)
    }

    /// Adds a chunk, waiting while there is no room. A producer that has to wait goes on once a quarter of the
    /// capacity is free (or room for the chunk, if larger), so refills come in bursts. Throws `Cancelled` once the
    /// FIFO is cancelled.
    public func push(_ chunk: [UInt8]) throws {
        condition.lock()
        defer { condition.unlock() }
        if !cancelled && filled > 0 && filled + chunk.count > capacity {
            let wanted = max(chunk.count, capacity / 4)
            producerWaitsForBytes = wanted
            while !cancelled && filled > 0 && capacity - filled < wanted { condition.wait() }
            producerWaitsForBytes = nil
        }
        if cancelled { throw Cancelled() }
        chunks.append(chunk)
        filled += chunk.count
        stats.bytesIn += UInt64(chunk.count)
        if filled >= startThreshold { started = true }
        if consumerWaits, started { condition.broadcast() }  // the consumer waits for the threshold or for data
    }

    /// The producer is done; `error` (a read failure) is handed to the writer after the buffered chunks.
    public func finish(error: Error? = nil) {
        condition.lock()
        finished = true
        producerError = error
        started = true
        condition.broadcast()
        condition.unlock()
    }

    /// Stops both sides: waiting calls throw `Cancelled`.
    public func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk, waiting for one; nil at the end of the stream. Rethrows the producer's error at the end.
    public func pop() throws -> [UInt8]? {
        condition.lock()
        defer { condition.unlock() }
        consumerWaits = true
        while !cancelled && !started { condition.wait() }
        if head == chunks.count && !finished && !cancelled { stats.emptyWaits += 1 }
        while !cancelled && head == chunks.count && !finished { condition.wait() }
        consumerWaits = false
        if cancelled { throw Cancelled() }
        guard head < chunks.count else {
            if let producerError { throw producerError }
            return nil
        }
        let chunk = chunks[head]
        chunks[head] = []
        head += 1
        if head > 64 && head * 2 > chunks.count {
            chunks.removeFirst(head)
            head = 0
        }
        filled -= chunk.count
        stats.bytesOut += UInt64(chunk.count)
        if !finished { stats.minimumFillFraction = min(stats.minimumFillFraction, Double(filled) / Double(capacity)) }
        if let wanted = producerWaitsForBytes, filled == 0 || capacity - filled >= wanted { condition.broadcast() }
        return chunk
    }

    public var statistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        var s = stats
        s.filledBytes = filled
        return s
    }
}
