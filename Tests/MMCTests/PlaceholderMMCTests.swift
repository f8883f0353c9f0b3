import XCTest
final class PlaceholderMMCTests: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
