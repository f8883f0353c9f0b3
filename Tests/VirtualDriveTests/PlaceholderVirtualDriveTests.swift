import XCTest
final class PlaceholderVirtualDriveTests: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
