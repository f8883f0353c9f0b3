import SCSI

/// READ (10), opcode 28h: read `blocks` logical blocks starting at `lba` (MMC-6 §6.15, CDB layout from SBC-3).
///
/// CDB: byte 1 bit 3 = FUA (force unit access: read from the medium, not the cache); bytes 2-5 = LBA; bytes 7-8 =
/// transfer length in blocks. The block size is not in the CDB: it is what the medium has (2048 bytes for DVD, BD
/// and CD mode 1 / mode 2 form 1 data tracks), so callers say what they expect and the allocation follows.
///
/// The response is the bytes that arrived, at most `expectedBytes` (extra bytes from a misbehaving transport are
/// cut off). A short answer is *not* an error here: a total parser cannot know whether the transport already
/// reported the residual, so callers that need whole blocks compare `response.count` with `expectedBytes` (or the
/// transport's residual) and decide. Everything past a short answer is simply absent, never zero-filled.
public struct Read10: MMCCommand, Hashable {
    public static let name = "READ (10)"

    public let lba: UInt32
    /// Number of blocks to read, 1...65535.
    public let blocks: UInt16
    /// Bytes per logical block on the medium (2048 for data discs, 2352 for CD-DA via READ CD instead).
    public let blockSizeBytes: Int
    /// FUA: bypass the drive's read cache.
    public let forceUnitAccess: Bool

    /// - Precondition: `blocks > 0` and `blockSizeBytes > 0` (programmer errors).
    public init(lba: UInt32, blocks: UInt16, blockSizeBytes: Int = 2048, forceUnitAccess: Bool = false) {
        precondition(blocks > 0, "READ (10) of zero blocks is not useful")
        precondition(blockSizeBytes > 0, "block size must be positive")
        self.lba = lba
        self.blocks = blocks
        self.blockSizeBytes = blockSizeBytes
        self.forceUnitAccess = forceUnitAccess
    }

    /// Bytes a complete answer carries: `blocks × blockSizeBytes`.
    public var expectedBytes: Int { Int(blocks) * blockSizeBytes }

    public var cdb: CDB {
        var w = ByteWriter(count: 10)
        w.set(0, 0x28)
        w.setBits(1, mask: 0x08, forceUnitAccess)   // FUA
        w.setUInt32(2, lba)                         // logical block address
        w.setUInt16(7, blocks)                      // transfer length (blocks)
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: expectedBytes) }

    /// Reads may retry bad sectors internally for a long time before giving up.
    public var timeout: Duration { .seconds(60) }

    /// The bytes received, cut to `expectedBytes`; may be shorter (see the type's documentation).
    public func parse(_ data: [UInt8]) throws(MMCParseError) -> [UInt8] {
        data.count > expectedBytes ? Array(data.prefix(expectedBytes)) : data
    }
}
