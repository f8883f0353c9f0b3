import Burning
import Crypto
import Foundation
@testable import USBWriter
import XCTest

/// The file-copy method end to end on a loop device (root), with a Windows-installer-shaped tree: boot/, efi/,
/// sources/ with a real (small) install.wim split by wimlib under a lowered limit, Joliet long names.
/// The stick is checked from outside: GPT, boot sector, FSInfo against the FAT, `fsck.fat -n`, mdir/mtype.
final class FileCopyStickTests: XCTestCase {
    override func setUp() { setenv("MTOOLS_SKIP_CHECK", "1", 1) }

    static func random(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    /// boot/, efi/boot/bootx64.efi, efi/microsoft/boot/efisys.bin (the El Torito image), sources/install.wim
    /// (wimlib capture of six 400 kB files, uncompressed), a long Joliet name and an empty directory.
    func windowsLikeISO() throws -> (iso: URL, files: [String: [UInt8]], wimSource: URL) {
        let root = try FileCopyFixtures.directory("winlike")
        let tree = root.appendingPathComponent("tree")
        var files: [String: [UInt8]] = [
            "bootmgr": Self.random(300_000, seed: 1), "boot/boot.sdi": Self.random(1_000_000, seed: 2),
            "efi/boot/bootx64.efi": Self.random(5_000, seed: 3),
            "efi/microsoft/boot/efisys.bin": [UInt8](repeating: 0, count: 65_536),
            "sources/Setup Messages/A long Joliet name, über 64 chars, for the FAT long-name entries.txt":
                Array("hello\n".utf8),
        ]
        for (path, bytes) in files { try FileCopyFixtures.write(bytes, tree, path) }
        try FileManager.default.createDirectory(at: tree.appendingPathComponent("support/empty"),
                                                withIntermediateDirectories: true)
        let wimSource = root.appendingPathComponent("wimsource")
        for index in 1...6 {
            try FileCopyFixtures.write(Self.random(400_000, seed: 10 + UInt64(index)), wimSource, "file\(index)")
        }
        try FileCopyFixtures.run("wimlib-imagex", package: "wimtools",
                                 ["capture", wimSource.path, tree.appendingPathComponent("sources/install.wim").path,
                                  "--compress=none"])
        files["sources/install.wim"] = nil
        let iso = try FileCopyFixtures.makeISO(tree, volumeId: "CCCOMA_X64FRE_EN-US_DV9",
                                               efiImage: "efi/microsoft/boot/efisys.bin",
                                               nameOptions: ["-J", "-joliet-long"])
        return (iso, files, wimSource)
    }

    func testWindowsLayoutStickIsGPTFAT32WithEveryFileAndTheWIMSplit() async throws {
        let (iso, files, wimSource) = try windowsLikeISO()
        let loop = try LoopDevice(bytes: 96 << 20)
        var options = USBWriteOptions()
        options.allowFixed = true
        options.fileLimitBytes = 1_500_000  // the 2.4 MB install.wim stands in for one over 4 GiB
        options.wimPartMiB = 1
        let job = USBWriteJob(devicePath: loop.path, imagePath: iso.path, options: options)
        let plan = try job.plan()
        XCTAssertEqual(plan.method.method, .files)
        var result: USBWriteResult?
        var phases = Set<BurnStatus.Phase>()
        for await event in job.run(plan) {
            switch event {
            case .status(let status): phases.insert(status.phase)
            case .result(let r): result = r
            }
        }
        let r = try XCTUnwrap(result)
        XCTAssertTrue(r.succeeded, r.error ?? "")
        XCTAssertEqual(r.verify.outcome, .match, r.verify.reason ?? "")
        XCTAssertEqual(phases, [.preparing, .writing, .verifying])
        XCTAssertEqual(r.fileCopy?.label, "CCCOMA_X64F")
        XCTAssertEqual(r.fileCopy?.splitWIMs, ["/sources/install.wim"])

        let disk = loop.contents
        let layout = try XCTUnwrap(GPTLayout(diskBytes: 96 << 20, partitionName: "CCCOMA_X64F"))
        try checkGPT(disk, layout: layout)
        try checkBootSectorAndFSInfo(disk, layout: layout)
        let stick = loop.backing.path + "@@\(layout.partitionOffsetBytes)"
        try checkFsck(disk, layout: layout)
        let listing = try FileCopyFixtures.run("mdir", package: "mtools", ["-/", "-i", stick, "::/"])
        XCTAssertTrue(listing.contains("Volume in drive : is CCCOMA_X64F"), listing)
        XCTAssertFalse(listing.contains("install.wim"), listing)
        XCTAssertTrue(listing.contains("A long Joliet name, über 64 chars, for the FAT long-name entries.txt"), listing)
        XCTAssertTrue(listing.contains("empty"), listing)
        for (path, bytes) in files {
            let out = try FileCopyFixtures.directory("mtype").appendingPathComponent("file")
            try FileCopyFixtures.run("mcopy", package: "mtools", ["-n", "-i", stick, "::/" + path, out.path])
            XCTAssertTrue([UInt8](try Data(contentsOf: out)) == bytes, path)
        }
        let text = try FileCopyFixtures.run("mtype", package: "mtools", ["-i", stick,
            "::/sources/Setup Messages/A long Joliet name, über 64 chars, for the FAT long-name entries.txt"])
        XCTAssertEqual(text, "hello\n")
        try checkSplitWIM(stick, original: wimSource)
    }

    func testCancelBeforeTheDiskIsWrittenLeavesItUnchangedAndJSONNamesTheMethod() async throws {
        let (iso, _, _) = try windowsLikeISO()
        let loop = try LoopDevice(bytes: 64 << 20)
        var options = USBWriteOptions()
        options.allowFixed = true
        options.fileLimitBytes = 1_500_000
        options.wimPartMiB = 1
        let job = USBWriteJob(devicePath: loop.path, imagePath: iso.path, options: options)
        let plan = try job.plan()
        job.cancel()  // Ctrl-C while the stick is being staged
        var result: USBWriteResult?
        for await event in job.run(plan) { if case .result(let r) = event { result = r } }
        let r = try XCTUnwrap(result)
        XCTAssertTrue(r.interrupted)
        XCTAssertFalse(r.succeeded)
        XCTAssertEqual(r.bytesWritten, 0)
        XCTAssertTrue(loop.contents.allSatisfy { $0 == 0 })

        let json = try CLI.run(["usb", "write", iso.path, "--device", loop.path, "--yes", "--allow-fixed", "--json"])
        let events = json.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        let planEvent = try XCTUnwrap(events.first { $0["event"] as? String == "plan" })
        XCTAssertEqual(planEvent["method"] as? String, "files")
        XCTAssertTrue((planEvent["methodReason"] as? String ?? "").contains("UEFI"), "\(planEvent)")
        // The default 4 GiB limit: the small install.wim is copied whole, not split.
        let resultEvent = try XCTUnwrap(events.first { $0["event"] as? String == "result" }, json.stderr)
        XCTAssertEqual(resultEvent["result"] as? String, "ok", json.stderr)
        let copy = try XCTUnwrap(resultEvent["fileCopy"] as? [String: Any])
        XCTAssertEqual(copy["label"] as? String, "CCCOMA_X64F")
        XCTAssertEqual(copy["files"] as? Int, 7)  // five files, install.wim, and xorriso's boot.catalog
        XCTAssertEqual((copy["splitWIMs"] as? [String])?.count, 0)
    }

    /// A UDF bridge image (genisoimage -udf, as Windows ISOs are UDF + ISO 9660) with Joliet names, forced to
    /// file copy (genisoimage makes no UEFI El Torito entry): its files come from the Joliet tree.
    func testUDFBridgeISOIsCopiedFromItsJolietTree() throws {
        let tree = try FileCopyFixtures.directory("udf").appendingPathComponent("tree")
        let loader = Self.random(5_000, seed: 40), wim = Self.random(700_000, seed: 41)
        try FileCopyFixtures.write(loader, tree, "efi/boot/bootx64.efi")
        try FileCopyFixtures.write(wim, tree, "sources/boot.wim")
        let iso = tree.deletingLastPathComponent().appendingPathComponent("udf.iso")
        try FileCopyFixtures.run("genisoimage", package: "genisoimage", ["-quiet", "-udf", "-J", "-joliet-long",
                                                                         "-V", "CCCOMA_X64FRE", "-o", iso.path, tree.path])
        let loop = try LoopDevice(bytes: 64 << 20)
        let outcome = try CLI.run(["usb", "write", iso.path, "--device", loop.path, "--yes", "--allow-fixed",
                                   "--method", "files"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("Method: files (--method files"), outcome.stdout)
        let stick = loop.backing.path + "@@1048576"
        for (path, bytes) in [("efi/boot/bootx64.efi", loader), ("sources/boot.wim", wim)] {
            let out = try FileCopyFixtures.directory("udfout").appendingPathComponent("file")
            try FileCopyFixtures.run("mcopy", package: "mtools", ["-n", "-i", stick, "::/" + path, out.path])
            XCTAssertTrue([UInt8](try Data(contentsOf: out)) == bytes, path)
        }
    }

    /// Protective MBR, then the primary header and the first entry as GPTLayout promises, the backup at the end.
    func checkGPT(_ disk: [UInt8], layout: GPTLayout) throws {
        XCTAssertEqual(disk[446 + 4], 0xEE)
        XCTAssertEqual(Array(disk[512..<520]), Array("EFI PART".utf8))
        XCTAssertTrue(Array(disk[0..<(34 * 512)]) == layout.head().enumerated().map { index, byte in
            // The GUIDs are random per write: compare everything but the disk GUID, the partition GUID and CRCs.
            (index >= 512 + 16 && index < 512 + 20) || (index >= 512 + 56 && index < 512 + 72)
                || (index >= 512 + 88 && index < 512 + 92) || (index >= 1024 + 16 && index < 1024 + 32)
                ? disk[index] : byte
        })
        let backup = Array(disk[(disk.count - 512)...])
        XCTAssertEqual(Array(backup[0..<8]), Array("EFI PART".utf8))
        XCTAssertEqual(Array(disk[1024..<(34 * 512)]), Array(disk[(disk.count - 33 * 512)..<(disk.count - 512)]))
    }

    /// FAT32 BPB (Microsoft FAT spec §3.1, §3.3), FSInfo (§5) and its free count against the FAT itself.
    func checkBootSectorAndFSInfo(_ disk: [UInt8], layout: GPTLayout) throws {
        let base = Int(layout.partitionOffsetBytes)
        let boot = Array(disk[base..<(base + 512)])
        XCTAssertEqual(FileCopyFixtures.le16(boot, 0x0B), 512)
        let sectorsPerCluster = Int(boot[0x0D])
        let reserved = FileCopyFixtures.le16(boot, 0x0E)
        XCTAssertEqual(boot[0x10], 2, "two FATs")
        XCTAssertEqual(FileCopyFixtures.le16(boot, 0x11), 0, "no FAT12/16 root directory")
        XCTAssertEqual(FileCopyFixtures.le16(boot, 0x16), 0)
        XCTAssertEqual(FileCopyFixtures.le32(boot, 0x1C), 2048, "hidden sectors = the partition's first LBA")
        let total = Int(FileCopyFixtures.le32(boot, 0x20))
        XCTAssertEqual(UInt64(total) * 512, layout.partitionBytes)
        let fatSectors = Int(FileCopyFixtures.le32(boot, 0x24))
        XCTAssertEqual(FileCopyFixtures.le32(boot, 0x2C), 2, "root directory cluster")
        XCTAssertEqual(FileCopyFixtures.le16(boot, 0x30), 1, "FSInfo sector")
        XCTAssertEqual(FileCopyFixtures.le16(boot, 0x32), 6, "backup boot sector")
        XCTAssertEqual(FileCopyFixtures.le32(boot, 0x43), FATLabel.serial(fromVolumeId: "CCCOMA_X64FRE_EN-US_DV9"))
        XCTAssertEqual(String(decoding: boot[0x47..<0x52], as: UTF8.self), "CCCOMA_X64F")
        XCTAssertEqual(String(decoding: boot[0x52..<0x5A], as: UTF8.self), "FAT32   ")
        XCTAssertEqual(Array(boot[510...511]), [0x55, 0xAA])
        let clusters = (total - reserved - 2 * fatSectors) / sectorsPerCluster
        XCTAssertGreaterThanOrEqual(clusters, 65_525, "FAT32 by cluster count")
        let info = Array(disk[(base + 512)..<(base + 1024)])
        XCTAssertEqual(FileCopyFixtures.le32(info, 0), 0x4161_5252)
        XCTAssertEqual(FileCopyFixtures.le32(info, 484), 0x6141_7272)
        XCTAssertEqual(FileCopyFixtures.le32(info, 508), 0xAA55_0000)
        let fat = base + reserved * 512
        let free = (2..<(clusters + 2)).filter { FileCopyFixtures.le32(disk, fat + $0 * 4) & 0x0FFF_FFFF == 0 }.count
        XCTAssertEqual(Int(FileCopyFixtures.le32(info, 488)), free, "FSInfo free count = free FAT entries")
        XCTAssertEqual(Array(disk[fat..<(fat + fatSectors * 512)]),
                       Array(disk[(fat + fatSectors * 512)..<(fat + 2 * fatSectors * 512)]), "FAT copies agree")
    }

    /// `fsck.fat -n` on the partition's bytes: exit 0 and no message about a repair.
    func checkFsck(_ disk: [UInt8], layout: GPTLayout) throws {
        let start = Int(layout.partitionOffsetBytes)
        let partition = try FileCopyFixtures.directory("fsck").appendingPathComponent("partition.img")
        defer { try? FileManager.default.removeItem(at: partition.deletingLastPathComponent()) }
        try Data(disk[start..<(start + Int(layout.partitionBytes))]).write(to: partition)
        let output = try FileCopyFixtures.run("fsck.fat", package: "dosfstools", ["-n", partition.path])
        XCTAssertFalse(output.lowercased().contains("dirty") || output.contains("differ"), output)
    }

    /// The .swm parts copied off the stick; wimlib applies them and gives back the captured files.
    func checkSplitWIM(_ stick: String, original: URL) throws {
        let listing = try FileCopyFixtures.run("mdir", package: "mtools", ["-b", "-i", stick, "::/sources"])
        let parts = listing.split(separator: "\n").map { ($0 as Substring).trimmingCharacters(in: .whitespaces) }
            .filter { $0.lowercased().hasSuffix(".swm") }
        XCTAssertGreaterThanOrEqual(parts.count, 2, listing)
        let out = try FileCopyFixtures.directory("swm")
        for part in parts {
            let name = (part as NSString).lastPathComponent
            try FileCopyFixtures.run("mcopy", package: "mtools", ["-n", "-i", stick, part, out.appendingPathComponent(name).path])
            let size = (try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)[.size]
                        as? NSNumber)?.intValue ?? 0
            XCTAssertLessThanOrEqual(size, 1_500_000, name)
        }
        let applied = out.appendingPathComponent("applied")
        try FileCopyFixtures.run("wimlib-imagex", package: "wimtools",
                                 ["apply", out.appendingPathComponent("install.swm").path, "1", applied.path,
                                  "--ref=" + out.path + "/install*.swm"])
        for index in 1...6 {
            XCTAssertEqual(try Data(contentsOf: applied.appendingPathComponent("file\(index)")),
                           try Data(contentsOf: original.appendingPathComponent("file\(index)")))
        }
    }
}

/// A file over FAT32's 4 GiB − 1 limit: a sparse 4.5 GB stand-in in an ISO 9660 level 3 image (multi-extent).
final class FileCopyLargeFileTests: XCTestCase {
    func testAFileOver4GiBThatIsNotAWIMIsRefusedBeforeTheDiskIsTouched() throws {
        var info = statvfs()
        XCTAssertEqual(statvfs(FileManager.default.temporaryDirectory.path, &info), 0)
        let free = UInt64(info.f_bavail) * UInt64(info.f_frsize)
        guard free > 12_000_000_000 else { throw XCTSkip("the ISO with a 4.5 GB file needs 12 GB free in $TMPDIR") }
        let root = try FileCopyFixtures.directory("bigfile")
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = root.appendingPathComponent("tree")
        try FileCopyFixtures.write([1, 2, 3], tree, "efi/boot/bootx64.efi")
        try FileCopyFixtures.write([UInt8](repeating: 0, count: 65_536), tree, "efi/microsoft/boot/efisys.bin")
        let standIn = tree.appendingPathComponent("sources/install.wim")
        try FileCopyFixtures.write([], tree, "sources/install.wim")
        XCTAssertEqual(truncate(standIn.path, 4_500_000_000), 0)  // sparse: no WIM header, zeros
        let iso = try FileCopyFixtures.makeISO(tree, volumeId: "BIG", efiImage: "efi/microsoft/boot/efisys.bin",
                                               nameOptions: ["-J", "-joliet-long"], extra: ["-iso-level", "3"])
        _ = try? LoopDevice.run("/usr/bin/fallocate", ["--dig-holes", iso.path])  // give the space back early
        let loop = try LoopDevice(bytes: 5 << 30)  // sparse: larger than the ISO, so only the 4 GiB rule refuses
        let outcome = try CLI.run(["usb", "write", iso.path, "--device", loop.path, "--yes", "--allow-fixed"])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.contains("/sources/install.wim is 4500000000 bytes, over FAT32's limit of "
                                              + "4294967295 bytes, and only a .wim image (with a WIM header) can be split"),
                      outcome.stderr)
        let handle = try FileHandle(forReadingFrom: loop.backing)
        defer { try? handle.close() }
        XCTAssertTrue(try XCTUnwrap(handle.read(upToCount: 64 << 20)).allSatisfy { $0 == 0 }, "nothing may be written")
    }
}
