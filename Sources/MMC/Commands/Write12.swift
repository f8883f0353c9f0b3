import SCSI

/// WRITE (12), opcode AAh: like WRITE (10) with a 32-bit transfer length and the Streaming bit (MMC-6 §6.45).
///
/// CDB: byte 1 bit 3 = FUA; bytes 2-5 = LBA; bytes 6-9 = transfer length in blocks; byte 10 bit 7 = Streaming.
/// On media with defect management (BD-RE, formatted BD-R, DVD-RAM) Streaming asks the drive to skip the
/// verify-after-write and defect replacement, which brings writing to nominal speed; the established burners send
/// it in whole 32 KiB (DVD) / 64 KiB (BD) buffers. Streaming is meant for data that can tolerate that.
/// MMC-5 does not promise WRITE (12) for every profile: check the drive accepts it (5/20/00 otherwise).
public struct Write12: MMCCommand, Hashable {
    public static let name = "WRITE (12)"

    public let lba: UInt32
    public let data: [UInt8]
    public let streaming: Bool
    /// Bytes per logical block.
    public let blockSizeBytes: Int
    public let forceUnitAccess: Bool

    /// - Precondition: `blockSizeBytes > 0`; `data` is a whole, non-zero number of blocks (programmer errors).
    public init(lba: UInt32, data: [UInt8], streaming: Bool = false, blockSizeBytes: Int = 2048,
                forceUnitAccess: Bool = false) {
        precondition(blockSizeBytes > 0, "block size must be positive")
        precondition(!data.isEmpty && data.count % blockSizeBytes == 0,
                     "WRITE (12) data must be a whole, non-zero number of \(blockSizeBytes)-byte blocks")
        precondition(UInt32(exactly: data.count / blockSizeBytes) != nil, "too many blocks for one WRITE (12)")
        self.lba = lba
        self.data = data
        self.streaming = streaming
        self.blockSizeBytes = blockSizeBytes
        self.forceUnitAccess = forceUnitAccess
    }

    /// Number of blocks carried.
    public var blocks: UInt32 { UInt32(data.count / blockSizeBytes) }

    public var cdb: CDB {
        var w = ByteWriter(count: 12)
        w.set(0, 0xAA)
        w.setBits(1, mask: 0x08, forceUnitAccess)   // FUA
        w.setUInt32(2, lba)                         // logical block address
        w.setUInt32(6, blocks)                      // transfer length (blocks)
        w.setBits(10, mask: 0x80, streaming)        // Streaming
        return w.cdb
    }

    public var transfer: DataTransfer { .toDevice(data) }

    public var timeout: Duration { .seconds(200) }  // libburn: 200 s; an SG_IO timeout resets the drive mid-write
}
