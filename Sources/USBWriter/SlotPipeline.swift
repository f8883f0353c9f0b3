import Foundation

/// The FIFO of the block-device paths: a ring of page-aligned buffers that travel through fixed stages in order
/// (stage 0 fills a slot, each later stage works on it in place, the last hands it back to stage 0), so an
/// O_DIRECT transfer reads into and writes from the same memory with no copy. Burning's `FIFO` carries Swift
/// arrays, which O_DIRECT cannot use without a copy into aligned memory.
///
/// One thread per stage. `cancel()` wakes every stage; `acquire` then returns nil.
final class SlotPipeline: @unchecked Sendable {
    struct Slot {
        let index: Int
        let buffer: UnsafeMutableRawBufferPointer
        /// Bytes in the slot; 0 marks the end of the stream, -1 a failure of stage 0 (see `failure`).
        let length: Int
    }

    private let buffers: [AlignedBuffer]
    private let lengths: UnsafeMutablePointer<Int>
    private let nextSlot: UnsafeMutablePointer<Int>
    /// ready[k]: slots waiting for stage k. Created at 0 and signalled up: libdispatch traps when a semaphore is
    /// freed below its initial value.
    private let ready: [DispatchSemaphore]
    private let lock = NSLock()
    private var cancelled = false
    private var filledCount = 0
    private var lowestFilled: Int?
    private(set) var failure: Error?

    init(stages: Int, slots: Int, slotBytes: Int) {
        precondition(stages >= 2 && slots >= 2, "a pipeline needs two stages and two slots")
        buffers = (0..<slots).map { _ in AlignedBuffer(count: slotBytes) }
        lengths = .allocate(capacity: slots)
        lengths.initialize(repeating: 0, count: slots)
        nextSlot = .allocate(capacity: stages)
        nextSlot.initialize(repeating: 0, count: stages)
        ready = (0..<stages).map { _ in DispatchSemaphore(value: 0) }
        for _ in 0..<slots { ready[0].signal() }
    }

    deinit {
        lengths.deallocate()
        nextSlot.deallocate()
    }

    var slotCount: Int { buffers.count }

    /// The next slot for `stage`, waiting for it; nil once cancelled.
    func acquire(stage: Int) -> Slot? {
        ready[stage].wait()
        if lock.withLock({ cancelled }) { return nil }
        let index = nextSlot[stage]
        nextSlot[stage] = (index + 1) % buffers.count
        if stage == 1 {
            lock.withLock {
                filledCount -= 1
                lowestFilled = min(lowestFilled ?? filledCount, filledCount)
            }
        }
        return Slot(index: index, buffer: buffers[index].bytes, length: lengths[index])
    }

    /// Hands the slot to the next stage; stage 0 says how many bytes it holds.
    func release(_ slot: Slot, stage: Int, length: Int? = nil) {
        if let length { lengths[slot.index] = length }
        if stage == 0 { lock.withLock { filledCount += 1 } }
        ready[(stage + 1) % ready.count].signal()
    }

    /// Stage 0 failed: the later stages see length -1 and `failure`.
    func fail(_ slot: Slot, error: Error) {
        lock.withLock { failure = error }
        release(slot, stage: 0, length: -1)
    }

    func cancel() {
        lock.withLock { cancelled = true }
        for semaphore in ready { for _ in 0..<buffers.count { semaphore.signal() } }
    }

    /// Filled slots waiting for stage 1 and the lowest count stage 1 ever found, as fractions of the ring.
    var fill: (fraction: Double, minimum: Double) {
        lock.withLock {
            (Double(max(0, filledCount)) / Double(buffers.count), Double(lowestFilled ?? buffers.count) / Double(buffers.count))
        }
    }
}

/// The last stage of a `SlotPipeline` during a write: the image's `SegmentedSHA256` over every slot in order, on its
/// own thread, until the end marker.
final class SlotHasher: @unchecked Sendable {
    private var digest: SegmentedDigest
    private let done = DispatchSemaphore(value: 0)

    init(_ pipeline: SlotPipeline, stage: Int, segmentBytes: Int) {
        digest = SegmentedDigest(segmentBytes: segmentBytes, totalBytes: 0, chainValues: [], sha256: "")
        let thread = Thread { [self] in
            var hash = SegmentedSHA256(segmentBytes: segmentBytes)
            while let slot = pipeline.acquire(stage: stage) {
                if slot.length > 0 {
                    hash.update(UnsafeRawBufferPointer(rebasing: slot.buffer[..<slot.length]))
                }
                pipeline.release(slot, stage: stage)
                if slot.length <= 0 { break }
            }
            digest = hash.finalize()
            done.signal()
        }
        thread.name = "discburn-sha256"
        thread.start()
    }

    /// Waits for the end marker (or a cancel); the digest of everything hashed.
    func finish() -> SegmentedDigest {
        done.wait()
        return digest
    }
}
