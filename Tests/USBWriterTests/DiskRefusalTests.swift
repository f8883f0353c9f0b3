import USBWriter
import XCTest

/// Every refusal rule of `usb write`, on fake sysfs / mountinfo / swaps trees.
final class DiskRefusalTests: XCTestCase {
    /// sda: the SATA system disk (root on sda2, /boot on sda1, swap on sda3); sdb: a USB stick.
    func makeSystem() throws -> FakeSystem {
        let fake = try FakeSystem()
        try fake.disk("sda", major: 8, minor: 0, sectors: 500_000_000, busPath: BusPath.sata, vendor: "ATA", model: "Samsung SSD")
        try fake.partition("sda1", of: "sda", major: 8, minor: 1, sectors: 1_000_000)
        try fake.partition("sda2", of: "sda", major: 8, minor: 2, sectors: 400_000_000)
        try fake.partition("sda3", of: "sda", major: 8, minor: 3, sectors: 8_000_000)
        try fake.disk("sdb", major: 8, minor: 16, sectors: 15_000_000, busPath: BusPath.usb, removable: true,
                      vendor: "SanDisk", model: "Cruzer Blade")
        try fake.partition("sdb1", of: "sdb", major: 8, minor: 17, sectors: 14_999_000)
        return fake
    }

    func refusals(_ fake: FakeSystem, _ device: String, image: String? = nil, bytes: UInt64? = nil) throws -> [DiskRefusal] {
        let safety = fake.safety
        return safety.refusals(for: try safety.resolve(device), imagePath: image, imageBytes: bytes)
    }

    func testRemovableStickIsAccepted() throws {
        let fake = try makeSystem()
        try fake.mount("8:2", at: "/", source: "/dev/sda2")
        XCTAssertEqual(try refusals(fake, "/dev/sdb", image: "/home/u/x.iso", bytes: 1_000_000), [])
    }

    func testNotABlockDevice() throws {
        let fake = try makeSystem()
        fake.node("/tmp/file.img", .other)
        XCTAssertThrowsError(try fake.safety.resolve("/tmp/file.img")) {
            XCTAssertEqual($0 as? DiskRefusal, .notBlockDevice(path: "/tmp/file.img"))
            XCTAssertTrue("\($0)".contains("not a block device"))
        }
        XCTAssertThrowsError(try fake.safety.resolve("/dev/sdz")) {
            XCTAssertEqual($0 as? DiskRefusal, .missing(path: "/dev/sdz"))
        }
    }

    func testPartitionNamesTheWholeDisk() throws {
        let fake = try makeSystem()
        XCTAssertThrowsError(try fake.safety.resolve("/dev/sdb1")) {
            XCTAssertEqual($0 as? DiskRefusal, .partition(path: "/dev/sdb1", disk: "/dev/sdb"))
            XCTAssertTrue("\($0)".contains("--device /dev/sdb"))
        }
    }

    func testBlockDeviceUnknownToSysfs() throws {
        let fake = try makeSystem()
        fake.node("/dev/weird", .blockDevice(major: 250, minor: 3))
        XCTAssertThrowsError(try fake.safety.resolve("/dev/weird")) {
            XCTAssertEqual($0 as? DiskRefusal, .unknownDevice(path: "/dev/weird"))
        }
    }

    func testRunningRootMakesASystemDiskEvenWhenRemovable() throws {
        let fake = try makeSystem()
        try fake.mount("8:17", at: "/", source: "/dev/sdb1")
        let found = try refusals(fake, "/dev/sdb")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue("\(found[0])".contains("running root"), "\(found)")
    }

    func testBootAndUsrMakeASystemDisk() throws {
        for point in ["/boot", "/usr", "/boot/efi"] {
            let fake = try makeSystem()
            try fake.mount("8:17", at: point, source: "/dev/sdb1", type: "vfat")
            let found = try refusals(fake, "/dev/sdb")
            guard case .systemDisk(let disk, let reason)? = found.first else { return XCTFail("\(point): \(found)") }
            XCTAssertEqual(disk, "/dev/sdb")
            XCTAssertTrue(reason.contains(point), reason)
        }
    }

    func testActiveSwapMakesASystemDisk() throws {
        let fake = try makeSystem()
        try fake.swap("/dev/sdb1")
        guard case .systemDisk(_, let reason)? = try refusals(fake, "/dev/sdb").first else { return XCTFail() }
        XCTAssertTrue(reason.contains("swap (sdb1)"), reason)
    }

    func testMountedFixedDiskIsASystemDisk() throws {
        let fake = try makeSystem()
        try fake.disk("nvme0n1", major: 259, minor: 0, sectors: 2_000_000, busPath: BusPath.nvme)
        try fake.partition("nvme0n1p1", of: "nvme0n1", major: 259, minor: 1, sectors: 1_999_000)
        try fake.mount("259:1", at: "/srv/data", source: "/dev/nvme0n1p1")
        let found = try refusals(fake, "/dev/nvme0n1")
        guard case .systemDisk(_, let reason)? = found.first else { return XCTFail("\(found)") }
        XCTAssertTrue(reason.contains("/srv/data"), reason)
        XCTAssertTrue(found.contains(.fixedDisk(disk: "/dev/nvme0n1", bus: "nvme")))
    }

    func testMountedRemovableStickIsNotASystemDisk() throws {
        let fake = try makeSystem()
        try fake.mount("8:17", at: "/media/u/STICK", source: "/dev/sdb1", type: "vfat")
        XCTAssertEqual(try refusals(fake, "/dev/sdb"), [])
        XCTAssertEqual(try fake.safety.resolve("/dev/sdb").partitions[0].mountPoints, ["/media/u/STICK"])
    }

