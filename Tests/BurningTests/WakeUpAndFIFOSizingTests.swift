import Foundation
@testable import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

/// Issue 15 items 2 and 3: few wake-ups while the drive is full, no half-second per re-sent command after a
/// close, and a FIFO sized from the write speed. No timings: sleeps are injected and counted.
final class WakeUpAndFIFOSizingTests: XCTestCase {
    /// Every sleep the writer asks for, in order.
    final class SleepLog: @unchecked Sendable {
        private let lock = NSLock()
        private var durations: [Duration] = []
        let clock: ManualDriveClock?
        init(clock: ManualDriveClock? = nil) { self.clock = clock }
        var all: [Duration] { lock.withLock { durations } }
        var sleep: @Sendable (Duration) -> Void {
            { [self] d in
                lock.withLock { durations.append(d) }
                clock?.advance(by: d)
            }
        }
    }

    // MARK: FIFO sizing rule

    func testDefaultFIFOHoldsTwoSecondsOfTheSpeedWithinFloorAndCap() {
        let memory: UInt64 = 16 << 30
        let mebibyte = 1 << 20
        // 12× BD-R, 53,952 kB/s: 107.9 MB, rounded up to 103 MiB.
        XCTAssertEqual(FIFOSizing.bytes(speedKilobytesPerSecond: 53_952, physicalMemoryBytes: memory), 103 * mebibyte)
        // 16× DVD, 22,160 kB/s: 44.3 MB → 43 MiB.
        XCTAssertEqual(FIFOSizing.bytes(speedKilobytesPerSecond: 22_160, physicalMemoryBytes: memory), 43 * mebibyte)
        // Slow or unknown speeds keep the 16 MiB floor.
        XCTAssertEqual(FIFOSizing.bytes(speedKilobytesPerSecond: 7_056, physicalMemoryBytes: memory), 16 * mebibyte)
        XCTAssertEqual(FIFOSizing.bytes(speedKilobytesPerSecond: nil, physicalMemoryBytes: memory), 16 * mebibyte)
        XCTAssertEqual(FIFOSizing.bytes(speedKilobytesPerSecond: 0, physicalMemoryBytes: memory), 16 * mebibyte)
        // Capped at 256 MiB, at an eighth of the memory on a small machine, never under the floor.
        XCTAssertEqual(FIFOSizing.bytes(speedKilobytesPerSecond: 200_000, physicalMemoryBytes: memory), 256 * mebibyte)
        XCTAssertEqual(FIFOSizing.bytes(speedKilobytesPerSecond: Int.max, physicalMemoryBytes: memory), 256 * mebibyte)
        XCTAssertEqual(FIFOSizing.bytes(speedKilobytesPerSecond: 53_952, physicalMemoryBytes: 512 << 20), 64 * mebibyte)
        XCTAssertEqual(FIFOSizing.bytes(speedKilobytesPerSecond: 53_952, physicalMemoryBytes: 64 << 20), 16 * mebibyte)
    }

    func testFIFOSizeOptionWinsOverTheSpeedRule() {
        XCTAssertNil(BurnOptions().fifoSizeBytes, "no --fifo-size: sized from the speed")
        XCTAssertEqual(FIFOSizing.bytes(requestedBytes: 0, speedKilobytesPerSecond: 53_952), 0, "--fifo-size 0: none")
        XCTAssertEqual(FIFOSizing.bytes(requestedBytes: 4 << 20, speedKilobytesPerSecond: 53_952), 4 << 20)
        XCTAssertEqual(FIFOSizing.bytes(requestedBytes: nil, speedKilobytesPerSecond: 53_952),
                       FIFOSizing.bytes(speedKilobytesPerSecond: 53_952))
    }

    // MARK: pacing

    /// A throttled 16× DVD+R on a manual clock: while the drive buffer is full the writer sleeps until it is half
    /// empty, then sends half a buffer. 8 MiB through a 2 MiB buffer: a handful of sleeps, not one per 32 KiB
    /// WRITE (the old pacer slept 2 ms and asked again for every WRITE once the buffer was full: ~200 sleeps).
    func testWriterSleepsOncePerHalfBufferWhileTheDriveIsFull() async throws {
        let dir = try BurnFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = try BurnFixture.makeISO(in: dir, files: 8, fileBytes: 1 << 20)
        let clock = ManualDriveClock()
        let drive = try VirtualDrive.open(parsing: "dvd+r?speed=16x", clock: clock)
        let log = SleepLog(clock: clock)
        var options = BurnOptions()
        options.verify = false
        let (plan, result) = try await BurnFixture.burn(image, on: drive, options: options, sleep: log.sleep)
        XCTAssertTrue(result.succeeded, result.error ?? "")
        XCTAssertEqual(result.underruns, 0)
        XCTAssertEqual(drive.statistics.linkedUnderruns, 0)
        let halfBuffers = Int(plan.writeBlocks) * 2048 / (1 << 20)
        let pacingSleeps = log.all.filter { $0 >= .milliseconds(10) }
        XCTAssertLessThanOrEqual(log.all.count, halfBuffers + 8, "sleeps: \(log.all)")
        XCTAssertGreaterThanOrEqual(pacingSleeps.count, halfBuffers - 4, "the drive was full: the writer waited")
        // Each wait is what half a buffer takes at 16× (1 MiB / 22,160 kB/s ≈ 47 ms), never longer.
        XCTAssertTrue(pacingSleeps.allSatisfy { $0 <= .milliseconds(48) }, "\(pacingSleeps)")
    }

