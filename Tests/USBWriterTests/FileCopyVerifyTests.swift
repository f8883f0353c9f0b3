import Burning
import Crypto
import Foundation
@testable import USBWriter
import XCTest

/// The file-copy read-back after the raw one: the backup GPT, then every file by SHA-256 through mcopy on the
/// disk itself (a name with brackets, which mtools would read as a pattern). A regular file stands for the disk (the handle accepts one).
final class FileCopyVerifyTests: XCTestCase {
    override func setUp() { setenv("MTOOLS_SKIP_CHECK", "1", 1) }

    func testReadBackNamesAFileThatDiffersAndADamagedBackupGPT() throws {
        let work = try FileCopyFixtures.directory("verify")
        let disk = work.appendingPathComponent("disk.img")
        FileManager.default.createFile(atPath: disk.path, contents: nil)
        XCTAssertEqual(truncate(disk.path, 64 << 20), 0)
        let layout = try XCTUnwrap(GPTLayout(diskBytes: 64 << 20, partitionName: "T"))
        let handle = try FileHandle(forUpdating: disk)
        try handle.seek(toOffset: 0)
        handle.write(Data(layout.head()))
        try handle.seek(toOffset: layout.tailOffsetBytes)
        handle.write(Data(layout.tail()))
        try handle.close()
        try FileCopyFixtures.run("mkfs.fat", package: "dosfstools", ["-F", "32", "--offset=2048", disk.path,
                                                                     "\(layout.partitionBytes / 1024)"])
        let stick = disk.path + "@@\(layout.partitionOffsetBytes)"
        let source = work.appendingPathComponent("hello.txt")
        try Data("hello\n".utf8).write(to: source)
        try FileCopyFixtures.run("mcopy", package: "mtools", ["-i", stick, source.path, "::/hello[1].txt"])
        let sha = SHA256.hash(data: Data("hello\n".utf8)).map { String(format: "%02x", $0) }.joined()
        let staged = StagedStick(imagePath: work.appendingPathComponent("stick.img").path, prefixBytes: 0,
                                 layout: layout, tail: layout.tail(), label: "T",
                                 files: [.init(path: "/hello[1].txt", sizeBytes: 6, sha256: sha)],
                                 skippedSymlinks: [], splitWIMs: [])
        let image = try temporaryFile("image.bin", [UInt8](repeating: 0, count: 4096))
        let target = BlockDisk(name: "disk", path: disk.path, majorMinor: "0:0", sizeBytes: 64 << 20, bus: .virtual,
                               removableFlag: true, readOnly: false, partitions: [], holders: [], mountPoints: [],
                               isSwap: false)
        let plan = USBWritePlan(disk: target, image: try ImageFacts.inspect(path: image.path),
                                method: MethodChoice(method: .files, reason: "test"), mountedPartitions: [],
                                overridden: [])
        let writer = DeviceWriter(plan: plan, devicePath: disk.path, imagePath: image.path,
                                  options: USBWriteOptions()) { _ in }
        let raw = VerifyResult(outcome: .match, blocksCompared: 8, sha256: "raw")
        func verify() throws -> VerifyResult {
            let device = try BlockDeviceHandle(path: disk.path)  // holds the flock, as during a write
            return writer.verifyFileCopy(staged, device: device, raw: raw)
        }
        XCTAssertEqual(try verify(), raw)

        try Data("HELLO\n".utf8).write(to: source)  // same size, other bytes: only a hash sees it
        try FileCopyFixtures.run("mcopy", package: "mtools", ["-o", "-i", stick, source.path, "::/hello[1].txt"])
        let changed = try verify()
        XCTAssertEqual(changed.outcome, .mismatch)
        XCTAssertTrue(changed.reason?.contains("/hello[1].txt reads back") ?? false, changed.reason ?? "")

        let damage = try FileHandle(forUpdating: disk)
        try damage.seek(toOffset: UInt64(64 << 20) - 512)
        damage.write(Data(count: 512))
        try damage.close()
        let backup = try verify()
        XCTAssertEqual(backup.outcome, .unreadable)
        XCTAssertTrue(backup.reason?.contains("backup GPT") ?? false, backup.reason ?? "")
    }
}
