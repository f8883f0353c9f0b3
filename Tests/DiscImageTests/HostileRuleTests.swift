@testable import DiscImage
import XCTest

/// Issue 13 at the level of the rules themselves (new API: these did not compile before the fixes).
final class HostileRuleTests: XCTestCase {
    func testSymlinkRuleIsJudgedOnDisk() {
        let realDirectories: Set<String> = ["a", "a/b"]
        let isReal: (String) -> Bool = { realDirectories.contains($0) }
        func inside(_ target: String, _ linkDirectory: [String]) -> Bool {
            ExtractionPath.symlinkStaysInside(target, linkDirectory: linkDirectory, isRealDirectory: isReal)
        }
        XCTAssertTrue(inside("a/b/../b", []))
        XCTAssertTrue(inside("../x", ["a"]))
        XCTAssertFalse(inside("..", []))
        XCTAssertFalse(inside("/etc", ["a"]))
        XCTAssertFalse(inside("missing/..", []), "'missing' may become a symlink later in the extraction")
        XCTAssertFalse(inside("a/link/../..", []))
        XCTAssertTrue(inside("a/link/deeper", []))
        XCTAssertFalse(inside("x\u{0}/../..", ["a"]))
        XCTAssertFalse(inside("", []))
    }

    func testContinuationReadsOnlyTheBlocksItCovers() throws {
        let (image, _) = try HostileClassTests.image("ceblocks", "printf one > AAAAAAAA")
        let file = try ImageFile(path: image)
        let reader = BlockReader(file: file)
        let area = RockRidgeFields.Continuation(lba: 16, offsetBytes: 2048 * 3 + 100, lengthBytes: 200)
        var budget = ContinuationBudget(remainingBytes: 1 << 20)
        let loaded = try XCTUnwrap(try area.load(reader, budget: &budget))
        XCTAssertEqual(loaded.count, 200)
        XCTAssertEqual(budget.blocksRead, 1, "only the block the area covers is read")
    }

    func testContinuationBytesAreCappedPerImage() throws {
        let (image, _) = try HostileClassTests.image("cebudget", "printf one > AAAAAAAA && printf two > BBBBBBBB")
        try HostileClassTests.patch(image) { bytes in
            for name in ["AAAAAAAA.;1", "BBBBBBBB.;1"] {
                try HostileClassTests.replacePXWithCE(&bytes, recordNamed: name) { root, _ in (root, 0, 2048) }
            }
        }
        let fileSystem = try DiscImage.fileSystem(path: image)
        let walker = fileSystem.makeWalker()
        walker.continuationBudget = ContinuationBudget(remainingBytes: 3000)
        try walker.walk(fileSystem.root, recursive: true) { _ in true }
        XCTAssertTrue(walker.damage.contains { $0.contains("continuation") }, "\(walker.damage)")
    }
}
