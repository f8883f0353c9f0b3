import DiscImage
import XCTest

/// `image ls` must agree with xorriso's own listing on every kind of image the tests build.
final class ListingAgreementTests: XCTestCase {
    static func ours(_ image: String) throws -> Set<ListedEntry> {
        let fileSystem = try DiscImage.fileSystem(path: image)
        var entries = Set<ListedEntry>()
        try fileSystem.walk(fileSystem.root, recursive: true) { entry in
            entries.insert(ListedEntry(path: entry.path, type: entry.kind.rawValue,
                                       size: entry.kind == .file ? entry.sizeBytes : 0, target: entry.symlinkTarget))
        }
        return entries
    }

    func assertAgrees(_ image: String, xorrisoImage: String? = nil, expectedCount: Int,
                      file: StaticString = #filePath, line: UInt = #line) throws {
        let theirs = try XorrisoListing.list(xorrisoImage ?? image)
        let mine = try Self.ours(image)
        XCTAssertEqual(theirs.count, expectedCount, "xorriso entry count", file: file, line: line)
        XCTAssertEqual(mine.subtracting(theirs).sorted { $0.path < $1.path }.map(\.description), [],
                       "only in discburn", file: file, line: line)
        XCTAssertEqual(theirs.subtracting(mine).sorted { $0.path < $1.path }.map(\.description), [],
                       "only in xorriso", file: file, line: line)
    }

    func testRockRidgeAndJolietAgree() throws {
        try assertAgrees(try ImageFixtures.shared().rockRidgeJoliet(), expectedCount: 16)
    }

    func testJolietOnlyAgrees() throws {
        try assertAgrees(try ImageFixtures.shared().jolietOnly(), expectedCount: 13)
    }

    func testGenisoimageRockRidgeAgrees() throws {
        try assertAgrees(try ImageFixtures.shared().rockRidgeGenisoimage(), expectedCount: 16)
    }

    func testPlainISO9660Agrees() throws {
        try assertAgrees(try ImageFixtures.shared().plainISO(), expectedCount: 13)
    }

    func testDeepTreeXorrisoAgrees() throws {
        try assertAgrees(try ImageFixtures.shared().deepXorriso(), expectedCount: 17)
    }

    func testDeepTreeGenisoimageRelocationAgrees() throws {
        try assertAgrees(try ImageFixtures.shared().deepGenisoimage(), expectedCount: 18)
    }

    func testUDFBridgeAgrees() throws {
        try assertAgrees(try ImageFixtures.shared().udfBridge(), expectedCount: 16)
    }

    func testBootImageAgrees() throws {
        try assertAgrees(try ImageFixtures.shared().bootable(), expectedCount: 4)
    }

    /// The data track of a bin/cue lists exactly like the ISO it was made from.
    func testBinCueDataTrackAgreesWithItsISO() throws {
        let fixtures = try ImageFixtures.shared()
        try assertAgrees(try fixtures.binCue().cue, xorrisoImage: try fixtures.rockRidgeJoliet(), expectedCount: 16)
    }

    /// The CLI's JSON Lines output carries the same entries as the library walk.
    func testCLIJSONLinesAgreeWithXorriso() throws {
        let binary = try TestSupport.discburnOrFail()
        let image = try ImageFixtures.shared().rockRidgeJoliet()
        let result = try TestSupport.run(binary, ["image", "ls", image, "-R", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        var entries = Set<ListedEntry>()
        for line in result.stdout.split(separator: "\n") {
            let object = try XCTUnwrap(
                JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
            let type = try XCTUnwrap(object["type"] as? String)
            XCTAssertNotNil(object["mtime"] as? String)
            entries.insert(ListedEntry(path: try XCTUnwrap(object["path"] as? String), type: type,
                                       size: type == "file" ? Int64(try XCTUnwrap(object["size"] as? Int)) : 0,
                                       target: object["target"] as? String))
        }
        XCTAssertEqual(entries, try XorrisoListing.list(image))
    }
}
