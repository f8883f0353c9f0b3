/// What the caller should do about a CHECK CONDITION.
public enum SenseDisposition: Sendable, Hashable {
    /// Transient: send the same command again after the delay (the drive is busy, becoming ready, ...).
    case retry(after: Duration)
    /// The command failed; retrying the same command will not help.
    case fail
    /// The command succeeded after the device recovered: treat as success.
    case recovered
}

/// One row of the sense table.
public struct SenseEntry: Sendable, Hashable {
    /// nil: any sense key.
    public let key: SenseKey?
    public let asc: UInt8
    /// nil: any ASCQ under this ASC.
    public let ascq: UInt8?
    public let message: String
    public let disposition: SenseDisposition
    /// What a user can do about it, when there is something to say.
    public let hint: String?

    public init(_ key: SenseKey?, _ asc: UInt8, _ ascq: UInt8?, _ message: String,
                _ disposition: SenseDisposition = .fail, hint: String? = nil) {
        self.key = key
        self.asc = asc
        self.ascq = ascq
        self.message = message
        self.disposition = disposition
        self.hint = hint
    }
}

/// The one place where sense becomes meaning: key/ASC/ASCQ → message, disposition and hint (SPC-4 Annex D,
/// MMC-6 Annex F). Lookup prefers an exact key+ASC+ASCQ row, then any-key rows, then ASC-only rows, then a
/// fallback by sense key.
public enum SenseTable {
    static let short = Duration.milliseconds(100)
    static let medium = Duration.milliseconds(500)
    static let long = Duration.seconds(1)

