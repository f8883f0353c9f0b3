import CZlib
import Foundation

/// A GPT (UEFI 2.x §5.3) with one partition from 1 MiB to the last whole MiB before the backup table, and a
/// protective MBR (§5.2.3). Pure: bytes for the disk's start (LBA 0–33) and end (the backup entries and header).
///
/// The partition is Microsoft Basic Data, not EFI System: Windows gives a drive letter only to basic data
/// partitions of removable disks, and Windows Setup reads sources/install.wim (or .swm) from that volume; UEFI
/// firmware boots a removable disk from \EFI\BOOT\BOOTX64.EFI on any FAT file system it finds (UEFI §3.5.1.1,
/// §13.3), which the OVMF test proves. Rufus makes its FAT32 sticks the same way.
public struct GPTLayout: Sendable, Hashable {
    public static let sectorBytes = 512
    public static let entryCount = 128
    public static let entryBytes = 128
    /// 128 entries × 128 bytes = 32 sectors.
    public static let entrySectors = UInt64(entryCount * entryBytes / sectorBytes)
    public static let basicDataType = UUID(uuidString: "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7")!
    public static let efiSystemType = UUID(uuidString: "C12A7328-F81F-11D2-BA4B-00A0C93EC93B")!
    static let alignmentSectors: UInt64 = 2048

    public let diskSectors: UInt64
    public let diskGUID: UUID
    public let partitionGUID: UUID
    public let partitionType: UUID
    public let partitionName: String
    public let firstPartitionLBA: UInt64
    public let lastPartitionLBA: UInt64

    public var partitionOffsetBytes: UInt64 { firstPartitionLBA * UInt64(Self.sectorBytes) }
    public var partitionBytes: UInt64 { (lastPartitionLBA - firstPartitionLBA + 1) * UInt64(Self.sectorBytes) }
    /// Where the backup entries begin: the bytes of `tail()` go here.
    public var tailOffsetBytes: UInt64 { (diskSectors - 1 - Self.entrySectors) * UInt64(Self.sectorBytes) }

    /// Nil when the disk is too small for a 1 MiB-aligned partition of at least 1 MiB.
    public init?(diskBytes: UInt64, partitionName: String, partitionType: UUID = GPTLayout.basicDataType,
                 diskGUID: UUID = UUID(), partitionGUID: UUID = UUID()) {
        diskSectors = diskBytes / UInt64(Self.sectorBytes)
        let lastUsable = diskSectors > 34 ? diskSectors - 34 : 0
        let end = (lastUsable + 1) / Self.alignmentSectors * Self.alignmentSectors
        guard end > Self.alignmentSectors * 2 else { return nil }
        firstPartitionLBA = Self.alignmentSectors
        lastPartitionLBA = end - 1
        self.diskGUID = diskGUID
        self.partitionGUID = partitionGUID
        self.partitionType = partitionType
        self.partitionName = partitionName
    }

    /// LBA 0 (protective MBR), 1 (header) and 2–33 (entries).
    public func head() -> [UInt8] {
        var mbr = [UInt8](repeating: 0, count: Self.sectorBytes)
        let sizeField = UInt32(clamping: diskSectors - 1)
        let entry: [UInt8] = [0, 0, 2, 0, 0xEE, 0xFF, 0xFF, 0xFF] + Self.le32(1) + Self.le32(sizeField)
        mbr.replaceSubrange(446..<462, with: entry)
        mbr[510] = 0x55
        mbr[511] = 0xAA
        return mbr + header(primary: true) + entries()
    }

    /// The backup entries, then the backup header in the disk's last sector.
    public func tail() -> [UInt8] { entries() + header(primary: false) }

    func entries() -> [UInt8] {
        var table = [UInt8](repeating: 0, count: Self.entryCount * Self.entryBytes)
        var entry = Self.guidBytes(partitionType) + Self.guidBytes(partitionGUID)
        entry += Self.le64(firstPartitionLBA) + Self.le64(lastPartitionLBA) + Self.le64(0)
        var name = Array(partitionName.utf16.prefix(36)).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        name += [UInt8](repeating: 0, count: 72 - name.count)
        table.replaceSubrange(0..<128, with: entry + name)
        return table
    }

    func header(primary: Bool) -> [UInt8] {
        let current = primary ? 1 : diskSectors - 1
        let backup = primary ? diskSectors - 1 : 1
        let entriesLBA = primary ? 2 : diskSectors - 1 - Self.entrySectors
        var h = Array("EFI PART".utf8) + [0, 0, 1, 0] + Self.le32(92) + Self.le32(0) + Self.le32(0)
        h += Self.le64(current) + Self.le64(backup) + Self.le64(34) + Self.le64(diskSectors - 34)
        h += Self.guidBytes(diskGUID) + Self.le64(entriesLBA) + Self.le32(UInt32(Self.entryCount))
        h += Self.le32(UInt32(Self.entryBytes)) + Self.le32(Self.crc(entries()))
        h.replaceSubrange(16..<20, with: Self.le32(Self.crc(h)))
        return h + [UInt8](repeating: 0, count: Self.sectorBytes - h.count)
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 {
        UInt32(bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
    }

    static func le32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }
    static func le64(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }

    /// GUIDs on disk: the first three fields little-endian, the last two as written (UEFI Appendix A).
    static func guidBytes(_ guid: UUID) -> [UInt8] {
        let u = guid.uuid
        return [u.3, u.2, u.1, u.0, u.5, u.4, u.7, u.6, u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15]
    }
}
