import SCSI
import CLibiscsi
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A SCSI transport to one logical unit of an iSCSI target, over libiscsi's userspace initiator (RFC 7143).
///
/// Used for drives exported by tgt from another machine, and for the peer tests against tgt's MMC target on
/// 127.0.0.1. Like every transport it moves bytes only: CHECK CONDITION comes back as a result with the sense
/// bytes, and only failures of the connection itself throw (`SCSIError.transport`, `SCSIError.timeout`).
///
/// One lock serialises all use of the libiscsi context, so the transport may be shared between threads; commands
/// run one at a time.
public final class ISCSITransport: SCSITransport, @unchecked Sendable {
    /// Initiator name sent at login (RFC 3720 §3.2.6.3.1).
    public static let initiatorName = "iqn.2026-01.org.discburn:initiator"

    public let url: ISCSIURL
    public var deviceName: String { url.description }

    private let context: ISCSIContext
    private let lock = ContextLock()
    /// Set once the connection failed; later commands fail fast with this reason.
    private var brokenReason: String?

    private init(url: ISCSIURL, context: ISCSIContext) {
        self.url = url
        self.context = context
    }

    deinit { context.close(limit: .seconds(2)) }

    /// Parses `url` (`iscsi://HOST[:PORT]/IQN/LUN`), connects, logs in and checks the LUN, all within `timeout`.
    public static func connect(url: String, timeout: Duration = .seconds(10)) throws -> ISCSITransport {
        try connect(to: try ISCSIURL(parsing: url), timeout: timeout)
    }

    public static func connect(to url: ISCSIURL, timeout: Duration = .seconds(10)) throws -> ISCSITransport {
        let context = try ISCSIContext(initiatorName: initiatorName)
        let raw = context.raw
        guard iscsi_set_targetname(raw, url.targetName) == 0,
              iscsi_set_session_type(raw, ISCSI_SESSION_NORMAL) == 0,
              iscsi_set_header_digest(raw, ISCSI_HEADER_DIGEST_NONE_CRC32C) == 0,
              // libiscsi's own timer runs a second behind ours, so `timeout` is the one the caller sees.
              iscsi_set_timeout(raw, ISCSIContext.wholeSeconds(timeout) &+ 1) == 0 else {
            throw ISCSIError.connectionFailed(url: url, detail: ISCSIErrorText.plain(context.lastError))
        }
        // A lost connection is reported, not silently re-established (which could retry forever).
        iscsi_set_noautoreconnect(raw, 1)

        let completion = ISCSICompletion()
        context.abandon(completion)
        guard iscsi_full_connect_async(raw, url.portal, Int32(url.lun), ISCSICompletion.callback,
                                       completion.opaque) == 0 else {
            throw ISCSIError.connectionFailed(url: url, detail: ISCSIErrorText.plain(context.lastError))
        }
        switch context.pump(until: completion, deadline: .now + timeout) {
        case .timedOut:
            throw ISCSIError.connectTimedOut(url: url, after: timeout)
        case .failed(let message):
            throw ISCSIError.connectionFailed(url: url, detail: message)
        case .finished:
            if completion.status == LibiscsiStatus.timeout { throw ISCSIError.connectTimedOut(url: url, after: timeout) }
            guard completion.status == 0 else {
                throw ISCSIError.connectionFailed(url: url, detail: ISCSIErrorText.plain(completion.errorText ?? context.lastError))
            }
        }
        return ISCSITransport(url: url, context: context)
    }

    public func execute(_ request: SCSIRequest) throws -> SCSIResult {
        try lock.withLock { try executeLocked(request) }
    }

    private func executeLocked(_ request: SCSIRequest) throws -> SCSIResult {
        let name = "command " + [request.cdb.opcode].hexString + "h"
        if let brokenReason {
            throw SCSIError.transport(command: name, message: "connection to \(url.portal) was lost earlier "
                                      + "(libiscsi: \(brokenReason)); reconnect to go on")
        }
        var cdbBytes = request.cdb.bytes
        let direction: scsi_xfer_dir
        switch request.transfer {
        case .none: direction = SCSI_XFER_NONE
        case .fromDevice: direction = SCSI_XFER_READ
        case .toDevice: direction = SCSI_XFER_WRITE
        }
        let expected = request.transfer.expectedLength
        precondition(expected >= 0, "a negative transfer length is a programmer error")
        guard let task = scsi_create_task(Int32(cdbBytes.count), &cdbBytes, Int32(direction.rawValue),
                                          Int32(clamping: expected)) else {
            throw SCSIError.transport(command: name, message: "libiscsi could not allocate a task")
        }
        defer { scsi_free_scsi_task(task) }
        _ = iscsi_set_timeout(context.raw, ISCSIContext.wholeSeconds(request.timeout) &+ 1)

        let completion = ISCSICompletion()
        let outcome: PumpOutcome
        if case .toDevice(let bytes) = request.transfer {
            // libiscsi only reads data-out buffers; borrowing avoids copying every WRITE's payload.
            outcome = try bytes.withUnsafeBufferPointer { buffer in
                var data = iscsi_data(size: buffer.count, data: UnsafeMutablePointer(mutating: buffer.baseAddress))
                return try send(task, data: &data, completion: completion, request: request, name: name)
            }
        } else {
            outcome = try send(task, data: nil, completion: completion, request: request, name: name)
        }
        return try result(of: task, outcome: outcome, status: completion.status, errorText: completion.errorText,
                          request: request, name: name)
    }

