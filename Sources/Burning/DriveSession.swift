import Foundation
import MMC
import SCSI

/// Synchronous access to a drive for the writer thread: commands through the sense-table policy, and polling
/// for IMMED operations (close, sync cache, format, blank).
public final class DriveSession: @unchecked Sendable {
    public let transport: SCSITransport
    let sleep: @Sendable (Duration) -> Void
    /// Longest pause between completion polls; polling starts at 2 ms and doubles up to this, so quick
    /// operations are not kept waiting and long ones are not hammered.
    var pollInterval: Duration

    public init(transport: SCSITransport, pollInterval: Duration = .seconds(1),
                sleep: @escaping @Sendable (Duration) -> Void = { SCSIClock.sleep($0) }) {
        self.transport = transport
        self.pollInterval = pollInterval
        self.sleep = sleep
    }

    public var deviceName: String { transport.deviceName }

    public func send<C: MMCCommand>(_ command: C, policy: RetryPolicy = .standard) throws -> C.Response {
        let result = try transport.run(command.request, name: C.name, policy: policy, sleep: sleep)
        return try command.parse(result.dataIn)
    }

    /// Sends a data WRITE built by a strategy (WRITE(10) or WRITE(12)); 2/04/08 is retried by the policy.
    func write(_ write: (request: SCSIRequest, name: String)) throws {
        _ = try transport.run(write.request, name: write.name, policy: .standard, sleep: sleep)
    }

    /// Waits until an operation started with IMMED has finished. TEST UNIT READY may answer GOOD while a close
    /// is still running (MMC-NOTES), so completion is READ DISC INFORMATION answering without 2/04/xx; the sense
    /// of the refused polls carries the progress indication.
    public func waitForCompletion(what: String, timeout: Duration, progress: (Double?) -> Void = { _ in }) throws {
        let clock = ContinuousClock()
        let start = clock.now
        var pause = Duration.milliseconds(2)
        while true {
            do {
                _ = try send(ReadDiscInformation(), policy: .none)
                progress(1)
                return
            } catch let error as SCSIError {
                guard let sense = error.sense, sense.key == .notReady, sense.asc == 0x04 else {
                    if let sense = error.sense, sense.key == .unitAttention { continue }
                    throw error
                }
                progress(sense.progress)
                guard clock.now - start < timeout else {
                    throw SCSIError.retriesExhausted(command: what, last: sense, attempts: 0)
                }
                sleep(pause)
                pause = min(pause * 2, pollInterval)
            }
        }
    }

    /// Last track in the last session: the number CLOSE TRACK wants (libburn cookbook, MMC-6 §6.22).
    func lastTrackNumber() throws -> UInt16 {
        UInt16(truncatingIfNeeded: try send(ReadDiscInformation()).lastTrackInLastSession)
    }
}