    public static let entries: [SenseEntry] = [
        // NOT READY
        SenseEntry(.notReady, 0x04, 0x00, "logical unit not ready, cause not reportable", .retry(after: long)),
        SenseEntry(.notReady, 0x04, 0x01, "logical unit is in process of becoming ready", .retry(after: long)),
        SenseEntry(.notReady, 0x04, 0x02, "logical unit not ready, initializing command required", .fail,
                   hint: "load the tray (discburn eject --load) and try again"),
        SenseEntry(.notReady, 0x04, 0x04, "logical unit not ready, format in progress", .retry(after: long)),
        SenseEntry(.notReady, 0x04, 0x07, "logical unit not ready, operation in progress", .retry(after: medium)),
        SenseEntry(.notReady, 0x04, 0x08, "logical unit not ready, long write in progress", .retry(after: short)),
        SenseEntry(.notReady, 0x3A, 0x00, "medium not present", .fail, hint: "insert a disc and close the tray"),
        SenseEntry(.notReady, 0x3A, 0x01, "medium not present - tray closed", .fail, hint: "insert a disc"),
        SenseEntry(.notReady, 0x3A, 0x02, "medium not present - tray open", .fail,
                   hint: "insert a disc and close the tray"),
        SenseEntry(.notReady, 0x30, 0x00, "incompatible medium installed", .fail,
                   hint: "this drive cannot use the loaded disc"),
        SenseEntry(.notReady, 0x3E, 0x00, "logical unit has not self-configured yet", .retry(after: long)),
        // UNIT ATTENTION: the drive tells something once; the command itself was not executed.
        SenseEntry(.unitAttention, 0x28, 0x00, "not ready to ready change, medium may have changed",
                   .retry(after: .zero)),
        SenseEntry(.unitAttention, 0x29, nil, "power on, reset, or bus device reset occurred", .retry(after: .zero)),
        SenseEntry(.unitAttention, 0x2A, nil, "parameters changed", .retry(after: .zero)),
        SenseEntry(.unitAttention, 0x5A, 0x01, "operator medium removal request", .retry(after: .zero)),
        SenseEntry(.unitAttention, 0x3F, nil, "target operating conditions have changed", .retry(after: .zero)),
        // DATA PROTECT
        SenseEntry(.dataProtect, 0x27, 0x00, "write protected", .fail,
                   hint: "the disc or drive is write-protected; use a writable disc"),
        // MEDIUM ERROR
        SenseEntry(.mediumError, 0x0C, 0x00, "write error", .fail, hint: "try another disc or a lower --speed"),
        SenseEntry(.mediumError, 0x0C, 0x07, "write error - recovery needed", .fail),
        SenseEntry(.mediumError, 0x0C, 0x09, "write error - loss of streaming", .fail,
                   hint: "buffer underrun: enable BURN-Free or lower --speed"),
        SenseEntry(.mediumError, 0x0C, 0x0A, "write error - padding blocks added", .fail),
        SenseEntry(.mediumError, 0x11, 0x00, "unrecovered read error", .fail),
        SenseEntry(.mediumError, 0x11, 0x05, "L-EC uncorrectable error", .fail),
        SenseEntry(.mediumError, 0x11, 0x06, "CIRC unrecovered error", .fail),
        SenseEntry(.mediumError, 0x02, 0x00, "no seek complete", .fail),
        SenseEntry(.mediumError, 0x15, nil, "random positioning error", .fail),
        SenseEntry(.mediumError, 0x31, 0x00, "medium format corrupted", .fail),
        SenseEntry(.mediumError, 0x31, 0x01, "format command failed", .fail),
        SenseEntry(.mediumError, 0x51, 0x00, "erase failure", .fail),
        SenseEntry(.mediumError, 0x57, 0x00, "unable to recover table-of-contents", .fail),
        SenseEntry(.mediumError, 0x72, 0x00, "session fixation error", .fail),
        SenseEntry(.mediumError, 0x73, 0x00, "CD control error", .fail),
        SenseEntry(.mediumError, 0x73, 0x02, "power calibration area is full", .fail,
                   hint: "the disc cannot take more writes; use a new disc"),
        SenseEntry(.mediumError, 0x73, 0x03, "power calibration area error", .fail,
                   hint: "try another disc or a lower --speed"),
        SenseEntry(.mediumError, 0x73, 0x04, "program memory area update failure", .fail),
        SenseEntry(.mediumError, 0x73, 0x05, "program memory area is full", .fail),
        // ILLEGAL REQUEST
        SenseEntry(.illegalRequest, 0x1A, 0x00, "parameter list length error", .fail),
        SenseEntry(.illegalRequest, 0x20, 0x00, "invalid command operation code", .fail),
        SenseEntry(.illegalRequest, 0x21, 0x00, "logical block address out of range", .fail),
        SenseEntry(.illegalRequest, 0x21, 0x02, "invalid address for write", .fail),
        SenseEntry(.illegalRequest, 0x24, 0x00, "invalid field in CDB", .fail),
        SenseEntry(.illegalRequest, 0x25, 0x00, "logical unit not supported", .fail),
        SenseEntry(.illegalRequest, 0x26, 0x00, "invalid field in parameter list", .fail),
        SenseEntry(.illegalRequest, 0x26, 0x01, "parameter not supported", .fail),
        SenseEntry(.illegalRequest, 0x26, 0x02, "parameter value invalid", .fail),
        SenseEntry(.illegalRequest, 0x2C, 0x00, "command sequence error", .fail),
        SenseEntry(.illegalRequest, 0x30, 0x00, "incompatible medium installed", .fail,
                   hint: "this command does not apply to the loaded disc"),
        SenseEntry(.illegalRequest, 0x30, 0x02, "cannot read medium - incompatible format", .fail),
        SenseEntry(.illegalRequest, 0x30, 0x04, "cannot write medium - unknown format", .fail),
        SenseEntry(.illegalRequest, 0x30, 0x05, "cannot write medium - incompatible format", .fail,
                   hint: "the drive cannot write this kind of disc"),
        SenseEntry(.illegalRequest, 0x30, 0x06, "cannot format medium - incompatible medium", .fail),
        SenseEntry(.illegalRequest, 0x30, 0x08, "cannot write - application code mismatch", .fail),
        SenseEntry(.illegalRequest, 0x39, 0x00, "saving parameters not supported", .fail),
        SenseEntry(.illegalRequest, 0x63, 0x00, "end of user area encountered on this track", .fail,
                   hint: "the image does not fit on the disc"),
        SenseEntry(.illegalRequest, 0x64, 0x00, "illegal mode for this track", .fail),
        SenseEntry(.illegalRequest, 0x64, 0x01, "invalid packet size", .fail),
        SenseEntry(.illegalRequest, 0x6F, 0x00, "copy protection key exchange failure", .fail),
        SenseEntry(.illegalRequest, 0x72, 0x03, "session fixation error - incomplete track in session", .fail),
        SenseEntry(.illegalRequest, 0x72, 0x04, "empty or partially written reserved track", .fail),
        SenseEntry(.illegalRequest, 0x72, 0x05, "no more track reservations allowed", .fail),
        SenseEntry(.illegalRequest, 0x72, 0x06, "RMZ extension is not allowed", .fail),
        SenseEntry(.illegalRequest, 0x72, 0x07, "no more test zone extensions are allowed", .fail),
        // BLANK CHECK
        SenseEntry(.blankCheck, 0x00, 0x00, "blank check: reading unwritten area", .fail),
        SenseEntry(.blankCheck, 0x64, 0x00, "illegal mode for this track", .fail),
        // HARDWARE / ABORTED
        SenseEntry(.hardwareError, 0x08, nil, "logical unit communication failure", .fail),
        SenseEntry(.hardwareError, 0x09, nil, "focus or tracking servo failure", .fail),
        SenseEntry(.hardwareError, 0x44, 0x00, "internal target failure", .fail),
        SenseEntry(.hardwareError, 0x53, 0x00, "media load or eject failed", .fail),
        SenseEntry(.abortedCommand, 0x47, nil, "SCSI parity error", .retry(after: short)),
        SenseEntry(.abortedCommand, 0x4E, 0x00, "overlapped commands attempted", .retry(after: short)),
        SenseEntry(.abortedCommand, 0x00, 0x00, "command aborted", .retry(after: short)),
        // RECOVERED
        SenseEntry(.recoveredError, 0x17, nil, "recovered data with retries", .recovered),
        SenseEntry(.recoveredError, 0x18, nil, "recovered data with error correction", .recovered),
        SenseEntry(.recoveredError, 0x37, 0x00, "rounded parameter", .recovered),
        SenseEntry(.recoveredError, 0x5D, nil, "failure prediction threshold exceeded", .recovered),
        // growisofs tolerates 1/73/01 explicitly; libburn goes on after any key 1 (MMC-NOTES "Waiting").
        SenseEntry(.recoveredError, 0x73, 0x01, "power calibration area almost full", .recovered),
        SenseEntry(.recoveredError, 0x0C, 0x01, "write error - recovered with auto reallocation", .recovered),
        // ASC meanings that hold under any sense key
        SenseEntry(nil, 0x00, 0x00, "no additional sense information", .fail),
        SenseEntry(nil, 0x04, nil, "logical unit not ready", .retry(after: long)),
        SenseEntry(nil, 0x0C, nil, "write error", .fail),
        SenseEntry(nil, 0x11, nil, "unrecovered read error", .fail),
        SenseEntry(nil, 0x21, nil, "logical block address out of range", .fail),
        SenseEntry(nil, 0x24, nil, "invalid field in CDB", .fail),
        SenseEntry(nil, 0x26, nil, "invalid field in parameter list", .fail),
        SenseEntry(nil, 0x30, nil, "incompatible medium installed", .fail),
        SenseEntry(nil, 0x3A, nil, "medium not present", .fail, hint: "insert a disc and close the tray"),
        SenseEntry(nil, 0x72, nil, "session fixation error", .fail),
        SenseEntry(nil, 0x73, nil, "CD control error", .fail),
    ]

