import SCSI

/// A command ends in CHECK CONDITION with this sense. Thrown by responders, caught by the dispatcher.
struct CheckCondition: Error, Sendable, Hashable {
    var sense: SenseData

    init(_ key: SenseKey, _ asc: UInt8, _ ascq: UInt8, information: Int? = nil, senseKeySpecific: [UInt8]? = nil) {
        sense = SenseData(key: key, asc: asc, ascq: ascq,
                          information: information.map { UInt64(truncatingIfNeeded: $0) },
                          senseKeySpecific: senseKeySpecific)
    }

    init(sense: SenseData) { self.sense = sense }

    /// 5/20/00 INVALID COMMAND OPERATION CODE (SPC-4 §4.5.6).
    static let invalidOpcode = CheckCondition(.illegalRequest, 0x20, 0x00)

    /// 5/24/00 INVALID FIELD IN CDB, with the sense-key-specific field pointer (C/D = 1) at `byte` (SPC-4 §4.5.2.4.2).
    static func invalidField(byte: Int, bit: Int? = nil) -> CheckCondition {
        CheckCondition(.illegalRequest, 0x24, 0x00, senseKeySpecific: fieldPointer(commandData: true, byte: byte, bit: bit))
    }

    /// 5/26/00 INVALID FIELD IN PARAMETER LIST, field pointer (C/D = 0) at `byte` of the data-out buffer.
    static func invalidParameter(byte: Int) -> CheckCondition {
        CheckCondition(.illegalRequest, 0x26, 0x00, senseKeySpecific: fieldPointer(commandData: false, byte: byte, bit: nil))
    }

    /// 5/1A/00 PARAMETER LIST LENGTH ERROR.
    static let parameterListLength = CheckCondition(.illegalRequest, 0x1A, 0x00)
    /// 5/21/00 LOGICAL BLOCK ADDRESS OUT OF RANGE.
    static func lbaOutOfRange(_ lba: Int) -> CheckCondition { CheckCondition(.illegalRequest, 0x21, 0x00, information: lba) }
    /// 5/21/02 INVALID ADDRESS FOR WRITE (MMC-6 §4.2.4, sequential recording).
    static func invalidWriteAddress(_ lba: Int) -> CheckCondition {
        CheckCondition(.illegalRequest, 0x21, 0x02, information: lba)
    }
    /// 5/2C/00 COMMAND SEQUENCE ERROR.
    static let commandSequence = CheckCondition(.illegalRequest, 0x2C, 0x00)
    /// 5/30/02 CANNOT READ MEDIUM - INCOMPATIBLE FORMAT.
    static let cannotReadIncompatible = CheckCondition(.illegalRequest, 0x30, 0x02)
    /// 5/30/05 CANNOT WRITE MEDIUM - INCOMPATIBLE FORMAT.
    static let cannotWriteIncompatible = CheckCondition(.illegalRequest, 0x30, 0x05)
    /// 5/30/06 CANNOT FORMAT MEDIUM - INCOMPATIBLE MEDIUM.
    static let cannotFormatIncompatible = CheckCondition(.illegalRequest, 0x30, 0x06)
    /// 5/30/10 MEDIUM NOT FORMATTED: a write to unformatted overwritable media.
    static let mediumNotFormatted = CheckCondition(.illegalRequest, 0x30, 0x10)
    /// 5/39/00 SAVING PARAMETERS NOT SUPPORTED.
    static let savingNotSupported = CheckCondition(.illegalRequest, 0x39, 0x00)
    /// 5/53/02 MEDIUM REMOVAL PREVENTED.
    static let removalPrevented = CheckCondition(.illegalRequest, 0x53, 0x02)
    /// 5/64/00 ILLEGAL MODE FOR THIS TRACK.
    static let illegalModeForTrack = CheckCondition(.illegalRequest, 0x64, 0x00)
    /// 5/72/00 SESSION FIXATION ERROR: closing a disc ruined by a buffer underrun.
    static let sessionFixation = CheckCondition(.illegalRequest, 0x72, 0x00)
    /// 5/72/03 SESSION FIXATION ERROR - INCOMPLETE TRACK IN SESSION.
    static let incompleteTrackInSession = CheckCondition(.illegalRequest, 0x72, 0x03)
    /// 5/72/05 NO MORE TRACK RESERVATIONS ALLOWED.
    static let noMoreReservations = CheckCondition(.illegalRequest, 0x72, 0x05)
    /// 7/27/00 WRITE PROTECTED: writes to pressed media.
    static let writeProtected = CheckCondition(.dataProtect, 0x27, 0x00)
    /// 8/00/00 BLANK CHECK: reading an unrecorded block inside the medium's capacity.
    static func blankCheck(_ lba: Int) -> CheckCondition { CheckCondition(.blankCheck, 0x00, 0x00, information: lba) }
    /// 3/11/00 UNRECOVERED READ ERROR.
    static func unrecoveredRead(_ lba: Int) -> CheckCondition { CheckCondition(.mediumError, 0x11, 0x00, information: lba) }
    /// 3/0C/09 WRITE ERROR - LOSS OF STREAMING (buffer underrun).
    static func lossOfStreaming(_ lba: Int) -> CheckCondition {
        CheckCondition(.mediumError, 0x0C, 0x09, information: lba)
    }
    /// 2/3A/01 MEDIUM NOT PRESENT - TRAY CLOSED; 2/3A/02 - TRAY OPEN.
    static func mediumNotPresent(trayOpen: Bool) -> CheckCondition {
        CheckCondition(.notReady, 0x3A, trayOpen ? 0x02 : 0x01)
    }
    /// 2/04/01 LOGICAL UNIT IS IN PROCESS OF BECOMING READY.
    static let becomingReady = CheckCondition(.notReady, 0x04, 0x01)
    /// 6/28/00 NOT READY TO READY CHANGE, MEDIUM MAY HAVE CHANGED.
    static let mediumMayHaveChanged = CheckCondition(.unitAttention, 0x28, 0x00)
    /// 6/29/00 POWER ON, RESET, OR BUS DEVICE RESET OCCURRED.
    static let powerOnReset = CheckCondition(.unitAttention, 0x29, 0x00)

    /// Sense-key-specific field pointer bytes (SPC-4 §4.5.2.4.2): C/D, BPV + bit pointer, 16-bit field pointer.
    static func fieldPointer(commandData: Bool, byte: Int, bit: Int?) -> [UInt8] {
        var first: UInt8 = commandData ? 0x40 : 0x00
        if let bit, (0...7).contains(bit) { first |= 0x08 | UInt8(bit) }
        let pointer = UInt16(clamping: max(0, byte))
        return [first, UInt8(pointer >> 8), UInt8(pointer & 0xFF)]
    }
}
