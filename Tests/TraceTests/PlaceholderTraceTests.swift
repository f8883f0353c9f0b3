import XCTest
final class PlaceholderTraceTests: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
