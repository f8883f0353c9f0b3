import Foundation
import XCTest

/// `discburn usb list` over a fake sysfs tree (DISCBURN_USB_ROOT).
final class USBListCLITests: XCTestCase {
    func makeTree() throws -> FakeSystem {
        let fake = try FakeSystem()
        try fake.disk("sda", major: 8, minor: 0, sectors: 500_000_000, busPath: BusPath.sata, vendor: "ATA", model: "Samsung SSD")
        try fake.partition("sda1", of: "sda", major: 8, minor: 1, sectors: 400_000_000)
        try fake.partition("sda2", of: "sda", major: 8, minor: 2, sectors: 8_000_000)
        try fake.mount("8:1", at: "/", source: "/dev/sda1")
        try fake.swap("/dev/sda2")
        try fake.disk("sdb", major: 8, minor: 16, sectors: 15_000_000, busPath: BusPath.usb, removable: true,
                      vendor: "SanDisk", model: "Cruzer Blade")
        try fake.partition("sdb1", of: "sdb", major: 8, minor: 17, sectors: 14_999_000)
        try fake.mount("8:17", at: "/media/u/STICK", source: "/dev/sdb1", type: "vfat")
        try fake.disk("mmcblk0", major: 179, minor: 0, sectors: 1_000_000, busPath: BusPath.mmc, readOnly: true)
        return fake
    }

    func testListShowsRemovableDisksOnly() throws {
        let fake = try makeTree()
        let outcome = try CLI.run(["usb", "list"], environment: ["DISCBURN_USB_ROOT": fake.root.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("/dev/sdb  SanDisk Cruzer Blade  7.7 GB  usb, removable"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("sdb1  7.7 GB  mounted on /media/u/STICK"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("/dev/mmcblk0"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("refused: /dev/mmcblk0 is write-protected"), outcome.stdout)
        XCTAssertFalse(outcome.stdout.contains("/dev/sda"), outcome.stdout)
    }

    func testAllJSONMarksTheSystemDiskWithItsReasons() throws {
        let fake = try makeTree()
        let outcome = try CLI.run(["usb", "list", "--all", "--json"], environment: ["DISCBURN_USB_ROOT": fake.root.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let rows = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])?["disks"] as? [[String: Any]])
        XCTAssertEqual(rows.compactMap { $0["path"] as? String }, ["/dev/mmcblk0", "/dev/sda", "/dev/sdb"])
        let system = rows[1]
        XCTAssertEqual(system["writable"] as? Bool, false)
        let reasons = try XCTUnwrap(system["refusals"] as? [String])
        XCTAssertTrue(reasons[0].contains("running root"), "\(reasons)")
        XCTAssertEqual(rows[2]["writable"] as? Bool, true)
        let partitions = try XCTUnwrap(rows[2]["partitions"] as? [[String: Any]])
        XCTAssertEqual(partitions.first?["mountPoints"] as? [String], ["/media/u/STICK"])
    }

    func testNoRemovableDiskIsAnEmptyListAndExitZero() throws {
        let fake = try FakeSystem()
        try fake.disk("nvme0n1", major: 259, minor: 0, sectors: 1_000_000, busPath: BusPath.nvme)
        let outcome = try CLI.run(["usb", "list", "--json"], environment: ["DISCBURN_USB_ROOT": fake.root.path])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        let rows = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])?["disks"] as? [Any])
        XCTAssertTrue(rows.isEmpty, outcome.stdout)
    }
}
