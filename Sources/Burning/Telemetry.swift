import Foundation
import MMC

/// Speed, ETA and buffer statistics over a burn.
struct Telemetry {
    let clock = ContinuousClock()
    let start: ContinuousClock.Instant
    let totalBytes: UInt64
    let profile: Profile
    var bytesWritten: UInt64 = 0
    /// (time, bytes written) over the last second, for the current speed: samples at least `sampleInterval`
    /// apart, the last one always the latest write, so the window holds about a hundred entries at any speed
    /// (one per WRITE made it 25,000 at the speed of a virtual drive, each removal moving all of them: issue 15).
    var window: [(ContinuousClock.Instant, UInt64)] = []
    static let sampleInterval = Duration.milliseconds(10)
    var driveBufferPercent: Double?
    var minimumDriveBufferPercent: Double?
    var fifoPercent: Double?
    var minimumFifoPercent: Double?
    var underruns = 0
    var lastEmit: ContinuousClock.Instant
    /// The writing phase: average speed and write time are measured over it alone (not preparing, closing or
    /// verifying).
    var writingStarted: ContinuousClock.Instant?
    var writingEnded: ContinuousClock.Instant?

    init(totalBytes: UInt64, profile: Profile) {
        start = clock.now
        lastEmit = start
        self.totalBytes = totalBytes
        self.profile = profile
    }

    var elapsedSeconds: Double { (clock.now - start).seconds }

    mutating func wrote(_ bytes: Int) {
        bytesWritten += UInt64(bytes)
        let now = clock.now
        if window.count >= 2, now - window[window.count - 2].0 < Self.sampleInterval {
            window[window.count - 1] = (now, bytesWritten)  // too close to the sample before: moves the last one
        } else {
            window.append((now, bytesWritten))
        }
        while let first = window.first, now - first.0 > .seconds(1), window.count > 2 { window.removeFirst() }
    }

    /// A drive-buffer reading. The minimum counts only once a whole buffer's worth has been sent: before that
    /// the buffer is still filling at the start of the track, which is no sign of starvation.
    mutating func driveBuffer(usedFraction: Double, lengthBytes: Int) {
        let percent = usedFraction * 100
        driveBufferPercent = percent
        if writingStarted != nil, writingEnded == nil, bytesWritten >= UInt64(max(0, lengthBytes)) {
            minimumDriveBufferPercent = min(minimumDriveBufferPercent ?? percent, percent)
        }
    }

    mutating func startWriting() { writingStarted = clock.now }
    mutating func endWriting() { if writingStarted != nil, writingEnded == nil { writingEnded = clock.now } }

    /// Seconds spent in the writing phase so far (nil before it started).
    var writeSeconds: Double? {
        guard let writingStarted else { return nil }
        return ((writingEnded ?? clock.now) - writingStarted).seconds
    }

    mutating func fifo(fraction: Double, minimum: Double) {
        fifoPercent = fraction * 100
        minimumFifoPercent = minimum * 100
    }

    /// Over the writing phase only.
    var averageKilobytesPerSecond: Double {
        guard let s = writeSeconds, s > 0 else { return 0 }
        return Double(bytesWritten) / s / 1000
    }

    var currentKilobytesPerSecond: Double {
        guard let first = window.first, let last = window.last, last.0 > first.0 else { return averageKilobytesPerSecond }
        return Double(last.1 - first.1) / (last.0 - first.0).seconds / 1000
    }

    /// True at most every 250 ms: how often progress events go out.
    mutating func due() -> Bool {
        let now = clock.now
        guard now - lastEmit >= .milliseconds(250) else { return false }
        lastEmit = now
        return true
    }

    func status(_ phase: BurnStatus.Phase, progress: Double? = nil) -> BurnStatus {
        let speed = currentKilobytesPerSecond
        let remaining = Double(totalBytes &- min(totalBytes, bytesWritten))
        return BurnStatus(phase: phase, bytesWritten: bytesWritten, totalBytes: totalBytes,
                          currentKilobytesPerSecond: speed, averageKilobytesPerSecond: averageKilobytesPerSecond,
                          etaSeconds: speed > 0 ? remaining / (speed * 1000) : nil, fifoPercent: fifoPercent,
                          driveBufferPercent: driveBufferPercent, minimumFifoPercent: minimumFifoPercent,
                          minimumDriveBufferPercent: minimumDriveBufferPercent, underruns: underruns,
                          operationProgress: progress, profile: profile)
    }

}

