import XCTest
final class PlaceholderDiscoveryTests: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
