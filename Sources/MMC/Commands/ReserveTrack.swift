import SCSI

/// RESERVE TRACK, opcode 53h: reserve space for the next track (MMC-6 §6.31).
///
/// Two forms, chosen by the ARSV bit (byte 1 bit 0):
/// - size (ARSV = 0, RMZ = 0): bytes 5-8 = reservation size in blocks. Used by DVD-R/-RW DAO (the exact image size,
///   mandatory before writing) and optionally DVD+R / BD-R; the established burners align it to 16 blocks (32 KiB).
/// - address (ARSV = 1): bytes 2-5 = reservation LBA, the start of the next track; the current track ends
///   before it (BD-R SRM track splitting). Bytes 6-8 are zero.
/// The RMZ bit (byte 1 bit 1, HD DVD-R) is always zero here.
public struct ReserveTrack: MMCCommand, Hashable {
    public typealias Response = Void
    public static let name = "RESERVE TRACK"

    public enum Reservation: Sendable, Hashable {
        /// Reserve this many blocks for the invisible/incomplete track.
        case size(blocks: UInt32)
        /// Reserve up to (not including) this LBA: the next track starts there.
        case address(lba: UInt32)
    }

    public let reservation: Reservation

    /// Size form.
    /// - Precondition: `blocks > 0` (programmer error).
    public init(blocks: UInt32) {
        precondition(blocks > 0, "RESERVE TRACK of zero blocks")
        reservation = .size(blocks: blocks)
    }

    /// Address form (ARSV = 1).
    public init(reservationLBA: UInt32) {
        reservation = .address(lba: reservationLBA)
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 10)
        w.set(0, 0x53)
        switch reservation {
        case .size(let blocks):
            w.setUInt32(5, blocks)                  // reservation size (blocks)
        case .address(let lba):
            w.set(1, 0x01)                          // ARSV
            w.setUInt32(2, lba)                     // reservation logical block address
        }
        return w.cdb
    }

    /// Drives may run OPC or write structures here.
    public var timeout: Duration { .seconds(200) }
}
