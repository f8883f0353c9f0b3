import DiscImage
import XCTest

/// Every CLI command over every file of the bad-input corpus: one error line, non-zero exit, never a crash.
final class BadInputTests: XCTestCase {
    static func corpus() throws -> [String] {
        let fixtures = try ImageFixtures.shared()
        return try BadImageCorpus.make(in: try TestSupport.scratch("corpus"), from: fixtures)
    }

    func testEveryCommandFailsWithOneLine() throws {
        let binary = try TestSupport.discburnOrFail()
        let destination = try TestSupport.scratch("corpus-out")
        let files = try Self.corpus()
        XCTAssertEqual(files.count, 15)
        for file in files {
            let name = URL(fileURLWithPath: file).lastPathComponent
            let commands: [[String]] = [
                ["image", "info", file], ["image", "info", file, "--json"], ["image", "ls", file],
                ["image", "ls", file, "-R"], ["image", "ls", file, "-R", "--json"],
                ["image", "extract", file, destination + "/" + name],
            ]
            for arguments in commands {
                let result = try TestSupport.run(binary, arguments)
                let what = arguments.joined(separator: " ")
                XCTAssertTrue(result.exitedNormally, "crashed: \(what)")
                XCTAssertNotEqual(result.status, 0, "succeeded: \(what)")
                let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                XCTAssertEqual(lines.count, 1, "\(what): \(result.stderr)")
                XCTAssertTrue(result.stderr.hasPrefix("discburn: error: "), "\(what): \(result.stderr)")
            }
        }
    }

    func testErrorsNameTheCause() throws {
        let binary = try TestSupport.discburnOrFail()
        let files = try Self.corpus()
        func error(_ suffix: String) throws -> String {
            let file = try XCTUnwrap(files.first { $0.hasSuffix(suffix) })
            return try TestSupport.run(binary, ["image", "info", file]).stderr
        }
        XCTAssertTrue(try error("/empty.iso").contains("is empty (0 bytes)"))
        XCTAssertTrue(try error("/photo.iso").contains("looks like a JPEG picture"))
        XCTAssertTrue(try error("/random-1MiB.iso").contains("no ISO 9660 primary volume descriptor"))
        XCTAssertTrue(try error("/missing-bin.cue").contains("missing.bin', which does not exist"))
        XCTAssertTrue(try error("/directory-loop.iso").contains("directory loop"))
        XCTAssertTrue(try error("/record-past-block.iso").contains("do not fit in the block"))
        XCTAssertTrue(try error("/a-directory.iso").contains("is a directory"))
        XCTAssertTrue(try error("/truncated-half.iso").contains("truncated"))
        XCTAssertTrue(try error("/huge-directory.iso").contains("announces 4294967295 bytes"))
    }

    /// Library level: inspect and walk every corpus file; errors are fine, traps are not.
    func testLibraryNeverTraps() throws {
        for file in try Self.corpus() {
            _ = try? DiscImage.inspect(path: file)
            if let fileSystem = try? DiscImage.fileSystem(path: file) {
                _ = try? fileSystem.walk(fileSystem.root, recursive: true) { _ in }
            }
        }
    }

    /// Flips bytes in the descriptors and directory area of a good image, 300 times with a fixed seed.
    func testMutatedImagesNeverTrap() throws {
        let good = try Data(contentsOf: URL(fileURLWithPath: try ImageFixtures.shared().rockRidgeJoliet()))
        let path = try TestSupport.scratch("mutate") + "/mutant.iso"
        var random = SeededBytes(seed: 42)
        let area = 16 * 2048..<min(good.count, 40 * 2048)
        var survived = 0
        for _ in 0..<300 {
            var data = good
            for _ in 0..<6 {
                let offset = area.lowerBound + Int(random.next() % UInt64(area.count))
                data[offset] = UInt8(truncatingIfNeeded: random.next())
            }
            try data.write(to: URL(fileURLWithPath: path))
            _ = try? DiscImage.inspect(path: path)
            if let fileSystem = try? DiscImage.fileSystem(path: path) {
                try? fileSystem.walk(fileSystem.root, recursive: true) { _ in }
                survived += 1
            }
        }
        XCTAssertGreaterThan(survived, 0)
    }
}
