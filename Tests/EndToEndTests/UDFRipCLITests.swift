import Foundation
import XCTest

/// Issue 11 item 5 for UDF-only volumes: the rip of a burned UDF-only image ends where the volume ends (its
/// last anchor after the partitions and descriptor sequences), so it equals the image byte for byte.
final class UDFRipCLITests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func tool(_ path: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(path) \(arguments)")
    }

    /// genisoimage -udf with its ISO 9660 descriptors turned into BEA01: UDF 1.02 only, 150 anchors at the end.
    private func genisoimageUDFOnly() throws -> URL {
        let tree = dir.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: tree.appendingPathComponent("sources"), withIntermediateDirectories: true)
        try Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
            .write(to: tree.appendingPathComponent("sources/install.wim"))
        let bridge = dir.appendingPathComponent("bridge.iso")
        try tool("/usr/bin/genisoimage", ["-quiet", "-udf", "-V", "UDFONLY", "-o", bridge.path, tree.path])
        var bytes = [UInt8](try Data(contentsOf: bridge))
        for block in 16..<19 where Array(bytes[(block * 2048 + 1)..<(block * 2048 + 6)]) == Array("CD001".utf8) {
            bytes.replaceSubrange((block * 2048 + 1)..<(block * 2048 + 6), with: Array("BEA01".utf8))
        }
        let image = dir.appendingPathComponent("udf-only.iso")
        try Data(bytes).write(to: image)
        return image
    }

    /// mkudffs (udftools), UDF 2.01, 2001 blocks (not a multiple of a DVD's 16-block ECC unit): the reserve
    /// sequence and the last anchor lie after the partition.
    private func mkudffsVolume() throws -> URL {
        let image = dir.appendingPathComponent("mkudffs.img")
        XCTAssertTrue(FileManager.default.createFile(atPath: image.path, contents: Data(count: 2001 * 2048)))
        try tool("/usr/sbin/mkudffs", ["--media-type=hd", "--blocksize=2048", "--udfrev=2.01", image.path])
        return image
    }

    func testRipOfABurnedUDFOnlyImageEqualsTheImage() throws {
        for image in [try genisoimageUDFOnly(), try mkudffsVolume()] {
            let original = try Data(contentsOf: image)
            XCTAssertNotEqual(original.count % (16 * 2048), 0, "the test needs padding on the DVD")
            for media in ["dvd+r", "bd-r"] {
                let state = dir.appendingPathComponent("\(media)-\(image.lastPathComponent)")
                let drive = "virtual:\(media):\(state.path)"
                let burn = try CLIRunner.run(["burn", image.path, "--drive", drive])
                XCTAssertEqual(burn.status, 0, burn.stderr)
                let rip = dir.appendingPathComponent("rip-\(media)-\(image.lastPathComponent)")
                let ripped = try CLIRunner.run(["rip", "--drive", drive, rip.path])
                XCTAssertEqual(ripped.status, 0, ripped.stderr)
                XCTAssertTrue(ripped.stdout.contains("UDF volume of \(original.count / 2048) blocks"), ripped.stdout)
                XCTAssertTrue(try Data(contentsOf: rip) == original, "\(media) \(image.lastPathComponent)")
                let whole = dir.appendingPathComponent("whole-\(media)-\(image.lastPathComponent)")
                XCTAssertEqual(try CLIRunner.run(["rip", "--drive", drive, "--whole-track", whole.path]).status, 0)
                XCTAssertGreaterThan(try Data(contentsOf: whole).count, original.count, "the track holds padding")
            }
        }
    }

    /// A pressed disc from a UDF-only image (`virtual:dvd-rom:IMAGE`): the rip equals the image, and `image ls`
    /// of the rip lists the UDF tree.
    func testRipOfAPressedUDFOnlyDiscListsItsFiles() throws {
        let image = try genisoimageUDFOnly()
        let rip = dir.appendingPathComponent("pressed.iso")
        let ripped = try CLIRunner.run(["rip", "--drive", "virtual:dvd-rom:\(image.path)", rip.path])
        XCTAssertEqual(ripped.status, 0, ripped.stderr)
        XCTAssertTrue(try Data(contentsOf: rip) == (try Data(contentsOf: image)))
        let listing = try CLIRunner.run(["image", "ls", rip.path, "-R"])
        XCTAssertEqual(listing.status, 0, listing.stderr)
        XCTAssertTrue(listing.stdout.contains("3000000") && listing.stdout.contains("/sources/install.wim"),
                      listing.stdout)
    }
}
