import DiscImage
import XCTest

/// `image extract` round-trips the source tree and never writes outside the destination.
final class ExtractTests: XCTestCase {
    func extract(_ image: String, paths: [String] = [], force: Bool = false) throws -> (String, TestSupport.Result) {
        let binary = try TestSupport.discburnOrFail()
        let destination = try TestSupport.scratch("extract") + "/out"
        let result = try TestSupport.run(binary, ["image", "extract", image, destination] + paths
            + (force ? ["--force"] : []))
        return (destination, result)
    }

    func testRockRidgeRoundTripsLikeDiff() throws {
        let fixtures = try ImageFixtures.shared()
        let (destination, result) = try extract(try fixtures.rockRidgeJoliet())
        XCTAssertEqual(result.status, 0, result.stderr)
        let diff = try TestSupport.run("diff", ["-r", "--no-dereference", fixtures.tree, destination])
        XCTAssertEqual(diff.status, 0, diff.stdout + diff.stderr)
    }

    func testPermissionsDatesAndSymlinksAreKept() throws {
        let fixtures = try ImageFixtures.shared()
        let (destination, result) = try extract(try fixtures.rockRidgeJoliet())
        XCTAssertEqual(result.status, 0, result.stderr)
        let manager = FileManager.default
        func attribute(_ path: String, _ key: FileAttributeKey) throws -> Any? {
            try manager.attributesOfItem(atPath: destination + "/" + path)[key]
        }
        XCTAssertEqual(try attribute("docs/private.txt", .posixPermissions) as? Int, 0o600)
        XCTAssertEqual(try attribute("bin/run.sh", .posixPermissions) as? Int, 0o755)
        XCTAssertEqual(try attribute("bin", .posixPermissions) as? Int, 0o750)
        let readmeDate = try XCTUnwrap(try attribute("docs/readme.txt", .modificationDate) as? Date)
        XCTAssertEqual(readmeDate.timeIntervalSince1970, 981_173_106)  // 2001-02-03 04:05:06 UTC
        let docsDate = try XCTUnwrap(try attribute("docs", .modificationDate) as? Date)
        XCTAssertEqual(docsDate.timeIntervalSince1970, 946_684_798)  // 1999-12-31 23:59:58 UTC
        XCTAssertEqual(try manager.destinationOfSymbolicLink(atPath: destination + "/docs/sub dir/up-link"),
                       "../bin/run.sh")
        XCTAssertEqual(try attribute("docs/dirlink", .type) as? FileAttributeType, .typeSymbolicLink)
    }

    func testJolietOnlyRoundTripsFileContents() throws {
        let fixtures = try ImageFixtures.shared()
        let (destination, result) = try extract(try fixtures.jolietOnly())
        XCTAssertEqual(result.status, 0, result.stderr)
        // Joliet has no symlinks, and UCS-2 cannot hold the emoji (genisoimage cuts the name before it).
        let diff = try TestSupport.run("diff", ["-r", "--no-dereference", fixtures.tree, destination])
        let lines = diff.stdout.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.contains("link") }.count, 3, diff.stdout)
        XCTAssertEqual(lines.filter { !$0.contains("link") && !$0.contains("émoji") }, [], diff.stdout)
    }

    func testDeepRelocatedTreeRoundTrips() throws {
        let fixtures = try ImageFixtures.shared()
        let (destination, result) = try extract(try fixtures.deepXorriso())
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try TestSupport.run("diff", ["-r", fixtures.deepTree, destination]).status, 0)
    }

    func testSelectedPathsKeepTheirPlace() throws {
        let (destination, result) = try extract(try ImageFixtures.shared().rockRidgeJoliet(),
                                                paths: ["/docs/sub dir", "bin/run.sh"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let manager = FileManager.default
        XCTAssertTrue(manager.fileExists(atPath: destination + "/docs/sub dir/random.bin"))
        XCTAssertTrue(manager.fileExists(atPath: destination + "/bin/run.sh"))
        XCTAssertFalse(manager.fileExists(atPath: destination + "/docs/readme.txt"))
    }

    func testRefusesToOverwriteWithoutForce() throws {
        let binary = try TestSupport.discburnOrFail()
        let image = try ImageFixtures.shared().rockRidgeJoliet()
        let (destination, first) = try extract(image, paths: ["/docs/readme.txt"])
        XCTAssertEqual(first.status, 0, first.stderr)
        try TestSupport.write("mine", to: destination + "/docs/readme.txt")
        let second = try TestSupport.run(binary, ["image", "extract", image, destination, "/docs/readme.txt"])
        XCTAssertEqual(second.status, 1)
        XCTAssertTrue(second.stderr.hasPrefix("discburn: error: "), second.stderr)
        XCTAssertTrue(second.stderr.contains("--force"), second.stderr)
        XCTAssertEqual(try String(contentsOfFile: destination + "/docs/readme.txt", encoding: .utf8), "mine")
        let forced = try TestSupport.run(binary, ["image", "extract", image, destination, "/docs/readme.txt", "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(try String(contentsOfFile: destination + "/docs/readme.txt", encoding: .utf8), "hello\n")
    }

    func testUnknownPathIsAOneLineError() throws {
        let (_, result) = try extract(try ImageFixtures.shared().rockRidgeJoliet(), paths: ["/no/such"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("'/no/such' not found"), result.stderr)
    }
}
