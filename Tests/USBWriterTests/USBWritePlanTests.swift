import USBWriter
import XCTest

/// `USBWriteJob.plan()` over a fake tree with a real image: refusals come before anything is written, and mounted
/// partitions of a removable stick are listed for consent instead of refused.
final class USBWritePlanTests: XCTestCase {
    func makeSystem() throws -> FakeSystem {
        let fake = try FakeSystem()
        try fake.disk("sda", major: 8, minor: 0, sectors: 100_000_000, busPath: BusPath.sata)
        try fake.partition("sda1", of: "sda", major: 8, minor: 1, sectors: 99_000_000)
        try fake.mount("8:1", at: "/", source: "/dev/sda1")
        try fake.disk("sdb", major: 8, minor: 16, sectors: 200_000_000, busPath: BusPath.usb, removable: true,
                      vendor: "Generic", model: "Flash Disk")
        try fake.partition("sdb1", of: "sdb", major: 8, minor: 17, sectors: 1_000)
        try fake.partition("sdb2", of: "sdb", major: 8, minor: 18, sectors: 1_000)
        try fake.mount("8:17", at: "/media/u/A", source: "/dev/sdb1", type: "vfat")
        try fake.mount("8:18", at: "/media/u/B", source: "/dev/sdb2", type: "vfat")
        try fake.disk("sdc", major: 8, minor: 32, sectors: 100, busPath: BusPath.usb2, removable: true)
        return fake
    }

    func job(_ fake: FakeSystem, _ device: String, image: URL, force: Bool = false) -> USBWriteJob {
        var options = USBWriteOptions()
        options.force = force
        return USBWriteJob(devicePath: device, imagePath: image.path, options: options, safety: fake.safety)
    }

    func testMountedPartitionsOfAStickAreListedForConsentAndLargeDiskWarned() throws {
        let fake = try makeSystem()
        let iso = try TestISO.make(boot: .bios, hybridMBR: true)
        let plan = try job(fake, "/dev/sdb", image: iso).plan()
        XCTAssertEqual(plan.mountedPartitions.map(\.mountPoint), ["/media/u/A", "/media/u/B"])
        XCTAssertEqual(plan.mountedPartitions.map(\.device), ["/dev/sdb1", "/dev/sdb2"])
        XCTAssertTrue(plan.isLargeDisk)  // 102.4 GB
        XCTAssertEqual(plan.disk.displayName, "Generic Flash Disk")
    }

    func testSystemDiskIsRefusedBeforeTheImageIsRead() throws {
        let fake = try makeSystem()
        let missing = URL(fileURLWithPath: "/nonexistent/image.iso")
        XCTAssertThrowsError(try job(fake, "/dev/sda", image: missing).plan()) {
            guard case .refused(.systemDisk(let disk, _))? = $0 as? USBWriteError else { return XCTFail("\($0)") }
            XCTAssertEqual(disk, "/dev/sda")
        }
    }

    func testTooSmallStickAndNonHybridImage() throws {
        let fake = try makeSystem()
        let iso = try TestISO.make(boot: .bios, hybridMBR: true)
        XCTAssertThrowsError(try job(fake, "/dev/sdc", image: iso).plan()) {
            guard case .refused(.tooSmall(_, 51_200, _))? = $0 as? USBWriteError else { return XCTFail("\($0)") }
        }
        let plain = try TestISO.make(boot: .bios)
        XCTAssertThrowsError(try job(fake, "/dev/sdb", image: plain).plan()) {
            guard case .notBootable? = $0 as? USBWriteError else { return XCTFail("\($0)") }
        }
        let forced = try job(fake, "/dev/sdb", image: plain, force: true).plan()
        XCTAssertEqual(forced.overridden.count, 1)
    }
}
