import SCSI

/// READ (12), opcode A8h: like READ (10) with a 32-bit transfer length and the Streaming bit (MMC-6 §6.16).
///
/// CDB: byte 1 bit 3 = FUA; bytes 2-5 = LBA; bytes 6-9 = transfer length in blocks; byte 10 bit 7 = Streaming
/// (read for real-time streaming: the drive favours keeping up over retrying defective blocks).
/// Drive command references (e.g. Pioneer's BDR-203) state that FUA must be zero when Streaming is one; this type
/// treats that combination as a programmer error.
///
/// The response is the bytes that arrived, at most `expectedBytes`; a short answer is returned as it came and
/// callers compare its count with `expectedBytes` (see `Read10`).
public struct Read12: MMCCommand, Hashable {
    public static let name = "READ (12)"

    public let lba: UInt32
    /// Number of blocks to read (at least 1).
    public let blocks: UInt32
    public let streaming: Bool
    /// Bytes per logical block on the medium.
    public let blockSizeBytes: Int
    public let forceUnitAccess: Bool

    /// - Precondition: `blocks > 0`, `blockSizeBytes > 0`, `blocks × blockSizeBytes` fits an `Int`, and not both
    ///   `streaming` and `forceUnitAccess` (programmer errors).
    public init(lba: UInt32, blocks: UInt32, streaming: Bool = false, blockSizeBytes: Int = 2048,
                forceUnitAccess: Bool = false) {
        precondition(blocks > 0, "READ (12) of zero blocks is not useful")
        precondition(blockSizeBytes > 0, "block size must be positive")
        precondition(!Int(blocks).multipliedReportingOverflow(by: blockSizeBytes).overflow,
                     "transfer size overflows")
        precondition(!(streaming && forceUnitAccess), "FUA must be zero when Streaming is set")
        self.lba = lba
        self.blocks = blocks
        self.streaming = streaming
        self.blockSizeBytes = blockSizeBytes
        self.forceUnitAccess = forceUnitAccess
    }

    /// Bytes a complete answer carries: `blocks × blockSizeBytes`.
    public var expectedBytes: Int { Int(blocks) * blockSizeBytes }

    public var cdb: CDB {
        var w = ByteWriter(count: 12)
        w.set(0, 0xA8)
        w.setBits(1, mask: 0x08, forceUnitAccess)   // FUA
        w.setUInt32(2, lba)                         // logical block address
        w.setUInt32(6, blocks)                      // transfer length (blocks)
        w.setBits(10, mask: 0x80, streaming)        // Streaming
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: expectedBytes) }

    public var timeout: Duration { .seconds(60) }

    /// The bytes received, cut to `expectedBytes`; may be shorter.
    public func parse(_ data: [UInt8]) throws(MMCParseError) -> [UInt8] {
        data.count > expectedBytes ? Array(data.prefix(expectedBytes)) : data
    }
}
