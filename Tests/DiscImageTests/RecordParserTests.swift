@testable import DiscImage
import XCTest

/// Byte vectors laid out from ECMA-119 / RRIP / El Torito, field by field.
final class RecordParserTests: XCTestCase {
    /// A directory record (ECMA-119 §9.1) with identifier `name` and optional system use bytes.
    static func record(lba: UInt32, size: UInt32, flags: UInt8, name: [UInt8], systemUse: [UInt8] = []) -> [UInt8] {
        let pad = name.count % 2 == 0 ? 1 : 0
        let length = 33 + name.count + pad + systemUse.count
        var bytes: [UInt8] = [UInt8(length), 0]                       // 0 length, 1 extended attribute length
        bytes += le32(lba) + be32(lba)                                   // 2-9 extent location, both orders
        bytes += le32(size) + be32(size)                                 // 10-17 data length, both orders
        bytes += [124, 5, 1, 12, 30, 45, 8]                              // 18-24 2024-05-01 12:30:45 +02:00
        bytes += [flags, 0, 0]                                           // 25 flags, 26 unit size, 27 gap
        bytes += [1, 0, 0, 1]                                            // 28-31 volume sequence number
        bytes += [UInt8(name.count)] + name                              // 32 name length, 33- name
        bytes += [UInt8](repeating: 0, count: pad) + systemUse           // padding, system use
        return bytes
    }

    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
    static func be32(_ value: UInt32) -> [UInt8] { le32(value).reversed() }

    func testDirectoryRecordFields() throws {
        let bytes = Self.record(lba: 0x1234, size: 0x0102_0304, flags: 0x80, name: Array("FILE.TXT;1".utf8))
        let record = try XCTUnwrap(DirectoryRecord(ByteView(bytes)))
        XCTAssertEqual(record.recordBytes, 33 + 10 + 1)
        XCTAssertEqual(record.extentLBA, 0x1234)
        XCTAssertEqual(record.dataLengthBytes, 0x0102_0304)
        XCTAssertEqual(record.flags, [.multiExtent])
        XCTAssertEqual(record.isoName, "FILE.TXT")
        let date = try XCTUnwrap(record.recordingDate)
        XCTAssertEqual([date.year, date.month, date.day, date.hour, date.minute, date.second],
                       [2024, 5, 1, 12, 30, 45])
        XCTAssertEqual(date.utcOffsetQuarterHours, 8)
        XCTAssertEqual(date.iso8601, "2024-05-01T10:30:45Z")
    }

    func testHostileRecordsAreRejected() {
        var bytes = Self.record(lba: 1, size: 1, flags: 0, name: [0x41])
        XCTAssertNil(DirectoryRecord(ByteView(Array(bytes.prefix(20)))))   // announced > received
        bytes[0] = 200
        XCTAssertNil(DirectoryRecord(ByteView(bytes)))                     // length past the view
        bytes[0] = UInt8(bytes.count)
        bytes[32] = 60
        XCTAssertNil(DirectoryRecord(ByteView(bytes)))                     // name past the record
        XCTAssertNil(DirectoryRecord(ByteView([])))
        XCTAssertNil(DirectoryRecord(ByteView([0x22] + [UInt8](repeating: 0, count: 40))))  // name length 0
    }

    func testJolietName() throws {
        let name: [UInt8] = [0x00, 0x61, 0x00, 0xFC, 0x65, 0x87, 0x00, 0x3B, 0x00, 0x31]  // "aü文;1" UCS-2 BE
        let record = try XCTUnwrap(DirectoryRecord(ByteView(Self.record(lba: 1, size: 0, flags: 0, name: name))))
        XCTAssertEqual(record.jolietName, "aü文")
    }

    func testRockRidgeEntries() throws {
        var susp: [UInt8] = []
        susp += [0x50, 0x58, 44, 1] + Self.le32(0o100640) + Self.be32(0o100640)   // PX mode
            + Self.le32(1) + Self.be32(1) + Self.le32(1000) + Self.be32(1000)     // links, uid
            + Self.le32(100) + Self.be32(100)                                     // gid
            + Self.le32(77) + Self.be32(77)                                       // serial number (RRIP 1.12)
        susp += [0x4E, 0x4D, 5 + 4, 1, 0x01] + Array("long".utf8)                 // NM, CONTINUE
        susp += [0x4E, 0x4D, 5 + 5, 1, 0x00] + Array("-name".utf8)                // NM, final part
        susp += [0x54, 0x46, 5 + 7, 1, 0x02, 101, 1, 2, 3, 4, 5, 0]               // TF modify 2001-01-02 03:04:05
        let fields = try RockRidgeFields.read(ByteView(susp), skipBytes: 0,
                                              reader: BlockReader(file: try emptyFile()))
        XCTAssertEqual(fields.name, "long-name")
        XCTAssertEqual(fields.mode, 0o100640)
        XCTAssertEqual(fields.uid, 1000)
        XCTAssertEqual(fields.gid, 100)
        XCTAssertEqual(fields.modification?.iso8601, "2001-01-02T03:04:05Z")
        XCTAssertFalse(fields.damaged)
    }

    func testSymlinkComponents() throws {
        // SL: flags 0; components: ROOT, "usr", PARENT, "li" (continues) + "b" → "/usr/../lib"
        let components: [UInt8] = [0x08, 0] + [0x00, 3] + Array("usr".utf8) + [0x04, 0]
            + [0x01, 2] + Array("li".utf8) + [0x00, 1] + Array("b".utf8)
        let susp: [UInt8] = [0x53, 0x4C, UInt8(5 + components.count), 1, 0] + components
        let fields = try RockRidgeFields.read(ByteView(susp), skipBytes: 0, reader: BlockReader(file: try emptyFile()))
        XCTAssertEqual(fields.symlinkTarget, "/usr/../lib")
    }

