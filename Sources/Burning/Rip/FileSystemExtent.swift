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

extension FileSystemExtent {
    /// The UDF volume starting at `startLBA` (a UDF-only image: no ISO 9660 descriptor to give its size), its
    /// blocks counted from `startLBA`. Partition ends are not enough: mkudffs and genisoimage put the reserve
    /// descriptor sequence and the closing anchors after the partition (ECMA-167 3/8.4.2.1: anchors at 256 and at
    /// N-256 and/or N-1, N the volume's last block + 1). So: the end of the furthest partition or descriptor
    /// sequence (from the anchor at 256), then the last anchor (tag 2, checksum, location = its own block) within
    /// `anchorWindowBlocks` after it, + 1. Reads stop at `trackBlocks`. Nil when there is no anchor at 256.
    static func udfVolumeBlocks(trackBlocks: UInt64, read: (UInt64, Int) async -> [UInt8]?) async -> UInt64? {
        guard trackBlocks > 257, let anchor = await read(256, 1), isAnchor(anchor, at: 256) else { return nil }
        var end: UInt64 = 257
        for offset in [16, 24] {  // main and reserve volume descriptor sequence extents
            let length = UInt64(le32(anchor, offset)), location = UInt64(le32(anchor, offset + 4))
            let blocks = min(length / 2048, 64)
            end = max(end, location + blocks)
            guard location + blocks <= trackBlocks, blocks > 0, let sequence = await read(location, Int(blocks)) else {
                continue
            }
            for index in 0..<Int(blocks) where le16(sequence, index * 2048) == 5 {
                let start = UInt64(le32(sequence, index * 2048 + 188)), size = UInt64(le32(sequence, index * 2048 + 192))
                end = max(end, start + size)
            }
        }
        guard end <= trackBlocks else { return nil }
        var lastAnchor: UInt64?
        var lba = end
        let windowEnd = min(trackBlocks, end + anchorWindowBlocks)
        while lba < windowEnd {
            let count = Int(min(32, windowEnd - lba))
            guard let blocks = await read(lba, count) else { break }
            for index in 0..<count where isAnchor(Array(blocks[(index * 2048)..<(index * 2048 + 2048)]),
                                                  at: lba + UInt64(index)) {
                lastAnchor = lba + UInt64(index)
            }
            lba += UInt64(count)
        }
        return lastAnchor.map { max(end, $0 + 1) } ?? end
    }

    static let anchorWindowBlocks: UInt64 = 512

    /// An anchor volume descriptor pointer (tag 2) whose tag checksum holds and whose location is `lba`.
    static func isAnchor(_ block: [UInt8], at lba: UInt64) -> Bool {
        guard block.count >= 2048, le16(block, 0) == 2, UInt64(le32(block, 12)) == lba else { return false }
        var sum: UInt8 = 0
        for index in 0..<16 where index != 4 { sum &+= block[index] }
        return sum == block[4]
    }

    private static func le16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        offset + 2 <= bytes.count ? UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8 : 0
    }

    private static func le32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        offset + 4 <= bytes.count ? UInt32(le16(bytes, offset)) | UInt32(le16(bytes, offset + 2)) << 16 : 0
    }

    /// Through the drive: READ(10) of the track starting at `startLBA`; UDF addresses are counted from the
    /// volume's start, which is the track's start for a first-session disc.
    static func udfVolumeBlocks(drive: OpticalDrive, startLBA: UInt64, trackBlocks: UInt64) async -> UInt64? {
        await udfVolumeBlocks(trackBlocks: trackBlocks) { lba, count in
            guard startLBA + lba + UInt64(count) <= UInt64(UInt32.max), count > 0, count <= 64,
                  let data = try? await drive.send(Read10(lba: UInt32(startLBA + lba), blocks: UInt16(count)),
                                                   policy: .none), data.count == count * 2048 else { return nil }
            return data
        }
    }
}
