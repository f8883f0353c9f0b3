import Foundation
import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

/// Issue 13 in the burn jobs: the image changing under a burn (7), the DVD+R DL layer break (9), copy retries (10).
final class HostileBurnTests: XCTestCase {
    var dir: URL!
    var image: URL!

    override func setUpWithError() throws {
        dir = try BurnFixture.temporaryDirectory()
        image = try BurnFixture.makeISO(in: dir, files: 4, fileBytes: 200_000, seed: 13)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    // MARK: 7. the image changing under a burn

    func testAnImageThatShrinksWhileReadIsAnErrorNotZeros() throws {
        let copy = dir.appendingPathComponent("shrinking.iso")
        try FileManager.default.copyItem(at: image, to: copy)
        let source = try ImageSource(path: copy.path)
        _ = try source.read(first: 0, count: 32)
        XCTAssertEqual(truncate(copy.path, 100 * 2048), 0)
        XCTAssertThrowsError(try source.read(first: 96, count: 32)) { error in
            XCTAssertTrue("\(error)".contains("shrank"), "\(error)")
        }
    }

    /// The burn read the first half before the file was rewritten and the second half after: the file and the
    /// disc (a pressed disc of the file as it is now) agree block for block, yet the burn was of a changed image.
    func testVerifyReportsAnImageChangedDuringTheBurn() throws {
        let copy = dir.appendingPathComponent("changing.iso")
        try FileManager.default.copyItem(at: image, to: copy)
        let source = try ImageSource(path: copy.path)
        let half = source.blocks / 2
        _ = try source.read(first: 0, count: Int(half))
        let handle = try FileHandle(forWritingTo: copy)
        try handle.seek(toOffset: (half + 1) * 2048)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try handle.close()
        _ = try source.read(first: half, count: Int(source.blocks - half))
        let disc = try VirtualDrive.open(parsing: "dvd-rom:\(copy.path)")
        let result = try Verifier(session: DriveSession(transport: disc), source: source)
            .verify(startLBA: 0, blocks: source.blocks)
        XCTAssertEqual(result.outcome, .mismatch)
        XCTAssertTrue((result.reason ?? "").contains("changed while it was in use"), result.reason ?? "nil")
    }

    func testVerifyOfAnUnchangedImageStillMatches() throws {
        let source = try ImageSource(path: image.path)
        _ = try source.read(first: 0, count: Int(source.blocks))
        let disc = try VirtualDrive.open(parsing: "dvd-rom:\(image.path)")
        let result = try Verifier(session: DriveSession(transport: disc), source: source)
            .verify(startLBA: 0, blocks: source.blocks)
        XCTAssertEqual(result.outcome, .match, result.reason ?? "")
        XCTAssertEqual(source.burnedDigest()?.sha256, result.sha256)
    }

    // MARK: 9. DVD+R DL layer break

    func testLayerBreakBelowHalfTheImageIsRefused() async throws {
        let drive = OpticalDrive(transport: try VirtualDrive.open(try VirtualDriveSpec(parsing: "dvd+r-dl")))
        var options = BurnOptions()
        let writeBlocks: UInt64 = 3_000_000
        options.layerBreakLBA = 1_000_000
        do {
            _ = try await BurnPlanner.layerBreak(drive: drive, options: options, profile: .dvdPlusRDL,
                                                 writeBlocks: writeBlocks, start: 0)
            XCTFail("a break below half the image was accepted")
        } catch {
            XCTAssertTrue("\(error)".contains("layer 1"), "\(error)")
        }
        options.layerBreakLBA = 1_500_000
        let lba = try await BurnPlanner.layerBreak(drive: drive, options: options, profile: .dvdPlusRDL,
                                                   writeBlocks: writeBlocks, start: 0)
        XCTAssertEqual(lba, 1_500_000)
    }

    // MARK: 10. copy retries a source block like rip does

    func testCopyRetriesATransientSourceReadError() async throws {
        let source = try VirtualDrive.open(parsing: "dvd-rom:\(image.path)")
        let job = BurnJob(drive: OpticalDrive(transport: VirtualDrive(media: .dvdPlusR)),
                          source: .disc(OpticalDrive(transport: source)), options: BurnOptions())
        let plan = try await job.plan()
        for _ in 0..<2 {
            source.inject(.failNextCommand(opcode: 0x28, sense: SenseData(key: .mediumError, asc: 0x11, ascq: 0)))
        }
        var result: BurnResult?
        for await event in job.run(plan) { if case .result(let r) = event { result = r } }
        let burned = try XCTUnwrap(result)
        XCTAssertTrue(burned.succeeded, burned.error ?? "")
        XCTAssertEqual(burned.verify.outcome, .match)
    }

    func testCopyGivingUpSaysWhatTheTargetHolds() async throws {
        let source = try VirtualDrive.open(parsing: "dvd-rom:\(image.path)")
        source.inject(.unreadable(lbas: 150...152))
        let job = BurnJob(drive: OpticalDrive(transport: VirtualDrive(media: .dvdPlusR)),
                          source: .disc(OpticalDrive(transport: source)), options: BurnOptions())
        let plan = try await job.plan()
        var result: BurnResult?
        for await event in job.run(plan) { if case .result(let r) = event { result = r } }
        let error = try XCTUnwrap(result?.error)
        XCTAssertTrue(error.contains("LBA 150") && error.contains("attempts"), error)
        XCTAssertTrue(error.contains("disc"), error)
    }
}
