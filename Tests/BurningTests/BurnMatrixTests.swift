import Foundation
import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

/// Issue 9 "Done means": the matrix of `BurnMatrix.rows`, each burned through the library, then checked by another
/// drive (a fresh VirtualDrive on the same DIR, without behaviours).
final class BurnMatrixTests: XCTestCase {
    var dir: URL!
    var image: URL!
    var imageBytes: [UInt8] = []

    override func setUpWithError() throws {
        dir = try BurnFixture.temporaryDirectory()
        image = try BurnFixture.makeISO(in: dir, files: 20, fileBytes: 30_000)
        imageBytes = [UInt8](try Data(contentsOf: image))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func testEveryCombination() async throws {
        let rows = BurnMatrix.rows
        XCTAssertGreaterThan(imageBytes.count / 2048, BurnMatrix.resetLBA + 32, "reset-at must fall inside the image")
        for (index, row) in rows.enumerated() {
            do {
                try await check(row, in: dir.appendingPathComponent("row-\(index)"))
            } catch {
                XCTFail("\(row.label): \(error)")
            }
        }
    }

    /// The fix the `open-track` refusals name: `discburn close` (SessionCloser.closeOpenSession) closes the
    /// session an interrupted burn left open, and another drive then finds it closed with the blocks readable.
    func testDiscburnCloseClosesWhatAnInterruptedBurnLeftOpen() throws {
        for media in ["cd-r", "cd-rw", "dvd-r", "dvd-rw", "dvd+r", "dvd+r-dl", "bd-r"] {
            let state = dir.appendingPathComponent("open-\(media)")
            do {
                let drive = try VirtualDrive.open(parsing: "\(media):\(state.path)?open-track=32", clock: ManualDriveClock())
                XCTAssertEqual(try drive.send(ReadDiscInformation()).lastSessionState, .incomplete, media)
                let said = try SessionCloser.closeOpenSession(transport: drive, finalize: false, sleep: { _ in })
                XCTAssertTrue(said.contains("closed"), "\(media): \(said)")
                try drive.flush()
            }
            let other = try VirtualDrive.open(parsing: "\(media):\(state.path)", clock: ManualDriveClock())
            let info = try other.send(ReadDiscInformation())
            XCTAssertEqual(info.discStatus, .appendable, media)
            XCTAssertEqual(info.lastSessionState, .empty, "\(media): the interrupted session is closed")
            let track = try other.send(ReadTrackInformation(target: .track(1)))
            XCTAssertEqual(track.trackSize, 32, media)
            XCTAssertEqual(try read(other, from: track.trackStartAddress, blocks: 32).count, 32 * 2048, media)
        }
    }

    func testCommittedMarkdownMatchesTheTable() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Vendor-notes/burn-matrix.md")
        let rendered = BurnMatrix.markdown(BurnMatrix.rows)
        if ProcessInfo.processInfo.environment["DISCBURN_UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: file, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOf: file, encoding: .utf8)
        XCTAssertEqual(committed, rendered, "Vendor-notes/burn-matrix.md differs from BurnMatrix.rows: "
                       + "rerun with DISCBURN_UPDATE_GOLDEN=1 and commit it")
    }

    // MARK: one row

    private struct Burned {
        var plan: BurnPlan?
        var refusal: BurnError?
        var result: BurnResult?
    }

    private func check(_ row: BurnMatrix.Row, in stateDir: URL) async throws {
        let label = row.label
        let before = try prepare(row, stateDir: stateDir)
        let burned = try await burn(row, stateDir: stateDir)
        let other = try VirtualDrive.open(parsing: "\(row.mediaName):\(stateDir.path)", clock: ManualDriveClock())
        let info = try other.send(ReadDiscInformation())
        switch row.outcome {
        case .refused:
            let refusal = try XCTUnwrap(burned.refusal, "\(label): planned \(String(describing: burned.plan?.strategy))")
            XCTAssertTrue("\(refusal)".contains(row.message), "\(label): \(refusal)")
            XCTAssertTrue(refusal.isRefusal, label)
            XCTAssertEqual(summary(info), summary(before), "\(label): the disc changed")
        case .verifies:
            let plan = try XCTUnwrap(burned.plan, "\(label): refused: \(String(describing: burned.refusal))")
            let result = try XCTUnwrap(burned.result)
            XCTAssertEqual(plan.strategy, row.strategy.kind, label)
            XCTAssertTrue(result.succeeded, "\(label): \(result.error ?? "")")
            XCTAssertEqual(result.verify.outcome, .match, label)
            try checkReadable(other, info: info, plan: plan, blocks: imageBytes.count / 2048, label: label)
        case .stops:
            let plan = try XCTUnwrap(burned.plan, "\(label): refused: \(String(describing: burned.refusal))")
            let result = try XCTUnwrap(burned.result)
            XCTAssertEqual(plan.strategy, row.strategy.kind, label)
            XCTAssertFalse(result.succeeded, label)
            let error = result.error ?? ""
            XCTAssertTrue(error.contains(row.message), "\(label): \(error)")
            XCTAssertTrue(result.mediumState.contains(row.discState), "\(label): \(result.mediumState)")
            try checkStoppedDisc(other, info: info, plan: plan, state: result.mediumState, label: label)
        }
    }

    /// Prepares the disc of `row` on `stateDir` (DVD-RW restricted overwrite: quick format) and returns its disc
    /// information before the burn.
    private func prepare(_ row: BurnMatrix.Row, stateDir: URL) throws -> DiscInformation {
        let query = row.behaviour.isEmpty ? "" : "?\(row.behaviour)"
        let drive = try VirtualDrive.open(parsing: "\(row.mediaName):\(stateDir.path)\(query)", clock: ManualDriveClock())
        if row.strategy.quickFormatFirst, !row.behaviour.contains("intermediate") {
            let formats = try drive.send(ReadFormatCapacities())
            let quick = try XCTUnwrap(formats.formattable.first { $0.formatType == .dvdRWQuickFormat })
            try drive.send(FormatUnit(formatType: 0x15, blocks: quick.blocks,
                                      typeDependentParameter: quick.typeDependentParameter, immediate: false))
        }
        let info = try drive.send(ReadDiscInformation())
        try drive.flush()
        return info
    }

    /// Burns `row` on a VirtualDrive on `stateDir`. The drive's clock and the engine's sleep are manual: waits
    /// take no time.
    private func burn(_ row: BurnMatrix.Row, stateDir: URL) async throws -> Burned {
        let clock = ManualDriveClock()
        let drive = try VirtualDrive.open(parsing: "\(row.mediaName):\(stateDir.path)"
                                          + (row.behaviour.isEmpty ? "" : "?\(row.behaviour)"), clock: clock)
        var options = BurnOptions()
        row.strategy.options(&options)
        options.streamRecording = row.streamRecording
        let job = BurnJob(drive: OpticalDrive(transport: drive), imagePath: image.path, options: options)
        job.sleep = { clock.advance(by: $0) }
        var burned = Burned()
        do {
            burned.plan = try await job.plan()
        } catch let refusal as BurnError {
            burned.refusal = refusal
            try drive.flush()
            return burned
        }
        for await event in job.run(burned.plan!) {
            if case .result(let r) = event { burned.result = r }
        }
        try drive.flush()
        return burned
    }

    // MARK: what another drive sees

    private struct DiscSummary: Equatable {
        var discStatus: DiscStatus
        var lastSessionState: SessionState
        var sessions: UInt16
        var lastTrack: UInt16
    }

    private func summary(_ info: DiscInformation) -> DiscSummary {
        DiscSummary(discStatus: info.discStatus, lastSessionState: info.lastSessionState,
                    sessions: info.numberOfSessions, lastTrack: info.lastTrackInLastSession)
    }

    /// Where the burn's data starts on the disc as another drive sees it: the start of the last track holding
    /// data on sequential media, the plan's start on overwritable media.
    private func dataStart(_ drive: VirtualDrive, info: DiscInformation, plan: BurnPlan) throws -> UInt32 {
        guard !plan.profile.isOverwritable else { return UInt32(plan.startLBA) }
        var track = info.lastTrackInLastSession
        while track > 0 {
            let ti = try drive.send(ReadTrackInformation(target: .track(UInt32(track))))
            if !ti.blank, ti.trackSize > 0 { return ti.trackStartAddress }
            track -= 1
        }
        throw NSError(domain: "BurnMatrix", code: 1, userInfo: [NSLocalizedDescriptionKey: "no written track"])
    }

    private func checkSessionClosed(_ info: DiscInformation, plan: BurnPlan, label: String) {
        guard !plan.profile.isOverwritable else { return }
        XCTAssertTrue(info.discStatus == .appendable || info.discStatus == .complete, "\(label): \(info.discStatus)")
        XCTAssertTrue(info.lastSessionState == .empty || info.lastSessionState == .complete,
                      "\(label): last session \(info.lastSessionState)")
    }

    private func checkReadable(_ drive: VirtualDrive, info: DiscInformation, plan: BurnPlan, blocks: Int,
                               label: String) throws {
        checkSessionClosed(info, plan: plan, label: label)
        let start = try dataStart(drive, info: info, plan: plan)
        XCTAssertEqual(try read(drive, from: start, blocks: blocks), Array(imageBytes[0..<blocks * 2048]),
                       "\(label): another drive reads back other data from LBA \(start)")
    }

    private func checkStoppedDisc(_ drive: VirtualDrive, info: DiscInformation, plan: BurnPlan, state: String,
                                  label: String) throws {
        let numbers = firstNumbers(after: "holds ", in: state)
        if state.contains("other drives can read the disc") {
            let held = try XCTUnwrap(numbers.first, "\(label): the message names no block count: \(state)")
            XCTAssertEqual(numbers.dropFirst().first, Int(plan.writeBlocks), "\(label): \(state)")
            XCTAssertGreaterThan(held, 0, label)
            try checkReadable(drive, info: info, plan: plan, blocks: held, label: label)
        } else if state.contains("other drives cannot read the disc") {
            XCTAssertTrue(info.discStatus == .empty || info.lastSessionState == .incomplete
                          || info.lastSessionState == .reservedOrDamaged,
                          "\(label): a closed session: \(info.discStatus) \(info.lastSessionState)")
        } else if state.contains("over its old contents") {
            let held = try XCTUnwrap(numbers.first, "\(label): the message names no block count: \(state)")
            XCTAssertEqual(try read(drive, from: 0, blocks: held), Array(imageBytes[0..<held * 2048]), label)
        } else {
            XCTFail("\(label): the medium state says nothing the matrix checks: \(state)")
        }
    }

    /// The integers after `marker` ("holds 96 of 304 blocks" → [96, 304]).
    private func firstNumbers(after marker: String, in text: String) -> [Int] {
        guard let range = text.range(of: marker) else { return [] }
        let words = text[range.upperBound...].split(separator: " ").prefix(4)
        return words.compactMap { Int($0) }
    }

    private func read(_ drive: VirtualDrive, from lba: UInt32, blocks: Int) throws -> [UInt8] {
        var bytes = [UInt8]()
        var at = 0
        while at < blocks {
            let count = min(32, blocks - at)
            bytes += try drive.send(Read10(lba: lba + UInt32(at), blocks: UInt16(count)))
            at += count
        }
        return bytes
    }
}
