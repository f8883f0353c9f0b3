#if canImport(Glibc)
import Glibc
#endif
import SystemPackage

/// How one SG_IO exchange failed below the SCSI status byte: the host adapter or the mid-level driver gave up on it.
public enum SGIOFault: Sendable, Hashable {
    /// DID_TIME_OUT or DRIVER_TIMEOUT: the command may or may not have run.
    case timeout(detail: String)
    /// Any other non-zero host status, or a driver status other than OK / SENSE.
    case transport(detail: String)
}

/// Pure decoding of the host and driver bytes of a completed SG_IO (no device needed to test it).
public enum SGIOCompletion {
    /// nil when neither byte reports a failure (DRIVER_SENSE alone is not one). The host byte is decoded first:
    /// when both report a failure, both are named and a timeout in either makes the fault a timeout.
    public static func fault(hostStatus: UInt16, driverStatus: UInt16) -> SGIOFault? {
        let host = SGIOHostStatus(rawValue: hostStatus)
        let driver = SGIODriverStatus(rawValue: driverStatus)
        var parts: [String] = []
        if host != .ok { parts.append("host status \(host)") }
        if !driver.isBenign { parts.append("driver status \(driver)") }
        guard !parts.isEmpty else { return nil }
        let detail = parts.joined(separator: "; ")
        if host == .timeOut || driver.code == SGIODriverStatus.timeout.code { return .timeout(detail: detail) }
        return .transport(detail: detail)
    }
}

/// Pure arithmetic of one exchange: timeouts in the kernel's unit, and residuals the kernel may report oddly.
public enum SGIOTransferMath {
    /// The largest timeout handed to the kernel: it converts milliseconds to jiffies in signed arithmetic, so stay
    /// within Int32 (about 24.8 days).
    public static let maximumTimeoutMilliseconds: UInt32 = UInt32(Int32.max)

    /// `timeout` in whole milliseconds, rounded up, clamped to 1 ... `maximumTimeoutMilliseconds`. Zero would mean
    /// "the kernel's default" (60 s), which is never what a caller asking for zero meant; the block layer also
    /// raises anything shorter than its own minimum (a few seconds).
    public static func timeoutMilliseconds(_ timeout: Duration) -> UInt32 {
        let (seconds, attoseconds) = timeout.components
        guard seconds >= 0, !(seconds == 0 && attoseconds <= 0) else { return 1 }
        let limitSeconds = Int64(maximumTimeoutMilliseconds / 1000)
        if seconds > limitSeconds { return maximumTimeoutMilliseconds }
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        let fraction = (attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond
        let total = seconds * 1000 + fraction
        return UInt32(clamping: max(1, min(total, Int64(maximumTimeoutMilliseconds))))
    }

    /// Bytes actually transferred and the residual, with the kernel's `resid` clamped to 0 ... `requestedBytes`
    /// (some low-level drivers report negative or oversized residuals).
    public static func transferred(requestedBytes: Int, residual: Int32) -> (transferredBytes: Int, residualBytes: Int) {
        let requested = max(0, requestedBytes)
        let clamped = min(max(0, Int(residual)), requested)
        return (requested - clamped, clamped)
    }

    /// Sense bytes the kernel says it wrote, clamped to the buffer that was offered.
    public static func senseLength(written: UInt8, capacity: Int) -> Int {
        min(Int(written), max(0, capacity))
    }
}

/// One-line explanations of an SG_IO ioctl that did not run (errno from the ioctl itself).
public enum SGIOSystemErrorText {
    /// What `errno` means for an SG_IO of `transferBytes` on a device whose limit is `limitBytes`.
    public static func message(errno code: Int32, transferBytes: Int, limitBytes: Int) -> String {
        switch code {
        case EINTR:
            return "interrupted by a signal while the command may already be running in the drive: its outcome is "
                + "unknown, so it is not retried; check the drive's state before going on"
        case EPERM:
            return "the kernel refused this command: it needs the device opened read-write (commands outside the "
                + "kernel's allow-list also need CAP_SYS_RAWIO)"
        case EINVAL, EIO, ENOMEM, EOVERFLOW:
            let base = code == ENOMEM ? "the kernel could not allocate the transfer buffer"
                : "the kernel rejected the request"
            guard transferBytes > limitBytes else { return base + " (\(describe(code)))" }
            return base + ": a transfer of \(transferBytes) bytes exceeds this device's limit of \(limitBytes) bytes; "
                + "use smaller transfers"
        case ENODEV, ENXIO:
            return "the device has gone away (unplugged or powered off?)"
        case EAGAIN, EBUSY:
            return "the device is busy (error recovery in progress?); try again"
        default:
            return describe(code)
        }
    }

    /// The C library's text for `code` ("Permission denied").
    public static func describe(_ code: Int32) -> String {
        Errno(rawValue: code).description
    }
}
