@testable import DiscImage
import XCTest

/// Names with "..", "/" and absolute symlink targets are neutralised, reported, and nothing lands outside DEST.
final class HostileNameTests: XCTestCase {
    /// Builds a Rock Ridge image whose NM names are patched: "DOTDOTXX" becomes "..", "SLASHNAMEXYZ" becomes "../e/vil",
    /// plus a symlink to /etc/passwd and one that climbs out with "../..".
    static func hostileImage() throws -> String {
        try TestSupport.requireTools("xorriso")
        let directory = try TestSupport.scratch("hostile")
        let source = directory + "/src"
        try TestSupport.shell("""
            mkdir -p '\(source)/inner' && printf one > '\(source)/inner/DOTDOTXX' && printf two > '\(source)/SLASHNAMEXYZ' \
            && ln -s /etc/passwd '\(source)/abs-link' && ln -s ../../../outside '\(source)/inner/climb' \
            && xorriso -as mkisofs -R -o '\(directory)/hostile.iso' '\(source)' 2>/dev/null
            """)
        let path = directory + "/hostile.iso"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try patchName(&bytes, from: "DOTDOTXX", to: "..")
        try patchName(&bytes, from: "SLASHNAMEXYZ", to: "../e/vil")
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Rewrites the NM entry holding `from` (signature "NM", length, version 1, flags 0, name) to hold `to`,
    /// padding with a harmless SUSP "PD" entry so the record length stays the same.
    static func patchName(_ bytes: inout Data, from: String, to: String) throws {
        let needle = Data([0x4E, 0x4D, UInt8(5 + from.utf8.count), 1, 0]) + Data(from.utf8)
        let range = try XCTUnwrap(bytes.range(of: needle), "NM \(from) not found")
        let freed = from.utf8.count - to.utf8.count
        precondition(freed == 0 || freed >= 4)
        var replacement = Data([0x4E, 0x4D, UInt8(5 + to.utf8.count), 1, 0]) + Data(to.utf8)
        if freed > 0 { replacement += Data([0x50, 0x44, UInt8(freed), 1]) + Data(count: freed - 4) }
        bytes.replaceSubrange(range, with: replacement)
    }

    func testListingShowsTheRecordedNames() throws {
        let fileSystem = try DiscImage.fileSystem(path: try Self.hostileImage())
        var names: [String] = []
        try fileSystem.walk(fileSystem.root, recursive: true) { names.append($0.name) }
        XCTAssertEqual(names.sorted(), ["..", "../e/vil", "abs-link", "climb", "inner"])
    }

    func testExtractNeutralisesAndReports() throws {
        let binary = try TestSupport.discburnOrFail()
        let image = try Self.hostileImage()
        let base = try TestSupport.scratch("hostile-out")
        let destination = base + "/dest"
        let result = try TestSupport.run(binary, ["image", "extract", image, destination])
        XCTAssertEqual(result.status, 0, result.stderr)
        let manager = FileManager.default
        XCTAssertEqual(try String(contentsOfFile: destination + "/inner/_..", encoding: .utf8), "one")
        XCTAssertEqual(try String(contentsOfFile: destination + "/.._e_vil", encoding: .utf8), "two")
        XCTAssertFalse(manager.fileExists(atPath: destination + "/abs-link"))
        XCTAssertFalse(manager.fileExists(atPath: destination + "/inner/climb"))
        XCTAssertEqual(try manager.contentsOfDirectory(atPath: base), ["dest"])
        let warnings = result.stderr.split(separator: "\n").filter { $0.hasPrefix("discburn: warning: ") }
        XCTAssertEqual(warnings.count, 4, result.stderr)
        XCTAssertTrue(result.stderr.contains("'/abs-link' -> '/etc/passwd' not created"), result.stderr)
    }

    func testComponentRules() {
        XCTAssertEqual(ExtractionPath.component("..").safe, "_..")
        XCTAssertEqual(ExtractionPath.component("a/b").safe, "a_b")
        XCTAssertEqual(ExtractionPath.component("").safe, "_")
        XCTAssertEqual(ExtractionPath.component("plain").safe, "plain")
    }
}
