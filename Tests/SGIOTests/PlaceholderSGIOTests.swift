import XCTest
final class PlaceholderSGIOTests: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
