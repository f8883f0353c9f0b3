/// Which way data moves for one command, and how much.
public enum DataTransfer: Sendable, Hashable {
    /// No data phase.
    case none
    /// Data from the device into a buffer of `allocationLength` bytes.
    case fromDevice(allocationLength: Int)
    /// These bytes go to the device.
    case toDevice([UInt8])

    public var expectedLength: Int {
        switch self {
        case .none: return 0
        case .fromDevice(let n): return n
        case .toDevice(let d): return d.count
        }
    }
}

/// SCSI status byte (SAM-5 §5.3). An open set: unknown values are kept as they came.
public struct SCSIStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let good = SCSIStatus(rawValue: 0x00)
    public static let checkCondition = SCSIStatus(rawValue: 0x02)
    public static let conditionMet = SCSIStatus(rawValue: 0x04)
    public static let busy = SCSIStatus(rawValue: 0x08)
    public static let reservationConflict = SCSIStatus(rawValue: 0x18)
    public static let taskSetFull = SCSIStatus(rawValue: 0x28)
    public static let acaActive = SCSIStatus(rawValue: 0x30)
    public static let taskAborted = SCSIStatus(rawValue: 0x40)

    public var description: String {
        switch self {
        case .good: return "GOOD"
        case .checkCondition: return "CHECK CONDITION"
        case .conditionMet: return "CONDITION MET"
        case .busy: return "BUSY"
        case .reservationConflict: return "RESERVATION CONFLICT"
        case .taskSetFull: return "TASK SET FULL"
        case .acaActive: return "ACA ACTIVE"
        case .taskAborted: return "TASK ABORTED"
        default: return "status 0x" + [rawValue].hexString
        }
    }
}

/// One command as handed to a transport.
public struct SCSIRequest: Sendable, Hashable {
    public var cdb: CDB
    public var transfer: DataTransfer
    /// How long the transport waits before it gives up on the command.
    public var timeout: Duration

    public init(cdb: CDB, transfer: DataTransfer = .none, timeout: Duration = .seconds(30)) {
        self.cdb = cdb
        self.transfer = transfer
        self.timeout = timeout
    }
}

/// What a transport saw: status, sense bytes (if any), the data that came in, and the residual.
/// A transport never interprets sense: that is `SenseTable`'s job.
public struct SCSIResult: Sendable, Hashable {
    public var status: SCSIStatus
    public var sense: [UInt8]
    /// Bytes actually received (data-in commands); empty otherwise.
    public var dataIn: [UInt8]
    /// Requested minus transferred bytes, as the transport reported it.
    public var residual: Int

    public init(status: SCSIStatus, sense: [UInt8] = [], dataIn: [UInt8] = [], residual: Int = 0) {
        self.status = status
        self.sense = sense
        self.dataIn = dataIn
        self.residual = residual
    }

    public static func good(_ data: [UInt8] = [], residual: Int = 0) -> SCSIResult {
        SCSIResult(status: .good, dataIn: data, residual: residual)
    }
}

/// Anything that can carry a CDB to a device and bring back status, sense and data: Linux SG_IO, iSCSI, the
/// VirtualDrive, a trace recorder or replayer.
///
/// `execute` throws only for failures of the transport itself (OS errors, timeouts, lost connections). A command
/// the device rejects comes back as a result with CHECK CONDITION and sense bytes.
public protocol SCSITransport: AnyObject, Sendable {
    /// Human name of the device behind this transport ("/dev/sr0", "virtual:dvd+r", "iscsi://...").
    var deviceName: String { get }
    func execute(_ request: SCSIRequest) throws -> SCSIResult
}
