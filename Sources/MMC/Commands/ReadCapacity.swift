import SCSI

/// READ CAPACITY answer (MMC-6 §6.19): the last readable block and the block size.
public struct Capacity: Sendable, Hashable {
    /// Bytes 0-3, as the drive sent it.
    public var lastLogicalBlockAddress: UInt32
    /// Bytes 4-7, normally 2048.
    public var blockLengthBytes: UInt32

    public init(lastLogicalBlockAddress: UInt32, blockLengthBytes: UInt32) {
        self.lastLogicalBlockAddress = lastLogicalBlockAddress
        self.blockLengthBytes = blockLengthBytes
    }

    /// Readable blocks: last LBA + 1. A blank disc is answered with last LBA 0 by real drives (dvd+rw-mediainfo
    /// shows "0*2048=0") or, by targets that compute "size − 1" of an empty medium, FFFFFFFFh; both read as 0
    /// blocks here. A recorded disc never ends at LBA 0 (a CD track is at least 300 blocks, a DVD ECC block 16),
    /// so nothing real is lost. To know whether a disc is blank, ask READ DISC INFORMATION, not this.
    public var blocks: UInt64 {
        switch lastLogicalBlockAddress {
        case 0, .max: return 0
        default: return UInt64(lastLogicalBlockAddress) + 1
        }
    }

    /// `blocks` × `blockLengthBytes`.
    public var bytes: UInt64 { blocks * UInt64(blockLengthBytes) }
}

/// READ CAPACITY (MMC-6 §6.19): opcode 25h, 10-byte CDB with no fields set (RelAdr, LBA and PMI are obsolete
/// for MMC and must be zero); 8 bytes come back.
///
/// Parsing: fewer than 8 bytes throws `MMCParseError`; extra bytes are ignored.
public struct ReadCapacity: MMCCommand {
    public typealias Response = Capacity
    public static let name = "READ CAPACITY"
    public static let responseLength = 8

    public init() {}

    public var cdb: CDB { CDB(opcode: 0x25, length: 10) }

    public var transfer: DataTransfer { .fromDevice(allocationLength: Self.responseLength) }

    public func parse(_ data: [UInt8]) throws(MMCParseError) -> Capacity {
        try MMCParseError.wrap(Self.name) {
            let r = ByteReader(data)
            guard r.count >= Self.responseLength else {
                throw MMCParseError(Self.name, "\(r.count) byte(s), the answer needs 8")
            }
            return Capacity(lastLogicalBlockAddress: try r.uint32(at: 0), blockLengthBytes: try r.uint32(at: 4))
        }
    }
}
