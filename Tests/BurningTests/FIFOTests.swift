import Foundation
import XCTest
@testable import Burning

final class FIFOTests: XCTestCase {
    func testChunksArriveInOrderAcrossThreads() throws {
        let fifo = FIFO(capacityBytes: 64 * 1024, startThresholdBytes: 32 * 1024)
        let chunkCount = 2000
        let producer = Thread {
            for i in 0..<chunkCount {
                try? fifo.push([UInt8](repeating: UInt8(truncatingIfNeeded: i), count: 2048))
            }
            fifo.finish()
        }
        producer.start()
        var received = 0
        while let chunk = try fifo.pop() {
            XCTAssertEqual(chunk.count, 2048)
            XCTAssertEqual(chunk.first, UInt8(truncatingIfNeeded: received))
            received += 1
        }
        XCTAssertEqual(received, chunkCount)
        let stats = fifo.statistics
        XCTAssertEqual(stats.bytesIn, UInt64(chunkCount * 2048))
        XCTAssertEqual(stats.bytesOut, stats.bytesIn)
        XCTAssertEqual(stats.filledBytes, 0)
        XCTAssertLessThanOrEqual(stats.minimumFillFraction, 1)
    }

    func testWriterWaitsForStartThreshold() throws {
        let fifo = FIFO(capacityBytes: 8192, startThresholdBytes: 6144)
        try fifo.push([1, 1])
        let got = expectation(description: "pop returns after threshold")
        let box = Box()
        Thread {
            box.value = (try? fifo.pop()) ?? nil
            got.fulfill()
        }.start()
        Thread.sleep(forTimeInterval: 0.05)
        XCTAssertNil(box.value, "writer must not start below the threshold")
        try fifo.push([UInt8](repeating: 2, count: 6142))
        wait(for: [got], timeout: 5)
        XCTAssertEqual(box.value, [1, 1])
    }

    func testProducerBlocksWhenFullAndMinimumFillIsTracked() throws {
        let fifo = FIFO(capacityBytes: 4096, startThresholdBytes: 4096)
        try fifo.push([UInt8](repeating: 0, count: 2048))
        try fifo.push([UInt8](repeating: 0, count: 2048))
        let pushed = expectation(description: "third push completes after a pop")
        Thread {
            try? fifo.push([UInt8](repeating: 0, count: 2048))
            pushed.fulfill()
        }.start()
        Thread.sleep(forTimeInterval: 0.05)
        XCTAssertEqual(fifo.statistics.filledBytes, 4096)
        _ = try fifo.pop()
        wait(for: [pushed], timeout: 5)
        XCTAssertEqual(fifo.statistics.minimumFillFraction, 0.5)
    }

    func testProducerErrorReachesWriterAfterBufferedData() throws {
        struct ReadFailed: Error {}
        let fifo = FIFO(capacityBytes: 4096, startThresholdBytes: 0)
        try fifo.push([7])
        fifo.finish(error: ReadFailed())
        XCTAssertEqual(try fifo.pop(), [7])
        XCTAssertThrowsError(try fifo.pop()) { XCTAssertTrue($0 is ReadFailed) }
    }

    func testCancelUnblocksBothSides() throws {
        let fifo = FIFO(capacityBytes: 2048, startThresholdBytes: 1024)
        let popped = expectation(description: "pop throws")
        let box = ErrorBox()
        Thread {
            do { _ = try fifo.pop() } catch { box.error = error }
            popped.fulfill()
        }.start()
        Thread.sleep(forTimeInterval: 0.02)
        fifo.cancel()
        wait(for: [popped], timeout: 5)
        XCTAssertTrue(box.error is FIFO.Cancelled, "\(String(describing: box.error))")
        XCTAssertThrowsError(try fifo.push([1])) { XCTAssertTrue($0 is FIFO.Cancelled) }
    }

    func testEmptyWaitsCountSoftwareUnderruns() throws {
        let fifo = FIFO(capacityBytes: 4096, startThresholdBytes: 0)
        try fifo.push([1])
        XCTAssertEqual(try fifo.pop(), [1])
        let popped = expectation(description: "pop after wait")
        Thread {
            _ = try? fifo.pop()
            popped.fulfill()
        }.start()
        Thread.sleep(forTimeInterval: 0.05)
        try fifo.push([2])
        wait(for: [popped], timeout: 5)
        XCTAssertEqual(fifo.statistics.emptyWaits, 1)
    }

    /// Issue 15: a producer waiting on a full FIFO is let go once a quarter of it is free, not after every chunk
    /// taken, so a full FIFO costs one reader wake-up per quarter of its capacity.
    func testWaitingProducerGoesOnOnceAQuarterIsFree() throws {
        let fifo = FIFO(capacityBytes: 8 * 1024, startThresholdBytes: 8 * 1024)
        for _ in 0..<8 { try fifo.push([UInt8](repeating: 0, count: 1024)) }
        let pushed = expectation(description: "the ninth push completes")
        Thread {
            try? fifo.push([UInt8](repeating: 9, count: 1024))
            pushed.fulfill()
        }.start()
        Thread.sleep(forTimeInterval: 0.05)  // the producer is waiting on the full FIFO
        _ = try fifo.pop()
        Thread.sleep(forTimeInterval: 0.05)
        XCTAssertEqual(fifo.statistics.filledBytes, 7 * 1024, "one chunk free is less than a quarter: still waiting")
        _ = try fifo.pop()
        wait(for: [pushed], timeout: 5)
        XCTAssertEqual(fifo.statistics.filledBytes, 7 * 1024)
        XCTAssertEqual(fifo.statistics.bytesIn, 9 * 1024)
    }
}

private final class ErrorBox: @unchecked Sendable { var error: Error? }
private final class Box: @unchecked Sendable { var value: [UInt8]? }
