import Foundation
import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

/// A bin/cue burn through the library: the cue sheet and WRITEs the drive sees, a write error mid-session, and
/// cancellation before the first WRITE.
final class CueBurnTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try BurnFixture.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// An AUDIO track of 300 sectors and a MODE1/2048 track of 320 (two files).
    func makeCue() throws -> URL {
        try Data((0..<(300 * 2352)).map { UInt8(truncatingIfNeeded: $0 &* 5) }).write(to: dir.appendingPathComponent("a.bin"))
        try Data((0..<(320 * 2048)).map { UInt8(truncatingIfNeeded: $0 &* 3) }).write(to: dir.appendingPathComponent("d.bin"))
        let cue = dir.appendingPathComponent("x.cue")
        try Data("""
            FILE "a.bin" BINARY
              TRACK 01 AUDIO
                INDEX 01 00:00:00
            FILE "d.bin" BINARY
              TRACK 02 MODE1/2048
                PREGAP 00:02:00
                INDEX 01 00:00:00

            """.utf8).write(to: cue)
        return cue
    }

    func testWritesFollowTheCueSheetAndVerify() async throws {
        let drive = VirtualDrive(media: .cdR)
        let (plan, result, _) = try await BurnFixture.burn(try makeCue(), on: drive)
        XCTAssertEqual(plan.strategy, .cdSessionAtOnce)
        XCTAssertEqual(plan.cueLayout?.leadOutLBA, 300 + 150 + 320)
        XCTAssertTrue(result.succeeded, result.error ?? "")
        XCTAssertEqual(result.verify.outcome, .match)
        XCTAssertEqual(result.verify.blocksCompared, 620)
        XCTAssertEqual(result.bytesWritten, UInt64(450 * 2352 + 470 * 2048), "pre-gap and audio raw, track 2 cooked")
        XCTAssertEqual(drive.statistics.blocksWritten, 150 + 300 + 150 + 320)
    }

    func testWriteErrorMidSessionSaysTheSessionCannotBeClosed() async throws {
        let drive = VirtualDrive(media: .cdR)
        drive.inject(.writeError(atLBA: 200))
        let (_, result, _) = try await BurnFixture.burn(try makeCue(), on: drive)
        XCTAssertFalse(result.succeeded)
        let error = try XCTUnwrap(result.error)
        XCTAssertTrue(error.contains("writing failed"), error)
        XCTAssertTrue(result.mediumState.contains("cannot be closed part-way"), result.mediumState)
        XCTAssertEqual(result.verify.outcome, .skipped)
    }

    func testCancelBeforeTheFirstWriteLeavesTheDiscBlank() async throws {
        let drive = VirtualDrive(media: .cdR)
        let job = BurnJob(drive: OpticalDrive(transport: drive), imagePath: try makeCue().path, options: BurnOptions())
        let plan = try await job.plan()
        job.cancel()
        var result: BurnResult?
        for await event in job.run(plan) { if case .result(let r) = event { result = r } }
        XCTAssertEqual(result?.interrupted, true)
        XCTAssertEqual(result?.mediumState, "nothing was written; the disc is unchanged")
        XCTAssertEqual(drive.statistics.blocksWritten, 0)
    }
}
