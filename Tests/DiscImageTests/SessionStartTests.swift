@testable import DiscImage
import XCTest

/// Images for a later session (`mkisofs -C S,N -M previous`) are read at the address they were mastered for
/// (issue 11 item 3): their root lies past the end of the file when read from 0, as it must.
final class SessionStartTests: XCTestCase {
    static let start: Int64 = 11_700

    private func secondSession(_ tool: String) throws -> String {
        let fixtures = try ImageFixtures.shared()
        let first = try fixtures.rockRidgeGenisoimage()
        let extra = fixtures.directory + "/session2"
        try TestSupport.shell("mkdir -p '\(extra)' && printf 'two\\n' > '\(extra)/second.txt'")
        let command = tool == "xorriso" ? "xorriso -as mkisofs" : "genisoimage"
        return try fixtures.image("session2-\(tool).iso",
                                  "\(command) -R -C 0,\(Self.start) -M '\(first)' -o OUT '\(extra)'")
    }

    func testSecondSessionImageIsFitToBurnAtItsAddressOnly() throws {
        for tool in ["xorriso", "genisoimage"] {
            let image = try secondSession(tool)
            let atStart = try DiscImage.validate(path: image, startLBA: Self.start)
            XCTAssertEqual(atStart.problems, [], tool)
            XCTAssertFalse(atStart.truncated, tool)
            XCTAssertFalse(atStart.rootBelowStartLBA, tool)
            // Read as a plain image its directories lie past the end of the file: the old "damaged" refusal.
            let atZero = try DiscImage.validate(path: image)
            XCTAssertFalse(atZero.isBurnable, tool)
        }
    }

    func testBothSessionsFilesAreListedFromTheLaterSession() throws {
        let fileSystem = try DiscImage.fileSystem(path: try secondSession("xorriso"), startLBA: Self.start)
        var paths: [String] = []
        try fileSystem.walk(fileSystem.root, recursive: true) { paths.append($0.path) }
        XCTAssertTrue(paths.contains("/second.txt"), "\(paths)")
        XCTAssertTrue(paths.contains("/docs/readme.txt"), "the first session's files: \(paths)")
    }

    func testPlainImageAtALaterAddressIsNotMasteredForIt() throws {
        let plain = try ImageFixtures.shared().rockRidgeGenisoimage()
        let validation = try DiscImage.validate(path: plain, startLBA: Self.start)
        XCTAssertTrue(validation.rootBelowStartLBA)
        XCTAssertFalse(validation.isBurnable)
        XCTAssertTrue(try DiscImage.validate(path: plain).isBurnable)
    }

    func testTruncatedSecondSessionIsStillTruncated() throws {
        let image = try secondSession("xorriso")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: image))
        let cut = try TestSupport.scratch("session-cut") + "/cut.iso"
        try bytes.prefix(bytes.count - 10 * 2048).write(to: URL(fileURLWithPath: cut))
        let validation = try DiscImage.validate(path: cut, startLBA: Self.start)
        XCTAssertTrue(validation.truncated)
        XCTAssertEqual(validation.missingBlocks, 10)
        XCTAssertFalse(validation.isBurnable)
    }

    func testBlockReaderRefusesAddressesBeforeTheFirstBlock() throws {
        let file = try ImageFile(path: try ImageFixtures.shared().plainISO())
        let reader = BlockReader(file: file, layout: .iso(firstLBA: 100))
        XCTAssertNil(try reader.block(99))
        XCTAssertNil(try reader.block(0))
        XCTAssertEqual(try reader.block(116)?.bytes, try BlockReader(file: file).block(16)?.bytes)
        XCTAssertEqual(reader.endLBA, 100 + reader.blocksPresent)
        XCTAssertEqual(try reader.data(lba: 50, offsetBytes: 0, count: 10), [])
    }
}
