import Foundation
import XCTest
@testable import Discovery

final class DriveDiscoveryTests: XCTestCase {
    private var root = ""
    private var sys: String { root + "/sys" }
    private var dev: String { root + "/dev" }

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "discovery-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/sys/class/block", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    private func write(_ relative: String, _ text: String) throws {
        let path = sys + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    private func mkdir(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: sys + "/" + relative, withIntermediateDirectories: true)
    }

    /// A drive laid out as the kernel does: INQUIRY strings space-padded to their field widths, newline-terminated.
    private func addDrive(_ name: String, type: String = "5", vendor: String, model: String, revision: String,
                          generic: String?) throws {
        let device = "class/block/\(name)/device"
        try write("\(device)/type", type + "\n")
        try write("\(device)/vendor", vendor.padding(toLength: 8, withPad: " ", startingAt: 0) + "\n")
        try write("\(device)/model", model.padding(toLength: 16, withPad: " ", startingAt: 0) + "\n")
        try write("\(device)/rev", revision.padding(toLength: 4, withPad: " ", startingAt: 0) + "\n")
        if let generic { try mkdir("\(device)/scsi_generic/\(generic)") }
    }

    func testNoDrivesGivesEmptyList() {
        XCTAssertEqual(DriveDiscovery.list(sysfsRoot: sys, devRoot: dev), [])
    }

    func testMissingSysfsGivesEmptyList() {
        XCTAssertEqual(DriveDiscovery.list(sysfsRoot: root + "/nowhere", devRoot: dev), [])
    }

    func testTwoDrivesWithIdentityInNumericOrder() throws {
        try addDrive("sr10", vendor: "PIONEER", model: "BD-RW BDR-209D", revision: "1.51", generic: "sg11")
        try addDrive("sr0", vendor: "HL-DT-ST", model: "DVDRAM GH24NSD1", revision: "LG00", generic: "sg1")
        try mkdir("class/block/vda/device")  // a disk: not an sr node
        try mkdir("class/block/loop0")
        let drives = DriveDiscovery.list(sysfsRoot: sys, devRoot: dev)
        XCTAssertEqual(drives, [
            DiscoveredDrive(path: dev + "/sr0", genericPath: dev + "/sg1", vendor: "HL-DT-ST",
                            model: "DVDRAM GH24NSD1", revision: "LG00"),
            DiscoveredDrive(path: dev + "/sr10", genericPath: dev + "/sg11", vendor: "PIONEER",
                            model: "BD-RW BDR-209D", revision: "1.51"),
        ])
    }

    func testNonOpticalTypeIsIgnored() throws {
        try addDrive("sr0", type: "0", vendor: "ATA", model: "DISK", revision: "1", generic: "sg0")
        try addDrive("sr1", type: "5", vendor: "ASUS", model: "BW-16D1HT", revision: "3.10", generic: "sg2")
        try addDrive("sr2", type: "4", vendor: "OLD", model: "WORM", revision: "1", generic: nil)
        let drives = DriveDiscovery.list(sysfsRoot: sys, devRoot: dev)
        XCTAssertEqual(drives.map(\.path), [dev + "/sr1"])
        XCTAssertEqual(drives.first?.model, "BW-16D1HT")
    }

    func testMissingFilesAreTolerated() throws {
        try mkdir("class/block/sr3/device")  // no type, vendor, model, rev, sg
        try write("class/block/sr4/device/type", "5\n")
        try write("class/block/sr4/device/model", "ONLY MODEL      \n")
        try mkdir("class/block/sr5")  // no device directory at all
        let drives = DriveDiscovery.list(sysfsRoot: sys, devRoot: dev)
        XCTAssertEqual(drives, [
            DiscoveredDrive(path: dev + "/sr3"),
            DiscoveredDrive(path: dev + "/sr4", model: "ONLY MODEL"),
            DiscoveredDrive(path: dev + "/sr5"),
        ])
    }

    func testLegacyGenericLinkAndGarbageNames() throws {
        try addDrive("sr0", vendor: "TSSTcorp", model: "CDDVDW SH-224DB", revision: "SB01", generic: nil)
        try mkdir("class/block/sr0/device/scsi_generic:sg4")
        try mkdir("class/block/sr")          // no number
        try mkdir("class/block/srx1")        // not digits
        try mkdir("class/block/sr99999999999999999999")  // too long
        let drives = DriveDiscovery.list(sysfsRoot: sys, devRoot: dev)
        XCTAssertEqual(drives, [DiscoveredDrive(path: dev + "/sr0", genericPath: dev + "/sg4", vendor: "TSSTcorp",
                                                model: "CDDVDW SH-224DB", revision: "SB01")])
    }

