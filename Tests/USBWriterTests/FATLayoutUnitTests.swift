import CZlib
import DiscImage
@testable import USBWriter
import XCTest

/// The pure parts of the file-copy method: the GPT bytes, the FAT label, the tree checks.
final class FATLayoutUnitTests: XCTestCase {
    static func le32(_ b: [UInt8], _ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(b[at + $1]) << (8 * $1) } }
    static func le64(_ b: [UInt8], _ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(b[at + $1]) << (8 * $1) } }
    static func crc(_ b: ArraySlice<UInt8>) -> UInt32 {
        let bytes = Array(b)
        return UInt32(bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
    }

    func testGPTHeadersEntriesAndProtectiveMBR() throws {
        let diskBytes: UInt64 = 64 << 20
        let layout = try XCTUnwrap(GPTLayout(diskBytes: diskBytes, partitionName: "WIN10"))
        XCTAssertEqual(layout.firstPartitionLBA, 2048)
        XCTAssertEqual(layout.lastPartitionLBA, 131_071 - 2048)  // the last whole MiB before the backup table
        let head = layout.head(), tail = layout.tail()
        XCTAssertEqual(head.count, 34 * 512)
        XCTAssertEqual(tail.count, 33 * 512)
        XCTAssertEqual(layout.tailOffsetBytes + UInt64(tail.count), diskBytes)
        XCTAssertEqual(head[446 + 4], 0xEE)
        XCTAssertEqual(Self.le32(head, 446 + 8), 1)
        XCTAssertEqual(Self.le32(head, 446 + 12), 131_071)
        XCTAssertEqual(Array(head[510...511]), [0x55, 0xAA])
        for (header, current, backup, entries) in [(Array(head[512..<1024]), UInt64(1), UInt64(131_071), UInt64(2)),
                                                   (Array(tail[(32 * 512)...]), 131_071, 1, 131_071 - 32)] {
            XCTAssertEqual(Array(header[0..<8]), Array("EFI PART".utf8))
            var zeroed = Array(header[0..<92])
            zeroed.replaceSubrange(16..<20, with: [0, 0, 0, 0])
            XCTAssertEqual(Self.le32(header, 16), Self.crc(zeroed[...]), "header CRC")
            XCTAssertEqual(Self.le64(header, 24), current)
            XCTAssertEqual(Self.le64(header, 32), backup)
            XCTAssertEqual(Self.le64(header, 40), 34)
            XCTAssertEqual(Self.le64(header, 48), 131_072 - 34)
            XCTAssertEqual(Self.le64(header, 72), entries)
            XCTAssertEqual(Self.le32(header, 80), 128)
            XCTAssertEqual(Self.le32(header, 84), 128)
            XCTAssertEqual(Self.le32(header, 88), Self.crc(head[1024..<(34 * 512)]), "entries CRC")
        }
        XCTAssertEqual(Array(head[1024..<(34 * 512)]), Array(tail[0..<(32 * 512)]))
        // Basic data type EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, mixed-endian on disk.
        XCTAssertEqual(Array(head[1024..<1040]), [0xA2, 0xA0, 0xD0, 0xEB, 0xE5, 0xB9, 0x33, 0x44,
                                                  0x87, 0xC0, 0x68, 0xB6, 0xB7, 0x26, 0x99, 0xC7])
        XCTAssertEqual(Self.le64(head, 1024 + 32), 2048)
        XCTAssertEqual(Self.le64(head, 1024 + 40), layout.lastPartitionLBA)
        XCTAssertEqual(Array(head[(1024 + 56)..<(1024 + 66)]), [0x57, 0, 0x49, 0, 0x4E, 0, 0x31, 0, 0x30, 0])
        XCTAssertNil(GPTLayout(diskBytes: 2 << 20, partitionName: "X"))
    }

    func testLabelFollowsTheVolumeIdWithinFATLimits() {
        XCTAssertEqual(FATLabel.label(fromVolumeId: "CCCOMA_X64FRE_EN-US_DV9"), "CCCOMA_X64F")
        XCTAssertEqual(FATLabel.label(fromVolumeId: "Debian 12.5.0 amd64"), "DEBIAN 12_5")
        XCTAssertEqual(FATLabel.label(fromVolumeId: "a:b*c?d.e"), "A_B_C_D_E")
        XCTAssertEqual(FATLabel.label(fromVolumeId: "  "), "DISCBURN")
        XCTAssertEqual(FATLabel.label(fromVolumeId: nil), "DISCBURN")
        XCTAssertEqual(FATLabel.label(fromVolumeId: "Ünïcode"), "_N_CODE")
        XCTAssertEqual(FATLabel.serial(fromVolumeId: "X"), FATLabel.serial(fromVolumeId: "X"))
        XCTAssertNotEqual(FATLabel.serial(fromVolumeId: "X"), FATLabel.serial(fromVolumeId: "Y"))
    }

    func entry(_ path: String, _ kind: ImageEntry.Kind = .file, size: Int64 = 10) -> ImageEntry {
        ImageEntry(path: path, name: (path as NSString).lastPathComponent, kind: kind, sizeBytes: size,
                   firstExtent: nil, modificationDate: nil,
                   depth: path.split(separator: "/").count)
    }

    func testTreeRefusesNamesFATCannotHoldAndSplitsOnlyWIMs() throws {
        let ok = try FATTree.survey([entry("/efi", .directory), entry("/efi/boot", .directory),
                                     entry("/efi/boot/bootx64.efi"), entry("/link", .symlink),
                                     entry("/sources", .directory), entry("/sources/install.wim", size: 5000)],
                                    fileLimitBytes: 4096) { _ in true }
        XCTAssertEqual(ok.files.map(\.path), ["/efi/boot/bootx64.efi", "/sources/install.wim"])
        XCTAssertEqual(ok.files.map(\.splitWIM), [false, true])
        XCTAssertEqual(ok.skippedSymlinks, ["/link"])
        XCTAssertEqual(ok.totalBytes, 5010)
        for (entries, words) in [([entry("/a:b")], "FAT does not allow"),
                                 ([entry("/dots.")], "ends in a dot"),
                                 ([entry("/A"), entry("/a")], "only in case"),
                                 ([entry("/big.iso", size: 5000)], "only a .wim image"),
                                 ([entry("/fake.wim", size: 5000)], "only a .wim image")] {
            XCTAssertThrowsError(try FATTree.survey(entries, fileLimitBytes: 4096) { $0.name != "fake.wim" }) {
                guard case .fileCopy(let reason)? = $0 as? USBWriteError else { return XCTFail("\($0)") }
                XCTAssertTrue(reason.contains(words), reason)
            }
        }
        XCTAssertEqual(FATTree.fatFileLimitBytes, 4_294_967_295)
    }
}
