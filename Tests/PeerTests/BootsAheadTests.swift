import XCTest

/// Which guests boot ahead of their tests: only those of test classes this test process will run.
final class BootsAheadTests: XCTestCase {
    func testAnUnfilteredRunSelectsEveryClass() {
        XCTAssertTrue(BootsAhead.selects("QEMUUSBWriteTests", arguments: ["/x/DiscBurnPackageTests.xctest"]))
    }

    func testASelectionMustNameTheClassOrTheTarget() {
        let tool = "/x/DiscBurnPackageTests.xctest"
        let list = "PeerTests.QEMUBurnTests/testA,PeerTests.QEMUUSBWriteTests/testB,BurningTests.RipTests/testC"
        XCTAssertTrue(BootsAhead.selects("QEMUUSBWriteTests", arguments: [tool, list]))
        XCTAssertFalse(BootsAhead.selects("QEMUHarnessTests", arguments: [tool, list]))
        XCTAssertFalse(BootsAhead.selects("QEMUUSBWriteTests", arguments: [tool, "PeerTests.QEMUUSBWriteTestsX/t"]))
        // A bare target name and option values name no single test: the whole target runs.
        XCTAssertTrue(BootsAhead.selects("QEMUHarnessTests", arguments: [tool, "PeerTests"]))
        XCTAssertTrue(BootsAhead.selects("QEMUHarnessTests", arguments: [tool, "--testing-library", "xctest"]))
    }

    func testABootStartsOnceAndGivesItsResultToEveryCaller() throws {
        let counter = Counter()
        let boot = BackgroundBoot(testClass: "None") { () -> Int in counter.increment() }
        boot.start()
        boot.start()
        XCTAssertEqual(try boot.value(), 1)
        XCTAssertEqual(try boot.value(), 1)
        XCTAssertEqual(counter.count, 1)
    }

    func testAFailedBootThrowsItsErrorToEveryCaller() {
        let boot = BackgroundBoot(testClass: "None") { () -> Int in throw PeerError.notReady("no guest") }
        XCTAssertThrowsError(try boot.value())
        XCTAssertThrowsError(try boot.value())
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        var count: Int { lock.withLock { value } }
        func increment() -> Int { lock.withLock { value += 1; return value } }
    }
}
