import Burning
import Foundation

public struct USBWriteOptions: Sendable, Hashable {
    /// Read the disk back past the page cache and compare it with the image.
    public var verify = true
    /// Write an image that will not boot from a stick (not hybrid, UEFI-only El Torito, unknown).
    public var force = false
    /// Write a fixed (non-removable) disk that no system rule refuses, e.g. a loop device or a spare disk.
    public var allowFixed = false
    /// Size of each write and read-back transfer.
    public var transferBytes = 4 << 20
    /// The FIFO between the image reader and the disk writer (aligned slots of `transferBytes`): a second of a fast
    /// stick, small enough that touching it for the first time costs little.
    public var fifoBytes = 32 << 20
    /// `--method`: nil chooses from the image (`MethodChoice`).
    public var method: WriteMethod?
    /// File copy: files larger than this are split (WIM) or refused; FAT32's limit, lowered only by tests.
    public var fileLimitBytes: UInt64 = FATTree.fatFileLimitBytes
    /// File copy: wimlib's .swm part size in MiB.
    public var wimPartMiB = 3800

    public init() {}
}

/// What `plan()` settled, nothing written yet: the disk, the image, and what needs the user's consent.
public struct USBWritePlan: Sendable, Hashable {
    public struct MountedPartition: Sendable, Hashable {
        public var device: String
        public var mountPoint: String
    }

    public var disk: BlockDisk
    public var image: ImageFacts
    /// Raw or file copy, and why.
    public var method: MethodChoice
    /// Partitions of the (removable) disk that are mounted: unmounted only with consent.
    public var mountedPartitions: [MountedPartition]
    /// Over 64 GB: rarely a stick, worth a second look (Etcher's "large drive" warning).
    public var isLargeDisk: Bool { disk.sizeBytes > 64_000_000_000 }
    /// Refusals lifted by --force (boot) and --allow-fixed, shown as warnings.
    public var overridden: [String]
}

/// How a `usb write` ended.
public struct USBWriteResult: Sendable, Hashable {
    public var succeeded: Bool
    public var error: String?
    public var interrupted: Bool
    public var bytesWritten: UInt64
    public var imageBytes: UInt64
    public var elapsedSeconds: Double
    public var averageKilobytesPerSecond: Double
    public var minimumFifoPercent: Double?
    /// SHA-256 of the image as it was written (decompressed).
    public var imageSHA256: String?
    /// The read-back: `sha256` is the disk's over the image's length; blocks are 512 bytes.
    public var verify: VerifyResult
    public var verifySeconds: Double
    public var verifyKilobytesPerSecond: Double
    /// BLKRRPART succeeded: the new partitions are visible.
    public var partitionsReread: Bool
    /// What the disk holds now, in words.
    public var diskState: String
    /// File copy: the FAT label, files copied, WIMs split, symlinks left out (FAT has none).
    public var fileCopy: FileCopySummary? = nil
}

/// What a file-copy write put on the stick.
public struct FileCopySummary: Sendable, Hashable {
    public var label: String
    public var files: Int
    public var bytes: UInt64
    public var splitWIMs: [String]
    public var skippedSymlinks: [String]
}

/// What a `USBWriteJob` streams: progress (Burning's `BurnStatus`, profile `.removableDisk`), then one result.
public enum USBWriteEvent: Sendable, Hashable {
    case status(BurnStatus)
    case result(USBWriteResult)
}
