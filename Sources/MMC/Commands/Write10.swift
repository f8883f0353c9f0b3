import SCSI

/// WRITE (10), opcode 2Ah: write whole logical blocks starting at `lba` (MMC-6 §6.44).
///
/// CDB: byte 1 bit 3 = FUA (write through the cache); bytes 2-5 = LBA; bytes 7-8 = transfer length in blocks.
/// The data goes to the device (`.toDevice`), exactly `blocks × blockSizeBytes` bytes.
///
/// LBAs are 32-bit two's complement: a CD SAO session starts at LBA −150 (FFFFFF6Ah), which `init(signedLBA:...)`
/// spells directly. On sequential media the LBA must be the next writable address; a drive that is still busy
/// answers 2/04/08 (long write in progress), which the sense table retries.
public struct Write10: MMCCommand, Hashable {
    public static let name = "WRITE (10)"

    public let lba: UInt32
    public let data: [UInt8]
    /// Bytes per logical block (2048 for data; 2352 for CD-DA, as set by the write parameters page).
    public let blockSizeBytes: Int
    public let forceUnitAccess: Bool

    /// - Precondition: `blockSizeBytes > 0`; `data` is a whole, non-zero number of blocks, at most 65535 of them
    ///   (programmer errors).
    public init(lba: UInt32, data: [UInt8], blockSizeBytes: Int = 2048, forceUnitAccess: Bool = false) {
        precondition(blockSizeBytes > 0, "block size must be positive")
        precondition(!data.isEmpty && data.count % blockSizeBytes == 0,
                     "WRITE (10) data must be a whole, non-zero number of \(blockSizeBytes)-byte blocks")
        precondition(data.count / blockSizeBytes <= Int(UInt16.max), "WRITE (10) carries at most 65535 blocks")
        self.lba = lba
        self.data = data
        self.blockSizeBytes = blockSizeBytes
        self.forceUnitAccess = forceUnitAccess
    }

    /// Same, with a signed LBA (e.g. −150 for the start of a CD SAO pre-gap).
    public init(signedLBA: Int32, data: [UInt8], blockSizeBytes: Int = 2048, forceUnitAccess: Bool = false) {
        self.init(lba: UInt32(bitPattern: signedLBA), data: data, blockSizeBytes: blockSizeBytes,
                  forceUnitAccess: forceUnitAccess)
    }

    /// Number of blocks carried.
    public var blocks: UInt16 { UInt16(data.count / blockSizeBytes) }

    public var cdb: CDB {
        var w = ByteWriter(count: 10)
        w.set(0, 0x2A)
        w.setBits(1, mask: 0x08, forceUnitAccess)   // FUA
        w.setUInt32(2, lba)                         // logical block address
        w.setUInt16(7, blocks)                      // transfer length (blocks)
        return w.cdb
    }

    public var transfer: DataTransfer { .toDevice(data) }

    /// The first write of a DAO/SAO session may wait for OPC and lead-in before the drive takes data.
    public var timeout: Duration { .seconds(200) }  // libburn: 200 s; an SG_IO timeout resets the drive mid-write
}
