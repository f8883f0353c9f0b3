import MMC
import SCSI

/// Drive-buffer pacing from READ BUFFER CAPACITY (MMC-6 §6.20): before a WRITE, make sure the drive has room
/// for it, waiting (not hammering the drive) when it has not. Counts the drive buffer running dry mid-burn
/// (full → empty while data was still coming) as an underrun the engine detected.
struct BufferPacer {
    let session: DriveSession
    let speedKilobytesPerSecond: Int?
    var enabled = true
    /// Bytes the drive had free at the last reading, minus what was sent since.
    var knownRoom = 0
    var lastUsedBytes: Int?
    var underruns = 0

    init(session: DriveSession, speedKilobytesPerSecond: Int?) {
        self.session = session
        self.speedKilobytesPerSecond = speedKilobytesPerSecond
    }

    mutating func waitForRoom(bytes: Int, telemetry: inout Telemetry) throws {
        guard enabled else { return }
        if knownRoom >= bytes {
            knownRoom -= bytes
            return
        }
        var waits = 0
        while true {
            let capacity: BufferCapacity
            do {
                capacity = try readCapacity()
            } catch let error as SCSIError where error.sense?.key == .notReady && error.sense?.asc == 0x04 {
                return  // still busy after the long-write budget: this WRITE goes unpaced, pacing stays on
            } catch let error as SCSIError where error.sense?.key == .unitAttention && error.sense?.asc == 0x29 {
                throw error  // a reset mid-burn: the engine stops (issue 9 point 12)
            } catch {
                enabled = false  // the drive does not offer READ BUFFER CAPACITY: write unpaced
                return
            }
            guard let length = capacity.lengthBytes, let available = capacity.availableBytes, length > 0 else {
                enabled = false  // the drive does not report its buffer: write unpaced
                return
            }
            let used = Int(length) - Int(min(available, length))
            telemetry.driveBuffer(usedFraction: Double(used) / Double(length), lengthBytes: Int(length))
            if let last = lastUsedBytes, last > 0, used == 0, waits == 0 { underruns += 1 }
            lastUsedBytes = used
            if Int(available) >= bytes {
                knownRoom = Int(available) - bytes
                return
            }
            session.sleep(Self.pause(usedBytes: used, lengthBytes: Int(length), bytes: bytes,
                                     speedKilobytesPerSecond: speedKilobytesPerSecond, waits: waits))
            waits += 1
        }
    }

    /// READ BUFFER CAPACITY; 2/04/08 (long write in progress) is retried for as long as a WRITE's own timeout
    /// (libburn, MMC-NOTES "Waiting"), so a busy drive does not switch pacing off for the rest of the burn.
    private func readCapacity() throws -> BufferCapacity {
        let policy = RetryPolicy(maximumWait: DriveSession.longWriteBudget, maximumAttempts: 100_000, resetIsFatal: true)
        return try session.send(ReadBufferCapacity(), policy: policy)
    }

    /// How long to wait before asking again when the drive has no room for `bytes`. At a known speed: until the
    /// buffer is down to half full (or has room for `bytes`, if that is more), so the next WRITEs go out as one
    /// burst of half a buffer instead of one WRITE, one READ BUFFER CAPACITY and one wake-up per drained chunk;
    /// half a buffer stays in the drive, so even a drive writing twice as fast as asked does not run dry. Without
    /// a speed: 2 ms doubling per wait, up to 50 ms. Never under 2 ms.
    static func pause(usedBytes: Int, lengthBytes: Int, bytes: Int, speedKilobytesPerSecond: Int?,
                      waits: Int) -> Duration {
        guard let speed = speedKilobytesPerSecond, speed > 0 else {
            return .milliseconds(min(50, 2 << min(waits, 5)))
        }
        let drainBytes = max(usedBytes - lengthBytes / 2, bytes - (lengthBytes - usedBytes), 0)
        let microseconds = drainBytes * 1000 / speed  // kB/s = bytes per millisecond
        return .microseconds(max(2000, microseconds))
    }
}
