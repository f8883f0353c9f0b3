import Foundation
import SCSI

/// The time source of a `VirtualDrive`'s buffer model: how far the drive has recorded, how long a WRITE waits
/// for room, the per-command latency of a slow drive. Inject a `ManualDriveClock` to make timing (and with it
/// buffer underruns) deterministic in tests.
public protocol VirtualDriveClock: AnyObject, Sendable {
    /// Time since an arbitrary origin; never decreases.
    var now: Duration { get }
    /// Lets `duration` pass: the system clock blocks the calling thread, a manual clock just advances.
    func sleep(_ duration: Duration)
}

/// Real time: `ContinuousClock` for `now`, a blocking sleep.
public final class SystemDriveClock: VirtualDriveClock {
    private let origin = ContinuousClock.now

    public init() {}

    public var now: Duration { ContinuousClock.now - origin }

    public func sleep(_ duration: Duration) { SCSIClock.sleep(duration) }
}

/// Time that moves only when told: `advance(by:)` from the test, or `sleep` from the drive (a WRITE that waits
/// for room in the buffer returns at once, with the clock moved on by the wait).
public final class ManualDriveClock: VirtualDriveClock, @unchecked Sendable {
    private let lock = NSLock()
    private var elapsed: Duration = .zero

    public init() {}

    public var now: Duration {
        lock.lock()
        defer { lock.unlock() }
        return elapsed
    }

    public func advance(by duration: Duration) {
        lock.lock()
        defer { lock.unlock() }
        if duration > .zero { elapsed += duration }
    }

    public func sleep(_ duration: Duration) { advance(by: duration) }
}

extension Duration {
    /// The duration in seconds as a Double.
    var inSeconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
