@testable import USBWriter
import XCTest

/// `usb write`'s method: hybrid → raw, UEFI El Torito without MBR/GPT → file copy, neither → refused;
/// `--method` forces one. On real xorriso ISOs and through `plan()` on a fake tree.
final class MethodChoiceTests: XCTestCase {
    func choose(_ url: URL, forced: WriteMethod? = nil, force: Bool = false) throws -> MethodChoice {
        try MethodChoice.choose(ImageFacts.inspect(path: url.path), forced: forced, force: force)
    }

    func testHybridIsRawAndUEFIOnlyIsFileCopy() throws {
        let hybrid = try choose(TestISO.make(boot: .bios, hybridMBR: true))
        XCTAssertEqual(hybrid.method, .raw)
        XCTAssertTrue(hybrid.reason.contains("hybrid"), hybrid.reason)
        let uefiFacts = try ImageFacts.inspect(path: TestISO.make(boot: .uefi).path)
        XCTAssertTrue(uefiFacts.elToritoUEFI)
        XCTAssertEqual(uefiFacts.volumeId, "USBTEST")
        let uefi = try MethodChoice.choose(uefiFacts, forced: nil, force: false)
        XCTAssertEqual(uefi.method, .files)
        XCTAssertTrue(uefi.reason.contains("UEFI entry but no MBR/GPT"), uefi.reason)
    }

    func testNeitherIsRefusedWithTheReasonAndForceWritesRaw() throws {
        let bios = try TestISO.make(boot: .bios)
        XCTAssertThrowsError(try choose(bios)) {
            guard case .notBootable(_, let reason)? = $0 as? USBWriteError else { return XCTFail("\($0)") }
            XCTAssertFalse(reason.isEmpty)
        }
        XCTAssertThrowsError(try choose(TestISO.make(boot: .none))) {
            guard case .notBootable? = $0 as? USBWriteError else { return XCTFail("\($0)") }
        }
        XCTAssertEqual(try choose(bios, force: true).method, .raw)
    }

    func testMethodOptionForcesOneAndFileCopyNeedsAnUncompressedISO() throws {
        let hybrid = try TestISO.make(boot: .bios, hybridMBR: true)
        XCTAssertEqual(try choose(hybrid, forced: .files).method, .files)
        XCTAssertEqual(try choose(TestISO.make(boot: .uefi), forced: .raw).method, .raw)
        let gz = try temporaryFile("uefi.iso.gz", Compressors.gzip([UInt8](Data(contentsOf: TestISO.make(boot: .uefi)))))
        XCTAssertThrowsError(try choose(gz)) {  // a compressed plain ISO: DiscImage needs the file itself
            guard case .notBootable? = $0 as? USBWriteError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try choose(gz, forced: .files)) {
            guard case .notFileCopyable(_, let reason)? = $0 as? USBWriteError else { return XCTFail("\($0)") }
            XCTAssertTrue(reason.contains("decompress"), reason)
        }
        let disk = try temporaryFile("disk.img", [UInt8](repeating: 0, count: 510) + [0x55, 0xAA]
                                     + [UInt8](repeating: 0, count: 2048))
        XCTAssertThrowsError(try choose(disk, forced: .files)) {
            guard case .notFileCopyable? = $0 as? USBWriteError else { return XCTFail("\($0)") }
        }
    }

    func testPlanSaysWhichMethodAndRefusesASmallDiskForFAT32() throws {
        let fake = try FakeSystem()
        try fake.disk("sda", major: 8, minor: 0, sectors: 100_000_000, busPath: BusPath.sata)
        try fake.partition("sda1", of: "sda", major: 8, minor: 1, sectors: 99_000_000)
        try fake.mount("8:1", at: "/", source: "/dev/sda1")
        try fake.disk("sdb", major: 8, minor: 16, sectors: 200_000_000, busPath: BusPath.usb, removable: true)
        // A UEFI El Torito ISO without \EFI\BOOT\BOOTX64.EFI in its tree: a FAT32 copy would not boot.
        let noLoader = try TestISO.make(boot: .uefi)
        XCTAssertThrowsError(try USBWriteJob(devicePath: "/dev/sdb", imagePath: noLoader.path,
                                             options: USBWriteOptions(), safety: fake.safety).plan()) {
            guard case .fileCopy(let reason)? = $0 as? USBWriteError else { return XCTFail("\($0)") }
            XCTAssertTrue(reason.contains("no \\EFI\\BOOT\\BOOT<arch>.EFI"), reason)
        }
        let tree = try FileCopyFixtures.directory("plan").appendingPathComponent("tree")
        try FileCopyFixtures.write([1, 2, 3], tree, "efi/boot/bootx64.efi")
        try FileCopyFixtures.write([UInt8](repeating: 0, count: 65_536), tree, "efiboot.img")
        let uefi = try FileCopyFixtures.makeISO(tree, volumeId: "PLAN", efiImage: "efiboot.img", nameOptions: ["-R"])
        let plan = try USBWriteJob(devicePath: "/dev/sdb", imagePath: uefi.path, options: USBWriteOptions(),
                                   safety: fake.safety).plan()
        XCTAssertEqual(plan.method.method, WriteMethod.files)
        XCTAssertTrue(plan.overridden.isEmpty, "\(plan.overridden)")
        // 32 MiB: large enough for the ISO, too small for a 32 MiB FAT32 partition plus the GPT.
        try fake.disk("sdd", major: 8, minor: 48, sectors: 65_536, busPath: BusPath.usb2, removable: true)
        XCTAssertThrowsError(try USBWriteJob(devicePath: "/dev/sdd", imagePath: uefi.path, options: USBWriteOptions(),
                                             safety: fake.safety).plan()) {
            guard case .fileCopy(let reason)? = $0 as? USBWriteError else { return XCTFail("\($0)") }
            XCTAssertTrue(reason.contains("too small for FAT32"), reason)
        }
        // The system-disk refusals hold for this method too.
        XCTAssertThrowsError(try USBWriteJob(devicePath: "/dev/sda", imagePath: uefi.path, options: USBWriteOptions(),
                                             safety: fake.safety).plan()) {
            guard case .refused(.systemDisk)? = $0 as? USBWriteError else { return XCTFail("\($0)") }
        }
    }
}