    func testPauseDrainsToHalfAtTheSpeedAndBacksOffWithoutOne() {
        let length = 2 << 20
        // Full buffer at 22,160 kB/s: 1 MiB to drain → 47,318 µs.
        XCTAssertEqual(BufferPacer.pause(usedBytes: length, lengthBytes: length, bytes: 32_768,
                                         speedKilobytesPerSecond: 22_160, waits: 0), .microseconds(47_318))
        // Already below half but no room for a big WRITE: wait for that room only; never under 2 ms.
        XCTAssertEqual(BufferPacer.pause(usedBytes: length / 2, lengthBytes: length, bytes: length / 2 + 22_160,
                                         speedKilobytesPerSecond: 22_160, waits: 0), .milliseconds(2))
        XCTAssertEqual(BufferPacer.pause(usedBytes: length / 2, lengthBytes: length, bytes: length / 2 + 221_600,
                                         speedKilobytesPerSecond: 22_160, waits: 0), .milliseconds(10))
        let unknown = (0..<8).map {
            BufferPacer.pause(usedBytes: length, lengthBytes: length, bytes: 32_768, speedKilobytesPerSecond: nil, waits: $0)
        }
        XCTAssertEqual(unknown, [2, 4, 8, 16, 32, 50, 50, 50].map { Duration.milliseconds($0) })
    }

    /// A reader that stalls longer than the drive buffer lasts (4 MiB at 12× BD-R: 78 ms; the reader stalls
    /// 200 ms every 100 ms of reading): the writer waits on the empty FIFO, and before its next WRITE asks the drive, which has run dry:
    /// an underrun is reported. It used to write on with the room it remembered and report none.
    func testUnderrunAfterTheWriterWaitedOnAnEmptyFIFOIsReported() async throws {
        let dir = try BurnFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 24 MiB (0.47 s at 12×), well past what the 4 MiB drive buffer and the 1 MiB FIFO absorb.
        let tree = dir.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        try Data(count: 24 << 20).write(to: tree.appendingPathComponent("zeros.bin"))
        let image = dir.appendingPathComponent("image.iso")
        try BurnFixture.run("/usr/bin/xorriso", ["-as", "mkisofs", "-quiet", "-o", image.path, tree.path])
        let drive = try VirtualDrive.open(parsing: "bd-r?speed=12x")
        var options = BurnOptions()
        options.verify = false
        options.fifoSizeBytes = 1 << 20
        options.readerStall = (stall: .milliseconds(200), every: .milliseconds(100))
        let (_, result) = try await BurnFixture.burn(image, on: drive, options: options, sleep: { SCSIClock.sleep($0) })
        XCTAssertTrue(result.succeeded, result.error ?? "")
        XCTAssertGreaterThan(drive.statistics.linkedUnderruns, 0, "the drive ran dry")
        XCTAssertGreaterThan(result.underruns, 0, "and the burn says so")
    }

    // MARK: re-sending after IMMED

    /// The virtual drive, like Pioneer's, says GOOD to TEST UNIT READY while a close runs and refuses the next
    /// command with 2/04/07 for a few polls. That command is re-sent as completion polls are (2 ms, doubling),
    /// not after the sense table's 0.5 s each: closing used to add a second to every burn.
    func testCommandRefusedAfterImmediateCloseIsResentWithShortDoublingPauses() throws {
        let drive = try VirtualDrive.open(parsing: "dvd+r")
        let log = SleepLog()
        let session = DriveSession(transport: drive, sleep: log.sleep)
        _ = try session.send(Write10(lba: 0, data: [UInt8](repeating: 7, count: 16 * 2048)))
        try session.send(SynchronizeCache(immediate: false))
        try SessionCloser.close(profile: .dvdPlusR, finalize: true, session: session)
        XCTAssertFalse(log.all.isEmpty, "the drive refused a command while closing")
        XCTAssertEqual(Array(log.all.prefix(2)), [.milliseconds(2), .milliseconds(4)])
        XCTAssertLessThan(log.all.reduce(.zero, +), .milliseconds(100), "\(log.all)")
        XCTAssertEqual(try session.send(ReadDiscInformation()).discStatus, .complete)
    }

    // MARK: speed window

    /// The current-speed window keeps samples 10 ms apart, not one per WRITE: at a virtual drive's speed a
    /// second held tens of thousands, and dropping the oldest moved all of them on every WRITE.
    func testSpeedWindowStaysSmallWhateverTheWriteRate() {
        var telemetry = Telemetry(totalBytes: 1 << 40, profile: .dvdPlusR)
        for _ in 0..<50_000 { telemetry.wrote(32_768) }
        XCTAssertLessThanOrEqual(telemetry.window.count, 110)
        XCTAssertEqual(telemetry.window.last?.1, 50_000 * 32_768, "the last sample is the latest write")
        XCTAssertEqual(telemetry.bytesWritten, 50_000 * 32_768)
        XCTAssertGreaterThan(telemetry.currentKilobytesPerSecond, 0)
    }
}
