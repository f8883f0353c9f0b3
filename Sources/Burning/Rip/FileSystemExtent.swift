import MMC
import SCSI

/// Where the file system on a track ends, so a rip holds the image that was burned and not the padding after
/// it (CD tracks of at least 300 blocks, DVD ECC blocks of 16, BD clusters of 32).
enum FileSystemExtent {
    /// The ISO 9660 volume starting at `startLBA`: the primary volume descriptor at `startLBA + 16` and its
    /// volume space size (ECMA-119 §8.4.8), both-endian fields that must agree. mkisofs and libisofs count it
    /// from the session's start, so it is the session's length also for a later session. Nil when the track
    /// holds no readable ISO 9660 descriptor (data, UDF only, audio).
    static func isoVolumeBlocks(drive: OpticalDrive, startLBA: UInt64) async -> UInt64? {
        guard startLBA + 16 <= UInt64(UInt32.max),
              let block = try? await drive.send(Read10(lba: UInt32(startLBA + 16), blocks: 1), policy: .none)
        else { return nil }
        return primaryVolumeBlocks(block)
    }

    /// Pure: the volume space size of a primary volume descriptor block, nil when it is not one.
    static func primaryVolumeBlocks(_ block: [UInt8]) -> UInt64? {
        guard block.count >= 2048, block[0] == 1, Array(block[1..<6]) == Array("CD001".utf8), block[6] == 1 else {
            return nil
        }
        let reader = ByteReader(block)
        let little = UInt32(block[80]) | UInt32(block[81]) << 8 | UInt32(block[82]) << 16 | UInt32(block[83]) << 24
        let blockBytes = UInt16(block[128]) | UInt16(block[129]) << 8
        guard let big = try? reader.uint32(at: 84), little == big, little > 0, blockBytes == 2048 else { return nil }
        return UInt64(little)
    }
}