    /// Queues `task` and waits for it; on timeout or failure the task is cancelled locally before returning, so
    /// libiscsi no longer refers to `data` or `task` afterwards. A completion libiscsi did not call is kept alive
    /// with the context in case it still does.
    private func send(_ task: UnsafeMutablePointer<scsi_task>, data: UnsafeMutablePointer<iscsi_data>?,
                      completion: ISCSICompletion, request: SCSIRequest, name: String) throws -> PumpOutcome {
        guard iscsi_scsi_command_async(context.raw, Int32(url.lun), task, ISCSICompletion.callback, data,
                                       completion.opaque) == 0 else {
            throw SCSIError.transport(command: name, message: ISCSIErrorText.plain(context.lastError))
        }
        let outcome = context.pump(until: completion, deadline: .now + request.timeout)
        if !completion.isFinished {
            _ = iscsi_scsi_cancel_task(context.raw, task)
            context.abandon(completion)
        }
        return outcome
    }

    /// Marks the session broken (later commands fail fast) and makes the error for the command that saw it.
    private func lost(command: String, detail: String) -> SCSIError {
        brokenReason = detail
        return SCSIError.transport(command: command, message: "connection to \(url.portal) lost ("
                                   + ISCSIErrorText.plain(detail) + "); check the target and run the command again")
    }

    private func result(of task: UnsafeMutablePointer<scsi_task>, outcome: PumpOutcome, status: Int32,
                        errorText: String?, request: SCSIRequest, name: String) throws -> SCSIResult {
        switch outcome {
        case .timedOut:
            throw SCSIError.timeout(command: name, after: request.timeout)
        case .failed(let message):
            throw lost(command: name, detail: message)
        case .finished:
            break
        }
        switch status {
        case LibiscsiStatus.timeout:
            throw SCSIError.timeout(command: name, after: request.timeout)
        case LibiscsiStatus.cancelled, LibiscsiStatus.error:
            // With automatic reconnection off, libiscsi fails or cancels a task only when the session broke.
            throw lost(command: name, detail: errorText ?? context.lastError)
        case 0...0xFF:
            break
        default:
            throw SCSIError.transport(command: name, message: "unexpected libiscsi status \(status)")
        }
        let received = ISCSITaskData(task.pointee)
        let scsiStatus = SCSIStatus(rawValue: UInt8(truncatingIfNeeded: status))
        if scsiStatus == .checkCondition {
            return SCSIResult(status: scsiStatus, sense: received.senseBytes, dataIn: [],
                              residual: request.transfer.expectedLength)
        }
        var dataIn: [UInt8] = []
        var residual = received.underflowResidual
        if case .fromDevice(let allocationLength) = request.transfer {
            dataIn = Array(received.bytes.prefix(max(0, allocationLength)))
            residual = max(residual, allocationLength - dataIn.count)
        }
        return SCSIResult(status: scsiStatus, sense: [], dataIn: dataIn, residual: residual)
    }
}

/// A copy of what libiscsi left in a finished task: the data-in bytes and the residual.
struct ISCSITaskData {
    let bytes: [UInt8]
    let underflowResidual: Int

    init(_ task: scsi_task) {
        if let pointer = task.datain.data, task.datain.size > 0 {
            bytes = Array(UnsafeBufferPointer(start: pointer, count: Int(task.datain.size)))
        } else {
            bytes = []
        }
        underflowResidual = task.residual_status == SCSI_RESIDUAL_UNDERFLOW ? Int(clamping: task.residual) : 0
    }

    /// For CHECK CONDITION libiscsi keeps the iSCSI sense segment as it came: a 2-byte big-endian SenseLength,
    /// then the sense data (RFC 7143 §11.4.7.2). Clamped to the bytes actually received.
    var senseBytes: [UInt8] {
        guard bytes.count >= 2 else { return [] }
        let announced = Int(bytes[0]) << 8 | Int(bytes[1])
        return Array(bytes[2..<(2 + min(announced, bytes.count - 2))])
    }
}

/// A pthread mutex; `NSLock` would pull Foundation into this module.
private final class ContextLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}
