import XCTest
final class PlaceholderPeerTests: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
