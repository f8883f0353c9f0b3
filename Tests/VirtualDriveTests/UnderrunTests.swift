import Foundation
import MMC
import SCSI
import XCTest
@testable import VirtualDrive

/// Buffer timing with a manual clock: underruns when the host is late, linked with BURN-Free, a coaster without.
final class UnderrunTests: XCTestCase {
    let clock = ManualDriveClock()

    /// 640 blocks (1.25 MiB: past the 1 MiB start threshold, so the drive is recording).
    let head = imageBytes(blocks: 640)
    let tail = imageBytes(blocks: 360, seed: 0x77)

    func open(_ text: String) throws -> VirtualDrive { try VirtualDrive.open(parsing: text, clock: clock) }

    func available(_ drive: VirtualDrive) throws -> Int {
        Int(try drive.send(ReadBufferCapacity(), policy: .none).availableBytes ?? 0)
    }

    func testUnderrunWithoutBurnFreeMakesACoaster() throws {
        let dir = try temporaryDirectory(self)
        do {
            let drive = try open("cd-r:\(dir)?speed=16x")
            XCTAssertGood(try drive.selectWriteParameters(writeParameters(.trackAtOnce)))
            XCTAssertGood(try drive.writeSequentially(head, from: 0))
            clock.advance(by: .seconds(1))  // 2.8 MB/s drains 1.25 MiB in 0.46 s: the host is late
            let failed = try drive.run(Write10(lba: 640, data: Array(tail.prefix(32_768))))
            XCTAssertSense(failed, "3/0C/09")
            XCTAssertEqual(try SenseData(bytes: failed.sense).information, 640)
            let track = try drive.trackInformation(.track(1))
            XCTAssertTrue(track.damage)
            XCTAssertFalse(track.nwaValid)
            XCTAssertEqual(track.lastRecordedAddress, 639)
            let info = try drive.discInformation()
            XCTAssertEqual(info.discStatus, .appendable)
            XCTAssertEqual(info.lastSessionState, .reservedOrDamaged)
            XCTAssertSense(try drive.run(Write10(lba: 640, data: Array(tail.prefix(32_768)))), "5/21/02")
            XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
            XCTAssertSense(try drive.run(CloseTrackSession(function: .closeTrack, trackNumber: 1, immediate: false)),
                           "5/72/00")
            XCTAssertEqual(drive.statistics.failedUnderruns, 1)
            XCTAssertEqual(drive.statistics.underruns, 1)
        }
        let reopened = try open("cd-r:" + dir)
        XCTAssertTrue(try reopened.trackInformation(.track(1)).damage)
        XCTAssertSense(try reopened.run(Write10(lba: 640, data: Array(tail.prefix(32_768)))), "5/21/02")
        let json = try String(contentsOfFile: dir + "/state.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"isDamaged\" : true"), json)
    }

    func testUnderrunWithBurnFreeIsLinkedAndTheBurnCompletes() throws {
        let dir = try temporaryDirectory(self)
        do {
            let drive = try open("cd-r:\(dir)?speed=16x")
            XCTAssertGood(try drive.selectWriteParameters(writeParameters(.trackAtOnce, burnFree: true)))
            XCTAssertGood(try drive.writeSequentially(head, from: 0))
            clock.advance(by: .seconds(1))
            XCTAssertGood(try drive.writeSequentially(tail, from: 640))
            XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
            XCTAssertGood(try drive.run(CloseTrackSession(function: .closeTrack, trackNumber: 1, immediate: false)))
            XCTAssertGood(try drive.run(CloseTrackSession(function: .closeSession, immediate: false)))
            XCTAssertEqual(try drive.discInformation().discStatus, .complete)
            XCTAssertEqual(drive.statistics.linkedUnderruns, 1)
            XCTAssertEqual(drive.statistics.failedUnderruns, 0)
        }
        XCTAssertTrue(try mediaFilePrefix(dir, bytes: 1000 * 2048) == head + tail)
        let json = try String(contentsOfFile: dir + "/state.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"linkedUnderruns\" : 1"), json)
    }

    func testDVDPlusRLinksByDesign() throws {
        let drive = try open("dvd+r?speed=4x")
        XCTAssertGood(try drive.writeSequentially(head, from: 0))
        clock.advance(by: .seconds(1))
        XCTAssertGood(try drive.writeSequentially(tail, from: 640))
        XCTAssertEqual(drive.statistics.linkedUnderruns, 1)
    }

    func testHostInTimeHasNoUnderrun() throws {
        let drive = try open("dvd-r?speed=4x")  // 5.54 MB/s; 32 KiB drain in 5.9 ms
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 1024), from: 0))  // 2 MiB: full
        var lba: UInt32 = 1024
        for _ in 0..<200 {
            clock.advance(by: .milliseconds(5))
            XCTAssertGood(try drive.run(Write10(lba: lba, data: Array(head.prefix(32_768)))))
            lba += 16
        }
        XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
        XCTAssertEqual(drive.statistics.underruns, 0)
        XCTAssertEqual(drive.statistics.blocksWritten, 1024 + 200 * 16)
    }

    func testIdleBeforeSynchronizeCacheIsNotAnUnderrun() throws {
        let drive = try open("cd-r?speed=16x")
        XCTAssertGood(try drive.writeSequentially(head, from: 0))
        clock.advance(by: .seconds(10))
        XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
        XCTAssertGood(try drive.run(CloseTrackSession(function: .closeTrack, trackNumber: 1, immediate: false)))
        XCTAssertGood(try drive.run(CloseTrackSession(function: .closeSession, immediate: false)))
        XCTAssertEqual(try drive.discInformation().discStatus, .complete)
        XCTAssertEqual(drive.statistics.underruns, 0)
    }

    func testFullBufferMakesWriteWaitAndCapacityReportsTheFill() throws {
        let drive = try open("dvd+r?speed=1x")  // 1,385,000 bytes/s, 2 MiB buffer
        XCTAssertEqual(try available(drive), 2 << 20)
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 512), from: 0))  // 1 MiB: recording starts
        XCTAssertEqual(try available(drive), 1 << 20)
        clock.advance(by: .milliseconds(100))
        XCTAssertEqual(try available(drive), (1 << 20) + 138_500)
        let before = clock.now
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 768), from: 512))  // 1.5 MiB more
        let waited = (clock.now - before).inSeconds
        let fill: Int = (1 << 20) - 138_500
        let overflow: Int = fill + 1_572_864 - 2_097_152  // 1.5 MiB arrives, 2 MiB fit
        XCTAssertEqual(waited, Double(overflow) / 1_385_000, accuracy: 0.000_01)
        XCTAssertEqual(try available(drive), 0)
        XCTAssertGood(try drive.run(SynchronizeCache(immediate: false)))
        let drainAll: Double = 2_097_152 / 1_385_000
        XCTAssertEqual((clock.now - before).inSeconds, waited + drainAll, accuracy: 0.000_01)
        XCTAssertEqual(try available(drive), 2 << 20)
    }

    func testSlowHostBelowTheThresholdStillUnderruns() throws {
        let drive = try open("dvd-r?speed=4x")
        XCTAssertGood(try drive.writeSequentially(imageBytes(blocks: 128), from: 0))  // 256 KiB
        clock.advance(by: .milliseconds(400))
        XCTAssertEqual(try available(drive), (2 << 20) - (256 << 10))  // not recording yet
        clock.advance(by: .milliseconds(200))  // recording started at 500 ms and ran dry
        XCTAssertSense(try drive.run(Write10(lba: 128, data: Array(head.prefix(32_768)))), "3/0C/09")
    }

    func testUnthrottledDriveNeverUnderruns() throws {
        let drive = try open("cd-r")
        XCTAssertGood(try drive.writeSequentially(head, from: 0))
        clock.advance(by: .seconds(60))
        XCTAssertGood(try drive.writeSequentially(tail, from: 640))
        XCTAssertEqual(try available(drive), 2 << 20)
        XCTAssertEqual(drive.statistics.underruns, 0)
    }
}
