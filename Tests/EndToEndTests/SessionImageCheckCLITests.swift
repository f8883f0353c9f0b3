import Foundation
import XCTest

/// Issue 11 item 3, "the image starts with its own system area": at NWA N > 0 an image is burned only when it
/// was mastered for N — its primary volume descriptor is its own block 16 (N+16 on the disc) and its root
/// directory, read where the image will lie, is the root ("." names its own extent). Images made by
/// `xorriso -as mkisofs -C S,N -M` and `genisoimage -C S,N -M` pass; a cut-out tail, an image with blocks added
/// or removed at its start, and one mastered for another N are refused with one line naming cause and fix, and
/// nothing is written.
final class SessionImageCheckCLITests: XCTestCase {
    var dir: URL!
    var drive: String!

    override func setUpWithError() throws {
        dir = try temporaryDirectory()
        drive = "virtual:cd-r:\(dir.appendingPathComponent("disc").path)"
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func tree(_ name: String, files: Int) throws -> URL {
        let tree = dir.appendingPathComponent("tree-\(name)")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        for i in 0..<files {
            try Data(repeating: UInt8(i & 0xFF), count: 20_000 + i).write(to: tree.appendingPathComponent("\(name)\(i).dat"))
        }
        return tree
    }

    private func runTool(_ tool: String, _ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "\(tool) \(arguments.joined(separator: " ")) (Debian package \(tool))")
    }

    /// `xorriso -as mkisofs` or `genisoimage`, optionally `-C msinfo -M previous`.
    private func master(_ tool: String, _ out: String, _ tree: URL, msinfo: String? = nil, previous: URL? = nil) throws -> URL {
        let image = dir.appendingPathComponent(out)
        var arguments = (tool == "xorriso" ? ["-as", "mkisofs"] : []) + ["-quiet", "-R", "-V", "S", "-o", image.path]
        if let msinfo, let previous { arguments += ["-C", msinfo, "-M", previous.path] }
        try runTool(tool, arguments + [tree.path])
        return image
    }

    private func completeTracks() throws -> Int {
        let toc = try CLIRunner.json(["toc", "--drive", drive, "--json"])
        return (toc["tracks"] as? [[String: Any]] ?? []).filter { $0["state"] as? String == "complete" }.count
    }

    /// First session burned; returns it and msinfo "S,N".
    private func firstSession() throws -> (image: URL, msinfo: String, next: Int) {
        let first = try master("xorriso", "first.iso", try tree("one", files: 40))
        let burned = try CLIRunner.run(["burn", first.path, "--drive", drive, "--multi"])
        XCTAssertEqual(burned.status, 0, burned.stderr)
        let info = try CLIRunner.run(["msinfo", "--drive", drive]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let next = try XCTUnwrap(info.split(separator: ",").last.flatMap { Int($0) }, info)
        return (first, info, next)
    }

    private func assertRefused(_ image: URL, _ causes: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let outcome = try CLIRunner.run(["burn", image.path, "--drive", drive, "--multi"])
        XCTAssertNotEqual(outcome.status, 0, "\(image.lastPathComponent) was burned", file: file, line: line)
        XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, outcome.stderr, file: file, line: line)
        for cause in causes + ["msinfo", "mkisofs -C"] {
            XCTAssertTrue(outcome.stderr.contains(cause), "\(image.lastPathComponent): '\(cause)' in \(outcome.stderr)",
                          file: file, line: line)
        }
        XCTAssertEqual(try completeTracks(), 1, "nothing was written for \(image.lastPathComponent)", file: file, line: line)
    }

    func testImagesMasteredForTheAddressByXorrisoAndGenisoimageAreBurned() throws {
        let (first, info, _) = try firstSession()
        let xorriso = try master("xorriso", "x2.iso", try tree("two", files: 3), msinfo: info, previous: first)
        let dry = try CLIRunner.run(["burn", xorriso.path, "--drive", drive, "--multi", "--dry-run"])
        XCTAssertEqual(dry.status, 0, dry.stderr)
        let genisoimage = try master("genisoimage", "g2.iso", try tree("three", files: 3), msinfo: info, previous: first)
        let burned = try CLIRunner.run(["burn", genisoimage.path, "--drive", drive, "--multi", "--json"])
        XCTAssertEqual(burned.status, 0, burned.stderr)
        XCTAssertEqual(try completeTracks(), 2)
    }

    func testCutAndShiftedImagesAreRefusedWithNothingWritten() throws {
        let (first, info, next) = try firstSession()
        let second = try master("xorriso", "second.iso", try tree("two", files: 3), msinfo: info, previous: first)
        let secondBytes = try Data(contentsOf: second), firstBytes = try Data(contentsOf: first)
        func write(_ name: String, _ data: Data) throws -> URL {
            let url = dir.appendingPathComponent(name)
            try data.write(to: url)
            return url
        }
        // The tail of a plain image, cut where the next session starts: it begins mid-file-system.
        let tail = try write("tail.iso", firstBytes.suffix(from: 40 * 2048))
        try assertRefused(tail, ["system area", "LBA \(next)"])
        // The right image with 16 blocks added before it, or 2 blocks cut from its start.
        try assertRefused(try write("prefixed.iso", Data(count: 16 * 2048) + secondBytes), ["system area"])
        try assertRefused(try write("cut-start.iso", secondBytes.suffix(from: 2 * 2048)), ["system area"])
        // Mastered for an address past N (its root lies past N, so only the root's own "." record shows it).
        let later = try master("genisoimage", "later.iso", try tree("four", files: 3),
                               msinfo: "0,\(next + 100)", previous: first)
        try assertRefused(later, ["not mastered for LBA \(next)"])
        // --data appends the tail as raw data when that is what the user wants.
        let data = try CLIRunner.run(["burn", tail.path, "--drive", drive, "--multi", "--data", "--dry-run"])
        XCTAssertEqual(data.status, 0, data.stderr)
    }
}
