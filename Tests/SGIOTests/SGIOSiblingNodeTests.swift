import Foundation
import XCTest
@testable import SGIO

/// Issue 9 point 14: an exclusive burn claims the sr and the sg node of one drive; the pairing comes from sysfs.
final class SGIOSiblingNodeTests: XCTestCase {
    func testSiblingsAreMappedThroughSysfsBothWays() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sysfs-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: "\(root)/block/sr0/device/scsi_generic/sg3", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: "\(root)/class/scsi_generic/sg3/device/block/sr0", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: "\(root)/block/sr1/device/scsi_generic:sg4", withIntermediateDirectories: true)
        XCTAssertEqual(SGIOSiblingNode.sibling(of: "/dev/sr0", sysfsRoot: root), "/dev/sg3")
        XCTAssertEqual(SGIOSiblingNode.sibling(of: "/dev/sg3", sysfsRoot: root), "/dev/sr0")
        XCTAssertEqual(SGIOSiblingNode.sibling(of: "/dev/sr1", sysfsRoot: root), "/dev/sg4", "old sysfs layout")
        XCTAssertNil(SGIOSiblingNode.sibling(of: "/dev/sr9", sysfsRoot: root))
        XCTAssertNil(SGIOSiblingNode.sibling(of: "/dev/sg7", sysfsRoot: root), "an sg node without a block device")
        XCTAssertNil(SGIOSiblingNode.sibling(of: "/dev/..", sysfsRoot: root))
    }
}