    private static let exact: [UInt32: SenseEntry] = {
        var d = [UInt32: SenseEntry]()
        for e in entries {
            let k = key(e.key?.rawValue, e.asc, e.ascq)
            if d[k] == nil { d[k] = e }
        }
        return d
    }()

    private static func key(_ senseKey: UInt8?, _ asc: UInt8, _ ascq: UInt8?) -> UInt32 {
        UInt32(senseKey ?? 0xFF) << 24 | UInt32(asc) << 16 | UInt32(ascq ?? 0xFF) << 8 | (ascq == nil ? 1 : 0)
    }

    /// The best row for this key/ASC/ASCQ; never fails (falls back to the sense key's class). Sense key 1
    /// (RECOVERED ERROR) always means the command succeeded (SPC-4 §4.5.6), whatever an any-key row for the same
    /// ASC says: only its message is taken.
    public static func entry(key senseKey: SenseKey, asc: UInt8, ascq: UInt8) -> SenseEntry {
        let probes: [(UInt8?, UInt8?)] = [(senseKey.rawValue, ascq), (nil, ascq), (senseKey.rawValue, nil), (nil, nil)]
        for (k, q) in probes {
            if let e = exact[key(k, asc, q)] {
                guard senseKey == .recoveredError, e.disposition != .recovered else { return e }
                return SenseEntry(senseKey, asc, ascq, "recovered: " + e.message, .recovered)
            }
        }
        return fallback(senseKey, asc: asc, ascq: ascq)
    }

    public static func entry(for sense: SenseData) -> SenseEntry {
        entry(key: sense.key, asc: sense.asc, ascq: sense.ascq)
    }

    private static func fallback(_ key: SenseKey, asc: UInt8, ascq: UInt8) -> SenseEntry {
        let text = "\(key.description.lowercased()) (ASC 0x\([asc].hexString) ASCQ 0x\([ascq].hexString))"
        switch key {
        case .noSense, .recoveredError: return SenseEntry(key, asc, ascq, text, .recovered)
        case .unitAttention: return SenseEntry(key, asc, ascq, text, .retry(after: .zero))
        default: return SenseEntry(key, asc, ascq, text, .fail)
        }
    }
}