    func testTruncatedSUSPAndContinuationOutsideFileDegrade() throws {
        let short: [UInt8] = [0x4E, 0x4D, 40, 1, 0, 0x41]                          // NM announcing 40, 6 present
        let damaged = try RockRidgeFields.read(ByteView(short), skipBytes: 0, reader: BlockReader(file: try emptyFile()))
        XCTAssertTrue(damaged.damaged)
        XCTAssertNil(damaged.name)
        let ce: [UInt8] = [0x43, 0x45, 28, 1] + Self.le32(999_999) + Self.be32(999_999)
            + Self.le32(0) + Self.be32(0) + Self.le32(100) + Self.be32(100)
        let continued = try RockRidgeFields.read(ByteView(ce), skipBytes: 0, reader: BlockReader(file: try emptyFile()))
        XCTAssertTrue(continued.damaged)
    }

    func testBootCatalogFromBytes() throws {
        var validation: [UInt8] = [0x01, 0x00, 0, 0] + [UInt8](repeating: 0, count: 24) + [0, 0, 0x55, 0xAA]
        var sum: UInt16 = 0
        for index in stride(from: 0, to: 32, by: 2) { sum &+= UInt16(validation[index]) | UInt16(validation[index + 1]) << 8 }
        let checksum = 0 &- sum
        validation[28] = UInt8(checksum & 0xFF)
        validation[29] = UInt8(checksum >> 8)
        let initial: [UInt8] = [0x88, 0x00, 0, 0, 0, 0, 4, 0] + Self.le32(34) + [UInt8](repeating: 0, count: 20)
        let section: [UInt8] = [0x91, 0xEF, 1, 0] + [UInt8](repeating: 0, count: 28)
        let efi: [UInt8] = [0x88, 0x00, 0, 0, 0, 0, 0x80, 0] + Self.le32(35) + [UInt8](repeating: 0, count: 20)
        var block = validation + initial + section + efi
        block += [UInt8](repeating: 0, count: 2048 - block.count)
        let path = try TestSupport.scratch("catalog") + "/cat.bin"
        try Data(block).write(to: URL(fileURLWithPath: path))
        let catalog = try XCTUnwrap(try BootCatalog.read(BlockReader(file: ImageFile(path: path)), lba: 0))
        XCTAssertEqual(catalog.entries, [
            .init(platform: .bios, bootable: true, emulation: BootCatalog.Emulation.none, loadSegment: 0,
                  sectorCount512: 4, loadLBA: 34),
            .init(platform: .uefi, bootable: true, emulation: BootCatalog.Emulation.none, loadSegment: 0,
                  sectorCount512: 128, loadLBA: 35),
        ])
        block[28] ^= 1                                                             // break the checksum
        try Data(block).write(to: URL(fileURLWithPath: path))
        XCTAssertNil(try BootCatalog.read(BlockReader(file: ImageFile(path: path)), lba: 0))
    }

    func testCueSheetParsing() throws {
        let sheet = try CueSheet.parse("""
            FILE "My Disc.bin" BINARY
              TRACK 01 MODE1/2352
                INDEX 01 00:00:00
              TRACK 02 AUDIO
                INDEX 00 01:00:00
                INDEX 01 01:02:03
            """, path: "x.cue")
        XCTAssertEqual(sheet.files, ["My Disc.bin"])
        XCTAssertEqual(sheet.tracks.map(\.mode), ["MODE1/2352", "AUDIO"])
        XCTAssertEqual(sheet.tracks.map(\.sectorBytes), [2352, 2352])
        XCTAssertEqual(sheet.tracks.map(\.startSector), [0, (60 + 2) * 75 + 3])
        XCTAssertThrowsError(try CueSheet.parse("hello", path: "x.cue"))
    }

    func testSymlinkContainment() {
        func inside(_ target: String, _ directory: [String]) -> Bool {
            ExtractionPath.symlinkStaysInside(target, linkDirectory: directory, isRealDirectory: { _ in true })
        }
        XCTAssertTrue(inside("../bin/run.sh", ["docs"]))
        XCTAssertFalse(inside("../../x", ["docs"]))
        XCTAssertFalse(inside("/etc/passwd", ["a", "b", "c"]))
        XCTAssertTrue(inside("./a/../b", []))
    }

    /// 64 KiB of seeded garbage through every parser, at every offset: nil or values, never a trap.
    func testGarbageNeverTraps() throws {
        var random = SeededBytes(seed: 0xD15C)
        let garbage = random.bytes(64 * 1024)
        let view = ByteView(garbage)
        let reader = BlockReader(file: try emptyFile())
        for offset in stride(from: 0, to: garbage.count, by: 7) {
            guard let slice = view.slice(offset, min(2048, garbage.count - offset)) else { continue }
            if let record = DirectoryRecord(slice) {
                _ = record.isoName
                _ = record.jolietName
                _ = try RockRidgeFields.read(record.systemUse, skipBytes: 0, reader: reader)
            }
            _ = try RockRidgeFields.read(slice, skipBytes: Int(garbage[offset]), reader: reader)
            _ = ISODate(longForm: slice)
            _ = VolumeDescriptorSet.isJoliet(slice)
            _ = BootCatalog.isValidationEntry(slice)
        }
    }

    private func emptyFile() throws -> ImageFile {
        let path = try TestSupport.scratch("empty") + "/empty"
        FileManager.default.createFile(atPath: path, contents: Data())
        return try ImageFile(path: path)
    }
}
