import USBWriter
import XCTest

final class DiskScannerTests: XCTestCase {
    func testScannerReadsIdentityBusAndPartitions() throws {
        let fake = try FakeSystem()
        try fake.disk("sdb", major: 8, minor: 16, sectors: 30_000_000, busPath: BusPath.usb, removable: true,
                      vendor: "Kingston", model: "DataTraveler 3.0")
        try fake.partition("sdb1", of: "sdb", major: 8, minor: 17, sectors: 29_000_000)
        try fake.partition("sdb2", of: "sdb", major: 8, minor: 18, sectors: 1_000_000)
        try fake.disk("mmcblk0", major: 179, minor: 0, sectors: 62_000_000, busPath: BusPath.mmc)
        try fake.disk("loop0", major: 7, minor: 0, sectors: 0, busPath: BusPath.virtual)
        try fake.disk("sr0", major: 11, minor: 0, sectors: 2_000, busPath: BusPath.sata, removable: true)
        try fake.mount("8:18", at: "/media/u/My Stick", source: "/dev/sdb2", type: "vfat")
        let disks = DiskScanner(paths: fake.paths, prober: nil).disks()
        XCTAssertEqual(disks.map(\.name), ["mmcblk0", "sdb"])
        let stick = disks[1]
        XCTAssertEqual(stick.displayName, "Kingston DataTraveler 3.0")
        XCTAssertEqual(stick.sizeBytes, 15_360_000_000)
        XCTAssertEqual(stick.bus, .usb)
        XCTAssertTrue(stick.isRemovableMedia)
        XCTAssertEqual(stick.partitions.map(\.name), ["sdb1", "sdb2"])
        XCTAssertEqual(stick.partitions[1].mountPoints, ["/media/u/My Stick"])
        XCTAssertEqual(disks[0].bus, .mmc)
        XCTAssertTrue(disks[0].isRemovableMedia)
    }

    func testMalformedMountinfoAndSwapsAreSkipped() {
        let mounts = MountTable.parseMountInfo("garbage\n1 2 3\n22 1 8:1 / /a\\040b rw - ext4 /dev/sda1 rw\n- - -\n")
        XCTAssertEqual(mounts, [MountEntry(majorMinor: "8:1", mountPoint: "/a b", fileSystemType: "ext4", source: "/dev/sda1")])
        XCTAssertEqual(MountTable.parseSwaps("Filename Type\n/dev/sda3 partition 1 0 -2\n/swapfile file 1 0 -3\nx"), ["sda3"])
    }
}
