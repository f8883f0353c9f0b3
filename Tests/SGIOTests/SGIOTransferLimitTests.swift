import Foundation
import XCTest
@testable import SGIO

final class SGIOTransferLimitTests: XCTestCase {
    private var root: String = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "sgio-sysfs-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    private func write(_ relative: String, _ text: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
    }

    private func mkdir(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: root + "/" + relative, withIntermediateDirectories: true)
    }

    func testSrReadsItsQueueLimit() throws {
        try write("block/sr0/queue/max_sectors_kb", "120\n")
        XCTAssertEqual(SGIOTransferLimit.maximumTransferBytes(forDevice: "/dev/sr0", sysfsRoot: root), 122_880)
    }

    func testSgFollowsItsBlockDevice() throws {
        try write("block/sr1/queue/max_sectors_kb", "1280\n")
        try mkdir("class/scsi_generic/sg3/device/block/sr1")
        XCTAssertEqual(SGIOTransferLimit.maximumTransferBytes(forDevice: "/dev/sg3", sysfsRoot: root), 1_310_720)
    }

    func testSgWithLegacyBlockLink() throws {
        try write("block/sr2/queue/max_sectors_kb", "64")
        try mkdir("class/scsi_generic/sg5/device/block:sr2")
        XCTAssertEqual(SGIOTransferLimit.maximumTransferBytes(forDevice: "/dev/sg5", sysfsRoot: root), 65_536)
    }

    func testUnknownDevicesGetTheDefault() throws {
        try mkdir("class/scsi_generic/sg0/device")  // an sg device with no block child (a scanner, say)
        XCTAssertEqual(SGIOTransferLimit.maximumTransferBytes(forDevice: "/dev/sg0", sysfsRoot: root), 65_536)
        XCTAssertEqual(SGIOTransferLimit.maximumTransferBytes(forDevice: "/dev/sr7", sysfsRoot: root), 65_536)
        XCTAssertEqual(SGIOTransferLimit.maximumTransferBytes(forDevice: "", sysfsRoot: root), 65_536)
        XCTAssertEqual(SGIOTransferLimit.maximumTransferBytes(forDevice: "/dev/sr0", sysfsRoot: root + "/nope"),
                       65_536)
    }

    func testGarbageGetsTheDefault() throws {
        for (index, text) in ["", "0", "-4", "abc", "12 34", "99999999999999999999999"].enumerated() {
            try write("block/sr\(index)/queue/max_sectors_kb", text)
            XCTAssertEqual(SGIOTransferLimit.maximumTransferBytes(forDevice: "/dev/sr\(index)", sysfsRoot: root),
                           65_536, "max_sectors_kb = \(text.debugDescription)")
        }
        // A value whose byte count overflows Int.
        try write("block/sr9/queue/max_sectors_kb", String(Int.max / 2))
        XCTAssertEqual(SGIOTransferLimit.maximumTransferBytes(forDevice: "/dev/sr9", sysfsRoot: root), 65_536)
    }

    func testParseKilobytes() {
        XCTAssertEqual(SGIOTransferLimit.parseKilobytes(" 512 \n"), 512)
        XCTAssertNil(SGIOTransferLimit.parseKilobytes("0"))
        XCTAssertNil(SGIOTransferLimit.parseKilobytes("0x40"))
    }

    func testRealSysfsQueueFileIsReadable() throws {
        // Any block device will do to prove real sysfs files (size 4096, short content) are read correctly.
        let blocks = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/block")) ?? []
        guard let name = blocks.sorted().first(where: {
            FileManager.default.fileExists(atPath: "/sys/block/\($0)/queue/max_sectors_kb")
        }) else { throw XCTSkip("no block device with a queue in /sys") }
        let text = try String(contentsOfFile: "/sys/block/\(name)/queue/max_sectors_kb", encoding: .utf8)
        let kilobytes = try XCTUnwrap(SGIOTransferLimit.parseKilobytes(text))
        XCTAssertEqual(SGIOTransferLimit.maximumTransferBytes(forDevice: "/dev/\(name)"), kilobytes * 1024)
    }
}
