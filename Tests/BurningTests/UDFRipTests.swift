import DiscImage
import Foundation
import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

/// Rips of UDF-only volumes: where the volume ends (FileSystemExtent.udfVolumeBlocks), and the files a bad
/// range falls in named through the UDF tree.
final class UDFRipTests: XCTestCase {
    /// A block holding an anchor volume descriptor pointer at `lba` (tag 2, checksum), main sequence at 32.
    static func anchor(_ lba: UInt64) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 2048)
        block[0] = 2
        for index in 0..<4 { block[12 + index] = UInt8(truncatingIfNeeded: lba >> (8 * index)) }
        block[16 + 1] = 0x80  // main sequence: 32768 bytes at block 32
        block[20] = 32
        var sum: UInt8 = 0
        for index in 0..<16 where index != 4 { sum &+= block[index] }
        block[4] = sum
        return block
    }

    /// A volume of `trackBlocks` blocks: anchor at 256, a partition descriptor (blocks 257 ..< partitionEnd) at
    /// block 32, and anchors at `trailingAnchors`.
    static func volume(trackBlocks: Int, partitionEnd: UInt32, trailingAnchors: [UInt64]) -> [UInt8] {
        var disc = [UInt8](repeating: 0, count: trackBlocks * 2048)
        disc.replaceSubrange((256 * 2048)..<(257 * 2048), with: anchor(256))
        disc[32 * 2048] = 5
        for (offset, value) in [(188, UInt32(257)), (192, partitionEnd - 257)] {
            for index in 0..<4 { disc[32 * 2048 + offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
        }
        for lba in trailingAnchors {
            disc.replaceSubrange(Int(lba * 2048)..<Int((lba + 1) * 2048), with: anchor(lba))
        }
        return disc
    }

    func blocks(_ disc: [UInt8], trackBlocks: Int) async -> (UInt64?, [UInt64]) {
        var requested: [UInt64] = []
        let result = await FileSystemExtent.udfVolumeBlocks(trackBlocks: UInt64(trackBlocks)) { lba, count in
            requested.append(lba + UInt64(count))
            guard Int(lba) + count <= disc.count / 2048 else { return nil }
            return Array(disc[Int(lba * 2048)..<Int((lba + UInt64(count)) * 2048)])
        }
        return (result, requested)
    }

    func testTheVolumeEndsAtTheLastAnchorAfterThePartition() async {
        // genisoimage: anchors copied after the partition end up to N-1; mkudffs: one anchor at N-1.
        let genisoimage = Self.volume(trackBlocks: 1000, partitionEnd: 800, trailingAnchors: Array(799...949))
        let (end, requested) = await blocks(genisoimage, trackBlocks: 1000)
        XCTAssertEqual(end, 950)
        XCTAssertTrue(requested.allSatisfy { $0 <= 1000 }, "no read past the track")
        let mkudffs = Self.volume(trackBlocks: 2016, partitionEnd: 1800, trailingAnchors: [2000])
        let (mkEnd, _) = await blocks(mkudffs, trackBlocks: 2016)
        XCTAssertEqual(mkEnd, 2001)
        // No anchor after the partition: the partition's end. A wrong tag location is no anchor.
        var misplaced = Self.volume(trackBlocks: 1000, partitionEnd: 800, trailingAnchors: [900])
        misplaced[900 * 2048 + 12] = 1
        let (partitionOnly, _) = await blocks(misplaced, trackBlocks: 1000)
        XCTAssertEqual(partitionOnly, 800)
        // No anchor at 256: not UDF.
        let (none, _) = await blocks([UInt8](repeating: 0, count: 600 * 2048), trackBlocks: 600)
        XCTAssertNil(none)
    }

    func testBadSectorsOfAUDFOnlyDiscAreNamedThroughTheUDFTree() async throws {
        let dir = try BurnFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tree = dir.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: tree.appendingPathComponent("sources"), withIntermediateDirectories: true)
        try Data((0..<900_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
            .write(to: tree.appendingPathComponent("sources/install.wim"))
        try Data("x".utf8).write(to: tree.appendingPathComponent("README.TXT"))
        let bridge = dir.appendingPathComponent("bridge.iso")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/genisoimage")
        process.arguments = ["-quiet", "-udf", "-o", bridge.path, tree.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "genisoimage (Debian package genisoimage) is needed")
        var bytes = [UInt8](try Data(contentsOf: bridge))
        for block in 16..<19 where Array(bytes[(block * 2048 + 1)..<(block * 2048 + 6)]) == Array("CD001".utf8) {
            bytes.replaceSubrange((block * 2048 + 1)..<(block * 2048 + 6), with: Array("BEA01".utf8))
        }
        let image = dir.appendingPathComponent("udf.iso")
        try Data(bytes).write(to: image)
        let victim = try DiscImage.tree(path: image.path).tree.lookup("/sources/install.wim")
        let first = Int(try XCTUnwrap(victim.extents.first).lba) + 20
        let drive = try VirtualDrive.open(parsing: "dvd-rom:\(image.path)")
        drive.inject(.unreadable(lbas: first...(first + 2)))
        var options = RipOptions()
        options.retries = 1
        let out = dir.appendingPathComponent("rip.iso")
        let ripper = DiscRipper(drive: OpticalDrive(transport: drive), outputPath: out.path, options: options)
        let result = try ripper.run(try await ripper.plan())
        XCTAssertEqual(result.badRanges.first?.startLBA, UInt64(first))
        XCTAssertEqual(result.affectedFiles, ["/sources/install.wim"])
    }
}
