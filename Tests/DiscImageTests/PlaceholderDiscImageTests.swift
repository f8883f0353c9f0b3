import XCTest
final class PlaceholderDiscImageTests: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
