@testable import DiscImage
import XCTest

/// The text and JSON lines of `image ls -R`, byte for byte, on a tree whose entries take turns between dates (the
/// output keeps the last date's text) and whose names take turns between ones copied as they are and ones that
/// need escapes (printable ASCII is copied without `PrintableName`).
final class TextListingTests: XCTestCase {
    static let firstDate = "2001-02-03 04:05:06"
    static let secondDate = "2019-12-31 23:59:58"

    func makeImage() throws -> String {
        let (image, _) = try HostileClassTests.image("textls", """
            mkdir sub && printf x > a && printf xy > b && printf xyz > c && printf 1234 > 'back\\slash' \
            && printf 5 > "$(printf 'del\\177')" && printf 67 > 'café' && ln -s a link && printf 8 > sub/d \
            && chmod 644 a b c sub/d 'back\\slash' café "$(printf 'del\\177')" && chmod 755 sub \
            && TZ=UTC touch -h -d '\(Self.firstDate)' a c 'back\\slash' café link sub/d \
            && TZ=UTC touch -h -d '\(Self.secondDate)' b "$(printf 'del\\177')" sub
            """)
        return image
    }

    func testTextLinesCarryEachEntrysOwnDateAndEscapedName() throws {
        let binary = try TestSupport.discburnOrFail()
        let image = try makeImage()
        let result = try TestSupport.run(binary, ["image", "ls", image, "-R"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let first = "2001-02-03 04:05", second = "2019-12-31 23:59"
        let expected = [
            "-rw-r--r--            1  \(first)  /a",
            "-rw-r--r--            2  \(second)  /b",
            "-rw-r--r--            3  \(first)  /c",
            "-rw-r--r--            4  \(first)  /back\\\\slash",
            "-rw-r--r--            1  \(second)  /del\\x7f",
            "-rw-r--r--            2  \(first)  /café",
            "drwxr-xr-x            0  \(second)  /sub",
            "-rw-r--r--            1  \(first)  /sub/d",
        ]
        let lines = result.stdout.split(separator: "\n").map(String.init)
        for line in expected {
            XCTAssertTrue(lines.contains(line), "missing \(line)\n\(result.stdout)")
        }
        XCTAssertTrue(lines.contains { $0.hasPrefix("l") && $0.hasSuffix("  \(first)  /link -> a") }, result.stdout)
        XCTAssertEqual(lines.count, expected.count + 1, result.stdout)
    }

    func testJSONLinesCarryEachEntrysOwnDateToTheSecond() throws {
        let binary = try TestSupport.discburnOrFail()
        let image = try makeImage()
        let result = try TestSupport.run(binary, ["image", "ls", image, "-R", "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        var mtimes: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            mtimes[try XCTUnwrap(object["path"] as? String)] = object["mtime"] as? String
        }
        let first = "2001-02-03T04:05:06Z", second = "2019-12-31T23:59:58Z"
        XCTAssertEqual(mtimes, ["/a": first, "/b": second, "/c": first, "/back\\slash": first, "/del\u{7F}": second,
                                "/café": first, "/link": first, "/sub": second, "/sub/d": first])
    }

    func testChildPathJoinsWithOneSlash() {
        XCTAssertEqual(DirectoryWalker.childPath("/", "a"), "/a")
        XCTAssertEqual(DirectoryWalker.childPath("/dir", "b"), "/dir/b")
        XCTAssertEqual(DirectoryWalker.childPath("/dir/sub", "café"), "/dir/sub/café")
        XCTAssertEqual(DirectoryWalker.childPath("/a-directory-name-longer-than-sixteen", "x\u{1B}y"),
                       "/a-directory-name-longer-than-sixteen/x\u{1B}y")
    }
}
