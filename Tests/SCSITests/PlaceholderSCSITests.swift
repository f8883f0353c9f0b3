import XCTest
final class PlaceholderSCSITests: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
