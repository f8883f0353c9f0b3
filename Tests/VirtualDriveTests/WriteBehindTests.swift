import Foundation
import XCTest
@testable import VirtualDrive

/// Issue 15 item 1: a persisted disc starts media.bin's write-back during a long sequential burn, so the fsync
/// at SYNCHRONIZE CACHE has little left to wait for; durability still comes only from that fsync.
final class WriteBehindTests: XCTestCase {
    func testWriteBackOfASequentialRunIsDueEveryBatch() {
        var behind = WriteBehind(batchBytes: 100)
        XCTAssertNil(behind.wrote(offset: 0, count: 60))
        XCTAssertEqual(behind.wrote(offset: 60, count: 60), 0..<120)
        XCTAssertNil(behind.wrote(offset: 120, count: 60))
        XCTAssertEqual(behind.wrote(offset: 180, count: 40), 120..<220)
    }

    /// A write elsewhere (random writes to overwritable media) starts a new run: nothing of the old run is due,
    /// and the new run counts from its own start.
    func testAJumpStartsANewRun() {
        var behind = WriteBehind(batchBytes: 100)
        XCTAssertNil(behind.wrote(offset: 0, count: 90))
        XCTAssertNil(behind.wrote(offset: 1000, count: 50))
        XCTAssertNil(behind.wrote(offset: 0, count: 90), "a jump back is a new run too")
        XCTAssertEqual(behind.wrote(offset: 90, count: 10), 0..<100)
        behind.reset()
        XCTAssertNil(behind.wrote(offset: 100, count: 99), "after an fsync the run starts again")
    }

    /// 16 MiB written as a burn writes it (32 KiB WRITEs at the NWA) starts two write-backs of 8 MiB and no
    /// fsync; SYNCHRONIZE CACHE then fsyncs once. A short burn starts none.
    func testLongBurnStartsWriteBackWithoutFsyncingBeforeSynchronizeCache() throws {
        let drive = try VirtualDrive.open(parsing: "dvd+r:" + (try temporaryDirectory(self)))
        let writes = (16 << 20) / (16 * 2048)
        for i in 0..<writes { XCTAssertGood(try drive.write10(lba: i * 16, blocks: 16)) }
        XCTAssertEqual(drive.durabilityCounts.writeBacks, 2)
        XCTAssertEqual(drive.durabilityCounts.mediaSyncs, 0, "no fsync before SYNCHRONIZE CACHE")
        XCTAssertGood(try drive.synchronizeCache())
        XCTAssertEqual(drive.durabilityCounts.mediaSyncs, 1)

        let short = try VirtualDrive.open(parsing: "dvd+r:" + (try temporaryDirectory(self)))
        XCTAssertGood(try short.write10(lba: 0, blocks: 16))
        XCTAssertEqual(short.durabilityCounts.writeBacks, 0)
    }
}
