import SCSI

/// START STOP UNIT, opcode 1Bh: spin up, spin down, eject or load. MMC-6 §6.39 (SBC-3 §5.19).
///
/// CDB (6 bytes): byte 1 bit 0 = IMMED; byte 4 bits 7-4 = power conditions (0 here), bit 1 = LoEj, bit 0 = Start.
public struct StartStopUnit: MMCCommand {
    public typealias Response = Void
    public static let name = "START STOP UNIT"

    /// LoEj/Start combinations (MMC-6 §6.39, Start/LoEj table).
    public enum Action: Sendable, Hashable, CaseIterable {
        /// LoEj 0, Start 0: stop the disc.
        case stop
        /// LoEj 0, Start 1: spin up and make ready.
        case start
        /// LoEj 1, Start 0: stop and eject (open the tray).
        case eject
        /// LoEj 1, Start 1: load (close the tray) and spin up.
        case load

        var loadEject: Bool { self == .eject || self == .load }
        var start: Bool { self == .start || self == .load }
    }

    public let action: Action
    public let immediate: Bool

    public init(action: Action, immediate: Bool = false) {
        self.action = action
        self.immediate = immediate
    }

    public var cdb: CDB {
        var w = ByteWriter(CDB(opcode: 0x1B, length: 6).bytes)
        w.setBits(1, mask: 0x01, immediate)
        w.setBits(4, mask: 0x02, action.loadEject)
        w.setBits(4, mask: 0x01, action.start)
        return w.cdb
    }

    /// Closing a tray and spinning up can take long without IMMED.
    public var timeout: Duration { immediate ? .seconds(30) : .seconds(60) }
}
