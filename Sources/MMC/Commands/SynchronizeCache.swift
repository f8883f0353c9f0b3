import SCSI

/// SYNCHRONIZE CACHE (10), opcode 35h: write everything in the drive's buffer to the medium (MMC-6 §6.41).
///
/// CDB: byte 1 bit 1 = IMMED; the LBA (bytes 2-5) and block count (bytes 7-8) are zero, meaning "the whole
/// cache". It is mandatory after the last WRITE of a track or session. On DVD-R DAO and CD SAO the drive may also
/// write the lead-out here, which takes minutes on a nearly empty disc.
///
/// With `immediate` the drive answers at once and works on; poll for completion (READ DISC INFORMATION or REQUEST
/// SENSE progress), not TEST UNIT READY alone (see MMC-NOTES). Some drives want a second, non-IMMED
/// SYNCHRONIZE CACHE after the IMMED one completes.
public struct SynchronizeCache: MMCCommand, Hashable {
    public typealias Response = Void
    public static let name = "SYNCHRONIZE CACHE"

    public let immediate: Bool

    public init(immediate: Bool = true) {
        self.immediate = immediate
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 10)
        w.set(0, 0x35)
        w.setBits(1, mask: 0x02, immediate)         // IMMED
        return w.cdb
    }

    /// IMMED: a minute; without: 15 minutes (flush plus possible lead-out at low speed).
    public var timeout: Duration { immediate ? .seconds(200) : .seconds(3600) }
}
