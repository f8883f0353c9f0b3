#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Retry budget for conditions the sense table marks `retry`.
public struct RetryPolicy: Sendable, Hashable {
    /// Longest total time spent waiting on retryable conditions for one command.
    public var maximumWait: Duration
    /// Most attempts in all, whatever the waits.
    public var maximumAttempts: Int
    /// A power-on or reset (6/29/xx) is an error instead of a retry: during a burn the drive has lost its
    /// buffer and its write parameters (MMC-NOTES "Waiting"), so re-sending the command would write garbage.
    public var resetIsFatal: Bool

    public init(maximumWait: Duration = .seconds(30), maximumAttempts: Int = 200, resetIsFatal: Bool = false) {
        self.maximumWait = maximumWait
        self.maximumAttempts = maximumAttempts
        self.resetIsFatal = resetIsFatal
    }

    /// Send once; any CHECK CONDITION is an error.
    public static let none = RetryPolicy(maximumWait: .zero, maximumAttempts: 1)
    public static let standard = RetryPolicy()
}

extension SCSITransport {
    /// Executes `request`, turning status and sense into success or a `SCSIError`, and retrying what the sense
    /// table marks transient within `policy`. Returns the result of the successful attempt.
    public func run(_ request: SCSIRequest, name: String, policy: RetryPolicy = .standard,
                    sleep: (Duration) -> Void = { SCSIClock.sleep($0) }) throws -> SCSIResult {
        var waited = Duration.zero
        var attempts = 0
        while true {
            attempts += 1
            let result = try execute(request)
            switch result.status {
            case .good, .conditionMet:
                return result
            case .checkCondition:
                let sense: SenseData
                do { sense = try SenseData(bytes: result.sense) } catch {
                    throw SCSIError.undecodableSense(command: name, bytes: result.sense)
                }
                let entry = SenseTable.entry(for: sense)
                switch entry.disposition {
                case .recovered:
                    return SCSIResult(status: .good, sense: result.sense, dataIn: result.dataIn,
                                      residual: result.residual)
                case .fail:
                    throw SCSIError.checkCondition(command: name, sense: sense, entry: entry)
                case .retry(let delay):
                    if policy.resetIsFatal, sense.key == .unitAttention, sense.asc == 0x29 {
                        throw SCSIError.checkCondition(command: name, sense: sense, entry: entry)
                    }
                    guard attempts < policy.maximumAttempts, waited + delay <= policy.maximumWait else {
                        if attempts == 1 { throw SCSIError.checkCondition(command: name, sense: sense, entry: entry) }
                        throw SCSIError.retriesExhausted(command: name, last: sense, attempts: attempts)
                    }
                    if delay > .zero { sleep(delay) }
                    waited += delay
                }
            case .busy, .taskSetFull:
                guard attempts < policy.maximumAttempts, waited < policy.maximumWait else {
                    throw SCSIError.badStatus(command: name, status: result.status)
                }
                sleep(.milliseconds(100))
                waited += .milliseconds(100)
            default:
                throw SCSIError.badStatus(command: name, status: result.status)
            }
        }
    }
}

/// Blocking sleep used between retries (transports are synchronous).
public enum SCSIClock {
    public static func sleep(_ d: Duration) {
        let (s, atto) = d.components
        let ns = Int64(s) * 1_000_000_000 + atto / 1_000_000_000
        guard ns > 0 else { return }
        var ts = timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&ts, &remaining) != 0 { ts = remaining }
    }
}
