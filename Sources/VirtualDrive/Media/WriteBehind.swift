/// When a persisted disc's media.bin starts writing to the disk (issue 15): a burn sends its data in small WRITEs
/// that land in the page cache; left alone, the whole image would still be waiting for the disk at SYNCHRONIZE
/// CACHE, and its fsync would take as long as the disk needs for all of it. As a real recorder records from its
/// buffer while data keeps coming, the store starts the write-back of every `batchBytes` written in one sequential
/// run (sync_file_range SYNC_FILE_RANGE_WRITE: started, not waited for), so the fsync at SYNCHRONIZE CACHE or CLOSE
/// finds most of it on the disk. Durability is unchanged: only that fsync makes anything durable.
///
/// Only sequential runs are batched: a write that does not continue the run (random writes to overwritable media)
/// starts a new one, and what the old run had pending is left to the next fsync.
struct WriteBehind {
    /// 8 MiB: 128 calls per GiB, and the fsync at the end waits for at most this much plus the disk's queue.
    static let defaultBatchBytes = 8 << 20

    let batchBytes: Int
    /// The written bytes whose write-back has not been started: `pendingStart ..< pendingEnd` of the file.
    private(set) var pendingStart = 0
    private(set) var pendingEnd = 0

    init(batchBytes: Int = WriteBehind.defaultBatchBytes) {
        self.batchBytes = max(1, batchBytes)
    }

    /// Notes that bytes `offset ..< offset + count` were written; returns the range whose write-back is due now.
    mutating func wrote(offset: Int, count: Int) -> Range<Int>? {
        if offset != pendingEnd { pendingStart = offset }  // a jump: a new run
        pendingEnd = offset + count
        guard pendingEnd - pendingStart >= batchBytes else { return nil }
        defer { pendingStart = pendingEnd }
        return pendingStart..<pendingEnd
    }

    /// After fsync or truncation: nothing is pending.
    mutating func reset() {
        pendingStart = 0
        pendingEnd = 0
    }
}