    func testHoldersMakeASystemDisk() throws {
        let cases: [(String, String, String)] = [("dm-0", "LVM-abc", "LVM"), ("dm-1", "CRYPT-LUKS2-xyz", "dm-crypt"),
                                                  ("md127", "", "md RAID")]
        for (holder, uuid, kind) in cases {
            let fake = try makeSystem()
            try fake.holder(holder, on: "sdb/sdb1", major: 253, minor: 0, uuid: uuid)
            guard case .systemDisk(_, let reason)? = try refusals(fake, "/dev/sdb").first else { return XCTFail(kind) }
            XCTAssertTrue(reason.contains("\(kind) volume \(holder)"), reason)
        }
    }

    func testDiskHoldingTheImageIsRefused() throws {
        let fake = try makeSystem()
        try fake.mount("8:17", at: "/media/u/STICK", source: "/dev/sdb1", type: "vfat")
        let found = try refusals(fake, "/dev/sdb", image: "/media/u/STICK/debian.iso")
        XCTAssertEqual(found, [.holdsImage(disk: "/dev/sdb", image: "/media/u/STICK/debian.iso")])
    }

    func testImageOnAVolumeStackedOnTheStickIsRefused() throws {
        let fake = try makeSystem()
        try fake.holder("dm-3", on: "sdb/sdb1", major: 253, minor: 3, uuid: "CRYPT-LUKS2-1")
        try fake.mount("253:3", at: "/media/secret", source: "/dev/mapper/secret")
        XCTAssertEqual(fake.safety.imageDiskNames("/media/secret/a.iso"), ["sdb"])
        XCTAssertTrue(try refusals(fake, "/dev/sdb", image: "/media/secret/a.iso")
            .contains(.holdsImage(disk: "/dev/sdb", image: "/media/secret/a.iso")))
    }

    func testImageFoundBySourceNameWhenTheDeviceNumberIsAnonymous() throws {
        let fake = try makeSystem()
        try fake.mount("0:42", at: "/media/btr", source: "/dev/sdb1", type: "btrfs")
        XCTAssertEqual(fake.safety.imageDiskNames("/media/btr/x/y.iso"), ["sdb"])
        XCTAssertEqual(fake.safety.imageDiskNames("/media/btrfs-other/y.iso"), [])
    }

    func testTooSmallSaysByHowMuch() throws {
        let fake = try makeSystem()
        let found = try refusals(fake, "/dev/sdb", bytes: 8_000_000_000)
        XCTAssertEqual(found, [.tooSmall(disk: "/dev/sdb", diskBytes: 7_680_000_000, imageBytes: 8_000_000_000)])
        XCTAssertTrue("\(found[0])".contains("320.0 MB short"), "\(found[0])")
        XCTAssertEqual(try refusals(fake, "/dev/sdb", bytes: 7_680_000_000), [])
    }

    func testWriteProtectedCard() throws {
        let fake = try makeSystem()
        try fake.disk("mmcblk0", major: 179, minor: 0, sectors: 60_000_000, busPath: BusPath.mmc, readOnly: true)
        XCTAssertEqual(try refusals(fake, "/dev/mmcblk0"), [.writeProtected(disk: "/dev/mmcblk0")])
    }

    func testUnmountedFixedDiskIsRefusedOnlyAsFixed() throws {
        let fake = try makeSystem()
        try fake.disk("vdb", major: 252, minor: 16, sectors: 2_000_000, busPath: BusPath.virtio)
        let found = try refusals(fake, "/dev/vdb")
        XCTAssertEqual(found, [.fixedDisk(disk: "/dev/vdb", bus: "virtio")])
        XCTAssertTrue(found.allSatisfy(\.isFixedDiskOnly))
    }

    func testUSBDiskWithoutTheRemovableFlagCountsAsRemovable() throws {
        let fake = try makeSystem()
        try fake.disk("sdc", major: 8, minor: 32, sectors: 2_000_000, busPath: BusPath.usb2, removable: false)
        XCTAssertEqual(try refusals(fake, "/dev/sdc"), [])
    }

    func testOpticalDriveAndStackedVolumesAreNotDisks() throws {
        let fake = try makeSystem()
        try fake.disk("sr0", major: 11, minor: 0, sectors: 0, busPath: BusPath.sata, removable: true)
        try fake.holder("dm-0", on: "sda/sda2", major: 253, minor: 0, uuid: "LVM-x")
        fake.node("/dev/dm-0", .blockDevice(major: 253, minor: 0))
        for device in ["/dev/sr0", "/dev/dm-0"] {
            XCTAssertThrowsError(try fake.safety.resolve(device)) {
                guard case .notADisk? = $0 as? DiskRefusal else { return XCTFail("\(device): \($0)") }
            }
        }
    }

    func testSystemDiskWithEveryRuleListsTheMostSeriousFirst() throws {
        let fake = try makeSystem()
        try fake.mount("8:2", at: "/", source: "/dev/sda2")
        try fake.mount("8:1", at: "/boot", source: "/dev/sda1")
        try fake.swap("/dev/sda3")
        let found = try refusals(fake, "/dev/sda", image: "/home/u/x.iso")
        XCTAssertEqual(found.count, 3, "\(found)")
        guard case .systemDisk(_, let reason) = found[0] else { return XCTFail("\(found)") }
        XCTAssertTrue(reason.contains("running root"), reason)
        XCTAssertEqual(found[1], .holdsImage(disk: "/dev/sda", image: "/home/u/x.iso"))
        XCTAssertEqual(found[2], .fixedDisk(disk: "/dev/sda", bus: "ata"))
    }
}
