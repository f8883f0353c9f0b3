import Foundation
import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

final class CopyTests: XCTestCase {
    var dir: URL!
    var image: URL!

    override func setUpWithError() throws {
        dir = try BurnFixture.temporaryDirectory()
        image = try BurnFixture.makeISO(in: dir, files: 5, fileBytes: 200_000, seed: 11)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func copy(from source: SCSITransport, to target: SCSITransport) async throws -> (BurnPlan, BurnResult) {
        let job = BurnJob(drive: OpticalDrive(transport: target), source: .disc(OpticalDrive(transport: source)),
                          options: BurnOptions())
        let plan = try await job.plan()
        var result: BurnResult?
        for await event in job.run(plan) { if case .result(let r) = event { result = r } }
        return (plan, try XCTUnwrap(result))
    }

    /// Two drives: a pressed disc streams onto a blank DVD+R and onto a BD-R, verified against a re-read of the
    /// source; the copies hold exactly the source's sectors.
    func testCopyBetweenTwoDrivesIsVerifiedAndIdentical() async throws {
        let source = try VirtualDrive.open(parsing: "dvd-rom:\(image.path)")
        let bytes = try Data(contentsOf: image)
        for media in ["dvd+r", "bd-r", "cd-r"] {
            let state = dir.appendingPathComponent("copy-\(media)")
            let (plan, result) = try await copy(from: source, to: try VirtualDrive.open(parsing: "\(media):\(state.path)"))
            XCTAssertEqual(plan.imageBlocks, UInt64(bytes.count / 2048), media)
            XCTAssertTrue(result.succeeded, "\(media): \(result.error ?? "")")
            XCTAssertEqual(result.verify.outcome, .match, media)
            let onDisc = try Data(contentsOf: state.appendingPathComponent("media.bin")).prefix(bytes.count)
            XCTAssertEqual(onDisc, bytes, media)
        }
    }

    func testUnreadableSourceFailsTheCopyWithoutFakingData() async throws {
        let source = try VirtualDrive.open(parsing: "dvd-rom:\(image.path)")
        source.inject(.unreadable(lbas: 50...52))
        let (_, result) = try await copy(from: source, to: VirtualDrive(media: .dvdPlusR))
        XCTAssertFalse(result.succeeded)
        XCTAssertTrue((result.error ?? "").contains("3/11/00") || (result.error ?? "").contains("unrecovered read error"),
                      result.error ?? "")
    }
}
