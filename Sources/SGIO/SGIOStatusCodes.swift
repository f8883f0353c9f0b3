/// The host byte the Linux SCSI mid level reports in `sg_io_hdr.host_status` (`DID_*` in the kernel's
/// include/scsi/scsi_status.h, documented for SG_IO in the sg driver's HOWTO). An open set: unknown values are kept.
public struct SGIOHostStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let ok = SGIOHostStatus(rawValue: 0x00)
    public static let noConnect = SGIOHostStatus(rawValue: 0x01)
    public static let busBusy = SGIOHostStatus(rawValue: 0x02)
    public static let timeOut = SGIOHostStatus(rawValue: 0x03)
    public static let badTarget = SGIOHostStatus(rawValue: 0x04)
    public static let abort = SGIOHostStatus(rawValue: 0x05)
    public static let parity = SGIOHostStatus(rawValue: 0x06)
    public static let error = SGIOHostStatus(rawValue: 0x07)
    public static let reset = SGIOHostStatus(rawValue: 0x08)
    public static let badInterrupt = SGIOHostStatus(rawValue: 0x09)
    public static let passthrough = SGIOHostStatus(rawValue: 0x0A)
    public static let softError = SGIOHostStatus(rawValue: 0x0B)
    public static let immediateRetry = SGIOHostStatus(rawValue: 0x0C)
    public static let requeue = SGIOHostStatus(rawValue: 0x0D)
    public static let transportDisrupted = SGIOHostStatus(rawValue: 0x0E)
    public static let transportFailfast = SGIOHostStatus(rawValue: 0x0F)
    public static let targetFailure = SGIOHostStatus(rawValue: 0x10)
    public static let nexusFailure = SGIOHostStatus(rawValue: 0x11)
    public static let allocationFailure = SGIOHostStatus(rawValue: 0x12)
    public static let mediumError = SGIOHostStatus(rawValue: 0x13)
    public static let transportMarginal = SGIOHostStatus(rawValue: 0x14)

    /// Kernel name and meaning, indexed by raw value. 0x10-0x13 are retired in current kernels but old ones sent them.
    static let table: [(name: String, meaning: String)] = [
        ("DID_OK", "no error"),
        ("DID_NO_CONNECT", "could not connect to the device (unplugged or powered off?)"),
        ("DID_BUS_BUSY", "the bus stayed busy through the timeout period"),
        ("DID_TIME_OUT", "the command timed out"),
        ("DID_BAD_TARGET", "the device did not respond (bad target)"),
        ("DID_ABORT", "the command was aborted"),
        ("DID_PARITY", "parity error on the bus"),
        ("DID_ERROR", "internal error in the host adapter"),
        ("DID_RESET", "the bus or device was reset"),
        ("DID_BAD_INTR", "unexpected interrupt"),
        ("DID_PASSTHROUGH", "forced past the mid level"),
        ("DID_SOFT_ERROR", "the low-level driver asks for a retry"),
        ("DID_IMM_RETRY", "retry requested"),
        ("DID_REQUEUE", "requeue requested"),
        ("DID_TRANSPORT_DISRUPTED", "the transport was disrupted (link being recovered)"),
        ("DID_TRANSPORT_FAILFAST", "the transport failed the command fast (link down)"),
        ("DID_TARGET_FAILURE", "permanent target failure"),
        ("DID_NEXUS_FAILURE", "permanent nexus failure"),
        ("DID_ALLOC_FAILURE", "space allocation on the device failed"),
        ("DID_MEDIUM_ERROR", "medium error"),
        ("DID_TRANSPORT_MARGINAL", "the transport is marginal (link errors)"),
    ]

    /// The kernel's name, e.g. "DID_NO_CONNECT"; nil for values this table does not know.
    public var name: String? { Int(rawValue) < Self.table.count ? Self.table[Int(rawValue)].name : nil }
    public var meaning: String? { Int(rawValue) < Self.table.count ? Self.table[Int(rawValue)].meaning : nil }

    /// "DID_NO_CONNECT (0x01): could not connect ..." or "unknown host status 0x2a".
    public var description: String {
        let hex = hexByte(rawValue)
        guard let name, let meaning else { return "unknown host status \(hex)" }
        return "\(name) (\(hex)): \(meaning)"
    }
}

/// The driver byte of `sg_io_hdr.driver_status`: its low nibble is a `DRIVER_*` code, its high nibble a retired
/// `SUGGEST_*` hint that this type ignores. An open set.
public struct SGIODriverStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// The `DRIVER_*` code: `rawValue & 0x0F`.
    public var code: UInt8 { UInt8(truncatingIfNeeded: rawValue & 0x0F) }

    public static let ok = SGIODriverStatus(rawValue: 0x00)
    public static let busy = SGIODriverStatus(rawValue: 0x01)
    public static let soft = SGIODriverStatus(rawValue: 0x02)
    public static let media = SGIODriverStatus(rawValue: 0x03)
    public static let error = SGIODriverStatus(rawValue: 0x04)
    public static let invalid = SGIODriverStatus(rawValue: 0x05)
    public static let timeout = SGIODriverStatus(rawValue: 0x06)
    public static let hard = SGIODriverStatus(rawValue: 0x07)
    /// Sense data is valid: not an error by itself (the status byte says CHECK CONDITION).
    public static let sense = SGIODriverStatus(rawValue: 0x08)

    static let table: [(name: String, meaning: String)] = [
        ("DRIVER_OK", "no error"),
        ("DRIVER_BUSY", "the driver is busy"),
        ("DRIVER_SOFT", "soft error in the driver"),
        ("DRIVER_MEDIA", "media error reported by the driver"),
        ("DRIVER_ERROR", "the driver reported an error"),
        ("DRIVER_INVALID", "the driver found the request invalid"),
        ("DRIVER_TIMEOUT", "the driver timed the command out"),
        ("DRIVER_HARD", "hard error in the driver"),
        ("DRIVER_SENSE", "sense data is valid"),
    ]

    public var name: String? { Int(code) < Self.table.count ? Self.table[Int(code)].name : nil }
    public var meaning: String? { Int(code) < Self.table.count ? Self.table[Int(code)].meaning : nil }

    /// True for DRIVER_OK and DRIVER_SENSE: the driver byte alone does not make the command fail.
    public var isBenign: Bool { code == Self.ok.code || code == Self.sense.code }

    public var description: String {
        let hex = hexByte(UInt16(code))
        guard let name, let meaning else { return "unknown driver status \(hex)" }
        return "\(name) (\(hex)): \(meaning)"
    }
}

/// "0x07", "0x1f", "0x1234": lower-case hex with at least two digits.
func hexByte(_ value: UInt16) -> String {
    let digits = String(value, radix: 16)
    return "0x" + (digits.count < 2 ? "0" + digits : digits)
}
