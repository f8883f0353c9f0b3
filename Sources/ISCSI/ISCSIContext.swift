import CLibiscsi
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The slot a libiscsi callback fills when an asynchronous operation completes.
final class ISCSICompletion {
    var isFinished = false
    var status: Int32 = 0
    /// libiscsi's error text at the moment of a failed completion: later calls (such as its reconnect logic)
    /// overwrite the context's error, so it is captured here.
    var errorText: String?

    /// The opaque pointer handed to libiscsi as `private_data`; valid while `self` is alive.
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// The C callback every asynchronous call here uses: records the status and marks the slot finished.
    static let callback: iscsi_command_cb = { context, status, _, privateData in
        guard let privateData else { return }
        let completion = Unmanaged<ISCSICompletion>.fromOpaque(privateData).takeUnretainedValue()
        completion.status = status
        if status != 0, status != 2, let context, let text = iscsi_get_error(context) {
            completion.errorText = String(cString: text)
        }
        completion.isFinished = true
    }
}

/// Status values libiscsi passes to callbacks beyond the SCSI status byte (iscsi.h `enum scsi_status`).
enum LibiscsiStatus {
    static let cancelled = Int32(bitPattern: 0x0F00_0000)
    static let error = Int32(bitPattern: 0x0F00_0001)
    static let timeout = Int32(bitPattern: 0x0F00_0002)
}

/// How waiting for one asynchronous libiscsi operation ended.
enum PumpOutcome: Equatable {
    case finished
    case timedOut
    case failed(String)
}

/// Owns one `struct iscsi_context` and drives its event loop. Not thread-safe by itself: `ISCSITransport`
/// serialises every call through its lock.
final class ISCSIContext {
    let raw: OpaquePointer
    /// Completions whose operation was given up on: libiscsi may still call back into them (for example when
    /// `iscsi_destroy_context` cancels what is queued), so they live as long as the context. Stored properties
    /// are released only after `deinit` has destroyed the context.
    private var abandoned: [ISCSICompletion] = []

    init(initiatorName: String) throws {
        guard let raw = iscsi_create_context(initiatorName) else { throw ISCSIError.contextCreationFailed }
        self.raw = raw
    }

    deinit { iscsi_destroy_context(raw) }

    /// Keeps `completion` alive until the context is destroyed.
    func abandon(_ completion: ISCSICompletion) { abandoned.append(completion) }

    /// libiscsi's text for the last failure on this context.
    var lastError: String {
        guard let text = iscsi_get_error(raw) else { return "unknown libiscsi error" }
        let message = String(cString: text)
        return message.isEmpty ? "unknown libiscsi error" : message
    }

    /// libiscsi counts timeouts in whole seconds; a zero would mean "never".
    static func wholeSeconds(_ duration: Duration) -> Int32 {
        let seconds = duration.components.seconds + (duration.components.attoseconds > 0 ? 1 : 0)
        return Int32(clamping: max(1, seconds))
    }

    /// Polls the context's socket and services it until `completion` is finished or `deadline` passes.
    /// Wakes at least every 100 ms so libiscsi can run its own timeout scan. A failure of the connection is
    /// reported as `.failed` even when it also completed the operation (libiscsi cancels queued tasks when the
    /// socket dies), so the caller can tell a lost connection from a command's own result.
    func pump(until completion: ISCSICompletion, deadline: ContinuousClock.Instant) -> PumpOutcome {
        while !completion.isFinished {
            let now = ContinuousClock.now
            guard now < deadline else { return .timedOut }
            let left = now.duration(to: deadline)
            let leftMilliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            let waitMilliseconds = Int32(clamping: min(100, max(1, leftMilliseconds)))
            var descriptor = pollfd(fd: iscsi_get_fd(raw),
                                    events: Int16(truncatingIfNeeded: iscsi_which_events(raw)), revents: 0)
            let ready = poll(&descriptor, 1, waitMilliseconds)
            if ready < 0 {
                let code = errno
                if code == EINTR { continue }
                return .failed("poll failed: \(String(cString: strerror(code)))")
            }
            let revents = ready == 0 ? 0 : Int32(descriptor.revents)
            if iscsi_service(raw, revents) < 0 {
                return .failed(completion.errorText ?? lastError)
            }
        }
        return .finished
    }

    /// Logs out within `limit` if logged in, then drops the TCP connection. Errors are ignored: this is teardown.
    func close(limit: Duration) {
        if iscsi_is_logged_in(raw) != 0 {
            let completion = ISCSICompletion()
            if iscsi_logout_async(raw, ISCSICompletion.callback, completion.opaque) == 0 {
                abandon(completion)
                _ = pump(until: completion, deadline: .now + limit)
            }
        }
        _ = iscsi_disconnect(raw)
    }
}
