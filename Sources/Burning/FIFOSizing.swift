import Foundation

/// The software FIFO's size when the user names none (`--fifo-size` always wins): at least two seconds of the
/// chosen write speed, so a reader that stalls for a second (a busy disk, a network share) does not starve a
/// fast drive, within a memory cap.
///
/// - `minimumBytes` (16 MiB) is the floor: slow speeds and unknown speeds get what earlier versions always used.
/// - The cap is `capBytes` (256 MiB, about 4.7 s of 12× BD-R) or an eighth of the machine's memory, whichever is
///   smaller, but never under the floor.
/// - The size is rounded up to whole MiB.
public enum FIFOSizing {
    public static let bufferedSeconds = 2
    public static let minimumBytes = 16 << 20
    public static let capBytes = 256 << 20

    /// Bytes for a burn at `speedKilobytesPerSecond` (kB/s = 1000 bytes/s; nil: the drive's default speed).
    public static func bytes(speedKilobytesPerSecond: Int?,
                             physicalMemoryBytes: UInt64 = ProcessInfo.processInfo.physicalMemory) -> Int {
        let cap = max(minimumBytes, min(capBytes, Int(clamping: physicalMemoryBytes / 8)))
        guard let speed = speedKilobytesPerSecond, speed > 0 else { return minimumBytes }
        let (wanted, overflow) = speed.multipliedReportingOverflow(by: 1000 * bufferedSeconds)
        guard !overflow else { return cap }
        let mebibyte = 1 << 20
        let rounded = (min(wanted, cap) + mebibyte - 1) / mebibyte * mebibyte
        return min(cap, max(minimumBytes, rounded))
    }

    /// The FIFO for a burn: `requestedBytes` (`--fifo-size`, 0 = none) when given, else sized from the speed.
    public static func bytes(requestedBytes: Int?, speedKilobytesPerSecond: Int?) -> Int {
        requestedBytes ?? bytes(speedKilobytesPerSecond: speedKilobytesPerSecond)
    }
}
