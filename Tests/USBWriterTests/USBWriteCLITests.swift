import Foundation
import XCTest

/// `discburn usb write` end to end on loop devices (root; skipped otherwise).
final class USBWriteCLITests: XCTestCase {
    func testWriteWithConsentCopiesTheImageAndCompressedGivesTheSameBytes() throws {
        let iso = try TestISO.make(boot: .bios, payloadBytes: 3_000_000, hybridMBR: true)
        let bytes = [UInt8](try Data(contentsOf: iso))
        let loop = try LoopDevice(bytes: 8 << 20)
        let outcome = try CLI.run(["usb", "write", iso.path, "--device", loop.path, "--allow-fixed", "--yes"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("Verify: match"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("safe to remove"), outcome.stdout)
        XCTAssertTrue(Array(loop.contents[..<bytes.count]) == bytes)

        let zeroed = try LoopDevice(bytes: 8 << 20)
        let gz = try temporaryFile("test.iso.gz", Compressors.gzip(bytes))
        let json = try CLI.run(["usb", "write", gz.path, "--device", zeroed.path, "--allow-fixed", "--yes", "--json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let last = try XCTUnwrap(json.stdout.split(separator: "\n").last)
        let result = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        XCTAssertEqual(result["result"] as? String, "ok")
        XCTAssertEqual((result["verify"] as? [String: Any])?["result"] as? String, "match")
        XCTAssertTrue(Array(zeroed.contents[..<bytes.count]) == bytes)
    }

    func testWithoutATerminalAndWithoutYesNothingIsWritten() throws {
        let iso = try TestISO.make(boot: .bios, hybridMBR: true)
        let loop = try LoopDevice(bytes: 4 << 20)
        let outcome = try CLI.run(["usb", "write", iso.path, "--device", loop.path, "--allow-fixed"])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.contains("no terminal to confirm"), outcome.stderr)
        XCTAssertTrue(loop.contents.allSatisfy { $0 == 0 })
    }

    func testFixedDiskPartitionAndNonHybridAreRefused() throws {
        let iso = try TestISO.make(boot: .bios, hybridMBR: true)
        let loop = try LoopDevice(bytes: 8 << 20, partitioned: true)
        let before = loop.contents
        let fixed = try CLI.run(["usb", "write", iso.path, "--device", loop.path, "--yes"])
        XCTAssertEqual(fixed.status, 1)
        XCTAssertTrue(fixed.stderr.contains("not removable media"), fixed.stderr)
        // The partition node appears only where the kernel scans loop partitions (the rule itself is tested on
        // fake trees in DiskRefusalTests).
        if FileManager.default.fileExists(atPath: loop.path + "p1") {
            let partition = try CLI.run(["usb", "write", iso.path, "--device", loop.path + "p1", "--yes", "--allow-fixed"])
            XCTAssertEqual(partition.status, 1)
            XCTAssertTrue(partition.stderr.contains("is a partition of \(loop.path)"), partition.stderr)
        }
        let plain = try TestISO.make(boot: .uefi)
        let uefi = try CLI.run(["usb", "write", plain.path, "--device", loop.path, "--yes", "--allow-fixed"])
        XCTAssertEqual(uefi.status, 1)
        // A UEFI-only ISO now means a file-copy stick, which an 8 MiB disk cannot hold (FAT32 needs 32 MiB).
        XCTAssertTrue(uefi.stderr.contains("too small for FAT32"), uefi.stderr)
        let notBlock = try CLI.run(["usb", "write", iso.path, "--device", iso.path, "--yes"])
        XCTAssertTrue(notBlock.stderr.contains("not a block device"), notBlock.stderr)
        XCTAssertTrue(loop.contents == before)
    }

    func testAMountedFixedDiskIsASystemDisk() throws {
        let iso = try TestISO.make(boot: .bios, hybridMBR: true)
        let loop = try LoopDevice(bytes: 8 << 20)
        XCTAssertEqual(try LoopDevice.run("/usr/sbin/mkfs.ext4", ["-q", loop.path]).status, 0)
        let point = FileManager.default.temporaryDirectory.appendingPathComponent("usbmnt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: point, withIntermediateDirectories: true)
        let mounted = try LoopDevice.run("/usr/bin/mount", [loop.path, point.path])
        guard mounted.status == 0 else { throw XCTSkip("cannot mount ext4 here: \(mounted.text)") }
        defer { _ = try? LoopDevice.run("/usr/bin/umount", [point.path]) }
        let before = loop.contents
        let outcome = try CLI.run(["usb", "write", iso.path, "--device", loop.path, "--yes", "--allow-fixed"])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.contains("is a system disk: it has a mounted file system"), outcome.stderr)
        XCTAssertTrue(loop.contents == before)
    }

    func testListNamesTheFileSystemAndLabelThroughLibblkid() throws {
        let loop = try LoopDevice(bytes: 8 << 20)
        XCTAssertEqual(try LoopDevice.run("/usr/sbin/mkfs.ext4", ["-q", "-L", "USBLABEL", loop.path]).status, 0)
        let outcome = try CLI.run(["usb", "list", "--all", "--json"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let rows = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])?["disks"] as? [[String: Any]])
        let row = try XCTUnwrap(rows.first { $0["path"] as? String == loop.path }, outcome.stdout)
        XCTAssertEqual(row["fileSystem"] as? String, "ext4")
        XCTAssertEqual(row["label"] as? String, "USBLABEL")
        XCTAssertEqual(row["writable"] as? Bool, false)
    }

    /// The prompt at a terminal (a pty from util-linux `script`): "no" writes nothing, "yes" writes.
    func testPromptAtATerminalNamesTheDiskAndNeedsYes() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { throw XCTSkip("no script(1)") }
        let iso = try TestISO.make(boot: .bios, hybridMBR: true)
        let bytes = [UInt8](try Data(contentsOf: iso))
        let loop = try LoopDevice(bytes: 4 << 20)
        let binary = Bundle.main.bundleURL.appendingPathComponent("discburn").path
        func answer(_ text: String) throws -> (status: Int32, text: String) {
            let command = "\(binary) usb write \(iso.path) --device \(loop.path) --allow-fixed"
            return try LoopDevice.run("/bin/sh", ["-c", "printf '\(text)\\n' | /usr/bin/script -qec '\(command)' /dev/null"])
        }
        let refused = try answer("no")
        XCTAssertEqual(refused.status, 1, refused.text)
        XCTAssertTrue(refused.text.contains("Erase ALL data on \(loop.path)"), refused.text)
        XCTAssertTrue(refused.text.contains("not confirmed; nothing was written"), refused.text)
        XCTAssertTrue(loop.contents.allSatisfy { $0 == 0 })
        let accepted = try answer("yes")
        XCTAssertEqual(accepted.status, 0, accepted.text)
        XCTAssertTrue(Array(loop.contents[..<bytes.count]) == bytes)
    }

    func testAReadOnlyDeviceIsWriteProtected() throws {
        let iso = try TestISO.make(boot: .bios, hybridMBR: true)
        let loop = try LoopDevice(bytes: 4 << 20, readOnly: true)
        let outcome = try CLI.run(["usb", "write", iso.path, "--device", loop.path, "--yes", "--allow-fixed"])
        XCTAssertEqual(outcome.status, 1)
        XCTAssertTrue(outcome.stderr.contains("\(loop.path) is write-protected"), outcome.stderr)
        XCTAssertTrue(loop.contents.allSatisfy { $0 == 0 })
    }
}
