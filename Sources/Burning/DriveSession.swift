import Foundation
import MMC
import SCSI

/// Synchronous access to a drive for the writer thread: commands through the sense-table policy, and polling
/// for IMMED operations (close, sync cache, format, blank). Rules from MMC-NOTES "Waiting, retrying, timing out".
public final class DriveSession: @unchecked Sendable {
    public let transport: SCSITransport
    let sleep: @Sendable (Duration) -> Void
    /// Longest pause between completion polls; polling starts at 2 ms and doubles up to this, so quick
    /// operations are not kept waiting and long ones are not hammered.
    var pollInterval: Duration
    /// How long a WRITE or READ BUFFER CAPACITY answered 2/04/08 (long write in progress) is retried: the
    /// WRITE's own timeout (libburn: 200 s; lead-in and zone recalibration stall drives for many seconds).
    static let longWriteBudget = Duration.seconds(200)
    /// Longest wait for an IMMED operation to complete (libburn: 3600 s).
    public static let completionBudget = Duration.seconds(3600)
    /// Unit attentions tolerated while waiting for a completion (each is reported once by the drive).
    static let unitAttentionLimit = 8

    /// Set while data is on its way to the disc: a reset (6/29/xx) is then fatal, not retried (page 05h is back
    /// to its defaults and the drive buffer is gone).
    var burning = false
    /// After an IMMED operation some drives answer TEST UNIT READY with GOOD while still busy and refuse the next
    /// command with 2/04/07 (Pioneer DVR-K04RA, growisofs): the next command is re-sent for as long as a
    /// completion may take.
    private var mayStillBeBusy = false
    private let lock = NSLock()
    private var recoveredNotes: [String] = []

    public init(transport: SCSITransport, pollInterval: Duration = .seconds(1),
                sleep: @escaping @Sendable (Duration) -> Void = { SCSIClock.sleep($0) }) {
        self.transport = transport
        self.pollInterval = pollInterval
        self.sleep = sleep
    }

    public var deviceName: String { transport.deviceName }

    /// Recovered errors (sense key 1) seen so far, one line each.
    public var recoveredConditions: [String] { lock.withLock { recoveredNotes } }

    public func send<C: MMCCommand>(_ command: C, policy: RetryPolicy = .standard) throws -> C.Response {
        let result = try run(command.request, name: C.name, policy: policy)
        return try command.parse(result.dataIn)
    }

    /// Sends a data WRITE built by a strategy (WRITE(10) or WRITE(12)); 2/04/08 is retried for the WRITE's
    /// timeout, a reset is fatal.
    func write(_ write: (request: SCSIRequest, name: String)) throws {
        let policy = RetryPolicy(maximumWait: Self.longWriteBudget, maximumAttempts: 100_000, resetIsFatal: true)
        _ = try run(write.request, name: write.name, policy: policy)
    }

    func run(_ request: SCSIRequest, name: String, policy: RetryPolicy) throws -> SCSIResult {
        var effective = policy
        if burning { effective.resetIsFatal = true }
        var pause: (Duration) -> Void = sleep
        if mayStillBeBusy, policy.maximumAttempts > 1 {
            effective.maximumWait = max(effective.maximumWait, Self.completionBudget)
            effective.maximumAttempts = max(effective.maximumAttempts, 100_000)
            // Re-sent as completion polls are: 2 ms doubling up to `pollInterval`, not the sense table's fixed
            // 0.5 s, so a close that is over after a few polls does not cost a second per burn (issue 15).
            var next = Duration.milliseconds(2)
            let longest = pollInterval
            pause = { [sleep] _ in
                sleep(next)
                next = min(next * 2, longest)
            }
        }
        let result = try transport.run(request, name: name, policy: effective, sleep: pause)
        // TEST UNIT READY and READ DISC INFORMATION are the ones such drives answer early: only another
        // command's success shows the operation is over.
        if ![0x00, 0x51].contains(request.cdb.bytes.first) { mayStillBeBusy = false }
        noteRecovered(result, name: name)
        return result
    }

    private func noteRecovered(_ result: SCSIResult, name: String) {
        guard !result.sense.isEmpty, let sense = try? SenseData(bytes: result.sense),
              sense.key == .recoveredError else { return }
        let line = "\(name): \(SenseTable.entry(for: sense).message) [\(sense.triple)]"
        lock.withLock { recoveredNotes.append(line) }
    }

    /// Waits until an operation started with IMMED has finished (libburn: 0.5 s, then TEST UNIT READY for up to
    /// 3600 s). Completion is the first poll not refused with a retryable 2/04/xx; the refused polls carry the
    /// progress. 2/04/02 (initializing command required) fails at once: waiting does not cure it. Unit attentions
    /// are tolerated a few times; a reset during a burn is fatal. Drives that say GOOD too early are handled by
    /// re-sending the next command refused with 2/04/07 (see `mayStillBeBusy`).
    public func waitForCompletion(what: String, timeout: Duration = completionBudget,
                                  progress: (Double?) -> Void = { _ in }) throws {
        var waited = Duration.zero
        var pause = Duration.milliseconds(2)
        var unitAttentions = 0
        while true {
            do {
                _ = try transport.run(TestUnitReady().request, name: what, policy: .none, sleep: sleep)
                progress(1)
                mayStillBeBusy = true
                return
            } catch let error as SCSIError {
                guard let sense = error.sense else { throw error }
                if sense.key == .unitAttention {
                    unitAttentions += 1
                    let reset = sense.asc == 0x29
                    guard unitAttentions <= Self.unitAttentionLimit, !(reset && burning) else { throw error }
                    continue
                }
                guard sense.key == .notReady, sense.asc == 0x04,
                      case .retry = SenseTable.entry(for: sense).disposition else { throw error }
                progress(sense.progress)
                guard waited < timeout else {
                    throw SCSIError.retriesExhausted(command: what, last: sense, attempts: 0)
                }
                sleep(pause)
                waited += pause
                pause = min(pause * 2, pollInterval)
            }
        }
    }

    /// Last track in the last session: the number CLOSE TRACK wants (libburn cookbook, MMC-6 §6.22).
    func lastTrackNumber() throws -> UInt16 {
        UInt16(truncatingIfNeeded: try send(ReadDiscInformation()).lastTrackInLastSession)
    }
}
