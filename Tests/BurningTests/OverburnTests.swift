import XCTest
@testable import Burning

/// --overburn is checked before the first WRITE against the disc's ATIP lead-out (issue 11 item 6).
final class OverburnTests: XCTestCase {
    func testTheATIPLeadOutOfThisDiscSetsTheLimit() throws {
        // A disc whose ATIP lead-out starts at 359,845 (MMC-NOTES: it differs by disc) takes 9,000 blocks more.
        XCTAssertNoThrow(try BurnPlanner.checkOverburn(startLBA: 0, writeBlocks: 368_845, freeBlocks: 359_845,
                                                       atipLeadOutLBA: 359_845))
        XCTAssertThrowsError(try BurnPlanner.checkOverburn(startLBA: 0, writeBlocks: 368_849, freeBlocks: 359_845,
                                                           atipLeadOutLBA: 359_845)) { error in
            guard case BurnError.overburnTooFar(4, 359_845, 368_845) = error else { return XCTFail("\(error)") }
        }
        // A later session counts from its start.
        XCTAssertThrowsError(try BurnPlanner.checkOverburn(startLBA: 100_000, writeBlocks: 268_900, freeBlocks: 259_849,
                                                           atipLeadOutLBA: 359_849))
    }

    func testNoTrackEndsPastTheNinetyMinuteAddressLimit() {
        XCTAssertEqual(BurnPlanner.cdLastAddressableLBA, 404_850)
        XCTAssertThrowsError(try BurnPlanner.checkOverburn(startLBA: 0, writeBlocks: 404_900, freeBlocks: 399_000,
                                                           atipLeadOutLBA: 399_000)) { error in
            guard case BurnError.overburnTooFar(50, _, 404_850) = error else { return XCTFail("\(error)") }
        }
    }
}
