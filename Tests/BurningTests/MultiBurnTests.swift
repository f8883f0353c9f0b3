import Foundation
import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

final class MultiBurnTests: XCTestCase {
    /// One image to four drives: one is refused (pressed disc), one faults mid-burn; the other two complete and
    /// verify, and each drive's outcome is reported.
    func testOneFaultingDriveDoesNotStopTheOthers() async throws {
        let dir = try BurnFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = try BurnFixture.makeISO(in: dir, files: 10, fileBytes: 200_000, seed: 5)
        let good1 = try VirtualDrive.open(parsing: "dvd+r:\(dir.appendingPathComponent("a").path)")
        let good2 = try VirtualDrive.open(parsing: "bd-r:\(dir.appendingPathComponent("b").path)")
        let faulty = VirtualDrive(media: .cdR)
        faulty.inject(.writeError(atLBA: 400))
        let pressed = try VirtualDrive.open(parsing: "dvd-rom:\(image.path)")
        let drives: [SCSITransport] = [good1, faulty, pressed, good2]
        var options = BurnOptions()
        options.fifoSizeBytes = 1 << 20
        let job = MultiBurnJob(drives: drives.map { OpticalDrive(transport: $0) }, imagePath: image.path, options: options)
        let plans = try await job.plan()
        XCTAssertEqual(plans.filter { (try? $0.get()) != nil }.count, 3)
        var results: [Int: BurnResult] = [:]
        var refused: [Int] = []
        for await event in job.run(plans) {
            switch event {
            case .result(let drive, let r): results[drive] = r
            case .refused(let drive, _, let reason):
                refused.append(drive)
                XCTAssertTrue(reason.contains("pressed"), reason)
            case .status: break
            }
        }
        XCTAssertEqual(refused, [2])
        XCTAssertEqual(results[0]?.verify.outcome, .match, results[0]?.error ?? "")
        XCTAssertEqual(results[3]?.verify.outcome, .match, results[3]?.error ?? "")
        XCTAssertEqual(results[1]?.succeeded, false)
        XCTAssertTrue((results[1]?.error ?? "").contains("writing failed"), results[1]?.error ?? "")
        let bytes = try Data(contentsOf: image)
        for name in ["a", "b"] {
            try? good1.flush(); try? good2.flush()
            let onDisc = try Data(contentsOf: dir.appendingPathComponent(name).appendingPathComponent("media.bin"))
            XCTAssertEqual(onDisc.prefix(bytes.count), bytes, name)
        }
    }
}
