import SCSI

/// PREVENT ALLOW MEDIUM REMOVAL, opcode 1Eh: lock or unlock the tray. MMC-6 §6 (PREVENT ALLOW MEDIUM REMOVAL;
/// the subsection number was not verified against the draft).
///
/// CDB (6 bytes): byte 4 bit 1 = Persistent, bit 0 = Prevent.
public struct PreventAllowMediumRemoval: MMCCommand {
    public typealias Response = Void
    public static let name = "PREVENT ALLOW MEDIUM REMOVAL"

    public let prevent: Bool
    /// Persistent prevent (survives a reset until cleared); rarely wanted.
    public let persistent: Bool

    public init(prevent: Bool, persistent: Bool = false) {
        self.prevent = prevent
        self.persistent = persistent
    }

    public var cdb: CDB {
        var w = ByteWriter(CDB(opcode: 0x1E, length: 6).bytes)
        w.setBits(4, mask: 0x02, persistent)
        w.setBits(4, mask: 0x01, prevent)
        return w.cdb
    }
}