    func testHostileFieldContentsDoNotCrash() throws {
        try mkdir("class/block/sr0/device")
        let device = URL(fileURLWithPath: sys + "/class/block/sr0/device")
        try Data([0xFF, 0xFE, 0x00, 0x41, 0x1B, 0x5B, 0x32, 0x4A, 0x00]).write(to: device.appendingPathComponent("vendor"))
        try Data(repeating: 0x20, count: 70_000).write(to: device.appendingPathComponent("model"))
        let drives = DriveDiscovery.list(sysfsRoot: sys, devRoot: dev)
        XCTAssertEqual(drives.count, 1)
        XCTAssertEqual(drives.first?.model, "")
        XCTAssertEqual(drives.first?.vendor, "\u{FFFD}\u{FFFD}.A.[2J", "NUL and ESC shown as '.'")
    }

    func testSixtyFourKilobytesOfGarbageInEveryFile() throws {
        var generator = SplitMix64(seed: 0x5EED_D15C)
        let garbage = { Data((0..<65_536).map { _ in UInt8(truncatingIfNeeded: generator.next()) }) }
        for name in ["sr0", "sr1"] {
            try mkdir("class/block/\(name)/device/scsi_generic")
            let device = URL(fileURLWithPath: sys + "/class/block/\(name)/device")
            for field in ["vendor", "model", "rev"] {
                try garbage().write(to: device.appendingPathComponent(field))
            }
        }
        // sr0 has a garbage type (not 5: skipped); sr1 has none (accepted) and its strings are garbage.
        try garbage().write(to: URL(fileURLWithPath: sys + "/class/block/sr0/device/type"))
        let drives = DriveDiscovery.list(sysfsRoot: sys, devRoot: dev)
        XCTAssertEqual(drives.map(\.path), [dev + "/sr1"])
        XCTAssertNil(drives.first?.genericPath)
        let vendor = try XCTUnwrap(drives.first?.vendor)
        XCTAssertFalse(vendor.unicodeScalars.contains { $0.value < 0x20 }, "no control characters survive")
    }

    func testDriveNumber() {
        XCTAssertEqual(SysfsDriveScanner.driveNumber("sr0"), 0)
        XCTAssertEqual(SysfsDriveScanner.driveNumber("sr12"), 12)
        XCTAssertNil(SysfsDriveScanner.driveNumber("sr"))
        XCTAssertNil(SysfsDriveScanner.driveNumber("sda"))
        XCTAssertNil(SysfsDriveScanner.driveNumber("sr1p1"))
        XCTAssertNil(SysfsDriveScanner.driveNumber("sr١"))  // a non-ASCII digit
    }

    func testMergeAddsOnlyWhatSysfsMissed() {
        let sysfs = [DiscoveredDrive(path: "/dev/sr0", genericPath: "/dev/sg0", vendor: "A", model: "B", revision: "C")]
        let links = ["/dev/cdrom": "/dev/sr0", "/dev/dvd": "/dev/sr0"]
        var identified: [String] = []
        let merged = DriveDiscovery.merge(
            sysfs: sysfs, libcdioPaths: ["/dev/cdrom", "/dev/sr0", "/dev/hdc", "/dev/dvd", "/dev/hdc"],
            resolve: { links[$0] ?? $0 },
            identify: { path in
                identified.append(path)
                return DriveIdentity(vendor: "OLDIDE", model: "CD-ROM 52X", revision: "1.0")
            })
        XCTAssertEqual(merged, sysfs + [DiscoveredDrive(path: "/dev/hdc", vendor: "OLDIDE", model: "CD-ROM 52X",
                                                        revision: "1.0")])
        XCTAssertEqual(identified, ["/dev/hdc"], "drives sysfs already identified are never opened")
    }

    func testMergeWithoutIdentity() {
        let merged = DriveDiscovery.merge(sysfs: [], libcdioPaths: ["/dev/scd0"], resolve: { $0 },
                                          identify: { _ in nil })
        XCTAssertEqual(merged, [DiscoveredDrive(path: "/dev/scd0")])
    }

    func testCodableRoundTrip() throws {
        let drive = DiscoveredDrive(path: "/dev/sr0", genericPath: nil, vendor: "V", model: "M", revision: "R")
        let data = try JSONEncoder().encode(drive)
        XCTAssertEqual(try JSONDecoder().decode(DiscoveredDrive.self, from: data), drive)
    }

    func testRealMachineListReturns() {
        let drives = DriveDiscovery.list()
        let hasSr = ((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/block")) ?? [])
            .contains { SysfsDriveScanner.driveNumber($0) != nil }
        if !hasSr && !FileManager.default.fileExists(atPath: "/dev/sr0")
            && !FileManager.default.fileExists(atPath: "/dev/cdrom") {
            XCTAssertEqual(drives, [], "this machine has no optical drive")
        }
        for drive in drives { XCTAssertTrue(drive.path.hasPrefix("/")) }
    }
}

/// A tiny deterministic generator (SplitMix64) so garbage tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
