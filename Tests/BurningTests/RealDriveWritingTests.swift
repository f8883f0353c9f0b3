import Foundation
import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

/// Issue 9, the engine, points 1-7: burning the way real drives demand (MMC-NOTES "Writing, per media family").
/// The real-drive answers come from RealDriveDecorator until the VirtualDrive models them itself.
final class RealDriveWritingTests: ImageBurnTestCase {
    typealias D = RealDriveDecorator

    // MARK: 1. CD TAO

    /// Point 1: LG GH22LS30 refuses CLOSE TRACK in TAO; SYNCHRONIZE CACHE ends the track, CLOSE SESSION fixates.
    func testCDTAOSendsNoCloseTrackAndFixatesWithCloseSession() async throws {
        let drive = D(VirtualDrive(media: .cdR))
        drive.behaveLikeTAODriveWithoutCloseTrack()
        let (plan, result, _) = try await BurnFixture.burn(image, on: drive)
        XCTAssertEqual(plan.strategy, .cdTrackAtOnce)
        XCTAssertTrue(result.succeeded, result.error ?? "")
        XCTAssertEqual(result.verify.outcome, .match)
        let cdbs = drive.cdbs
        XCTAssertFalse(cdbs.contains { $0[0] == D.closeTrackSession && $0[2] & 7 == 1 }, "no CLOSE TRACK in TAO")
        let lastClose = try XCTUnwrap(cdbs.lastIndex { $0[0] == D.closeTrackSession })
        XCTAssertEqual(cdbs[lastClose][2] & 7, 2, "CLOSE SESSION (010b)")
        let lastWrite = try XCTUnwrap(cdbs.lastIndex { $0[0] == D.write10 })
        XCTAssertTrue(cdbs[lastWrite..<lastClose].contains { $0[0] == D.synchronizeCache }, "SYNC CACHE ends the track")
    }

    // MARK: 2. BD

    /// Point 2: --stream-recording is refused where feature 0107h offers no stream writing, and off BD.
    func testStreamRecordingIsRefusedWhereNotOffered() async throws {
        var options = BurnOptions()
        options.streamRecording = true
        let bd = D(VirtualDrive(media: .bdR))
        bd.editFeature(0x0107) { $0[4] &= 0xFE }  // SW bit off
        await assertRefused(bd, options: options) { "\($0)".contains("0107h") }
        await assertRefused(D(VirtualDrive(media: .dvdPlusR)), options: options) { "\($0)".contains("BD media only") }
    }

    // MARK: 3. long write in progress

    /// Point 3: 2/04/08 on WRITE is retried for the WRITE's own timeout (here 150 s of it, on the injected
    /// sleep), and one busy READ BUFFER CAPACITY does not switch pacing off.
    func testLongWriteInProgressIsWaitedOutAndPacingStaysOn() async throws {
        let drive = D(VirtualDrive(media: .dvdPlusR))
        var busyWrites = 0, busyCapacity = 0
        drive.add { request, _, _ in
            switch request.cdb.bytes[0] {
            case D.write10 where busyWrites < 1500:
                busyWrites += 1
                return D.sense(.notReady, 0x04, 0x08)
            case D.readBufferCapacity where busyCapacity < 1:
                busyCapacity += 1
                return D.sense(.notReady, 0x04, 0x08)
            default: return nil
            }
        }
        let sleeper = SleepCounter()
        let (_, result) = try await BurnFixture.burn(image, on: drive, sleep: sleeper.sleep)
        XCTAssertTrue(result.succeeded, result.error ?? "")
        XCTAssertEqual(result.verify.outcome, .match)
        XCTAssertGreaterThanOrEqual(sleeper.slept, .seconds(150))
        let afterBusy = drive.cdbs.filter { $0[0] == D.readBufferCapacity }.count
        XCTAssertGreaterThan(afterBusy, 1, "READ BUFFER CAPACITY asked again")
    }

    // MARK: 4. whole packets

    /// Point 4: a 1000-block image to two DVD-RW drives: every WRITE a whole 16-block packet, the last padded
    /// (the shared reader's last entry used to become an 8-block WRITE refused with 5/21/02).
    func testTwoDriveBurnOfA1000BlockImageWritesWholePackets() async throws {
        let thousand = dir.appendingPathComponent("thousand.iso")
        FileManager.default.createFile(atPath: thousand.path, contents: try Data(contentsOf: image))
        let handle = try FileHandle(forWritingTo: thousand)
        try handle.truncate(atOffset: 1000 * 2048)
        try handle.close()
        let drives = [D(VirtualDrive(media: .dvdRW)), D(VirtualDrive(media: .dvdRW))]
        var options = BurnOptions()
        options.fifoSizeBytes = 1 << 20
        let job = MultiBurnJob(drives: drives.map { OpticalDrive(transport: $0) }, imagePath: thousand.path,
                               options: options)
        let plans = try await job.plan()
        var results: [Int: BurnResult] = [:]
        for await event in job.run(plans) { if case .result(let i, let r) = event { results[i] = r } }
        for i in 0..<2 {
            XCTAssertEqual(results[i]?.verify.outcome, .match, results[i]?.error ?? "no result")
            let lengths = drives[i].cdbs.filter { $0[0] == D.write10 }.map { Int($0[7]) << 8 | Int($0[8]) }
            XCTAssertTrue(lengths.allSatisfy { $0 % 16 == 0 }, "\(lengths)")
            XCTAssertEqual(lengths.reduce(0, +), 1008)
        }
    }

    // MARK: 5. recovered errors

    /// Point 5: 1/73/01 on a WRITE and 1/0C/01 on CLOSE TRACK are successes, kept as notes in the result.
    func testRecoveredErrorsAreSuccessAndReported() async throws {
        let drive = D(VirtualDrive(media: .dvdPlusR))
        drive.add { request, occurrence, inner in
            switch (request.cdb.bytes[0], occurrence) {
            case (D.write10, 3): return try D.recovered(request, inner, 0x73, 0x01)
            case (D.closeTrackSession, 1): return try D.recovered(request, inner, 0x0C, 0x01)
            default: return nil
            }
        }
        let (_, result, _) = try await BurnFixture.burn(image, on: drive)
        XCTAssertTrue(result.succeeded, result.error ?? "")
        XCTAssertEqual(result.verify.outcome, .match)
        XCTAssertEqual(result.recoveredConditions.count, 2, "\(result.recoveredConditions)")
        XCTAssertTrue(result.recoveredConditions.contains { $0.contains("1/73/01") }, "\(result.recoveredConditions)")
        XCTAssertTrue(result.recoveredConditions.contains { $0.contains("1/0C/01") }, "\(result.recoveredConditions)")
    }

    // MARK: 6. failed burns close what is open

    /// Point 6: a DVD+R burn that fails mid-way gets CLOSE TRACK then CLOSE SESSION; its last session is complete
    /// and the message says other drives can read the disc.
    func testFailedBurnClosesTrackThenSession() async throws {
        let virtual = VirtualDrive(media: .dvdPlusR)
        virtual.inject(.writeError(atLBA: 200))
        let drive = D(virtual)
        var options = BurnOptions()
        options.fifoSizeBytes = 0
        let (_, result, _) = try await BurnFixture.burn(image, on: drive, options: options)
        XCTAssertFalse(result.succeeded)
        let cdbs = drive.cdbs
        let failedWrite = try XCTUnwrap(cdbs.lastIndex { $0[0] == D.write10 })
        let closes = cdbs[failedWrite...].filter { $0[0] == D.closeTrackSession }.map { $0[2] & 7 }
        let order = closes.reduce(into: [UInt8]()) { if $0.last != $1 { $0.append($1) } }  // re-sends after 2/04/07
        XCTAssertEqual(order, [1, 2], "CLOSE TRACK then CLOSE SESSION")
        XCTAssertTrue(result.mediumState.contains("other drives can read"), result.mediumState)
        XCTAssertTrue(result.mediumState.contains("192 of"), result.mediumState)
        let info = try virtual.send(ReadDiscInformation())
        XCTAssertNotEqual(info.lastSessionState, .incomplete)
    }

    /// Point 6: a disc whose last session an interrupted burn left open: refused on DVD+R naming `discburn close`,
    /// which closes it; closed first and then burned on BD-R (libburn does that).
    func testOpenLastSessionIsRefusedOrClosedFirst() async throws {
        for media in [VirtualMediaKind.dvdPlusR, .bdR] {
            let virtual = VirtualDrive(media: media)
            try leaveSessionOpen(virtual, blocks: 32)
            XCTAssertEqual(try virtual.send(ReadDiscInformation()).lastSessionState, .incomplete, "\(media)")
            let drive = D(virtual)
            if media == .dvdPlusR {
                await assertRefused(drive) { "\($0)".contains("discburn close") }
                let said = try SessionCloser.closeOpenSession(transport: drive, finalize: false, sleep: { _ in })
                XCTAssertTrue(said.contains("closed"), said)
                XCTAssertNotEqual(try virtual.send(ReadDiscInformation()).lastSessionState, .incomplete)
                XCTAssertTrue(drive.cdbs.contains { $0[0] == D.preventAllow && $0[4] & 1 == 1 }, "tray held while closing")
            } else {
                // Data, not an ISO: a plain ISO would be refused at the NWA behind the open session (issue 11), and
                // so is raw data unless --data asks for it (it has no volume descriptors of its own at N+16).
                let data = image.deletingLastPathComponent().appendingPathComponent("data.bin")
                try Data((0..<(64 * 2048)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).write(to: data)
                var options = BurnOptions()
                options.data = true
                let (_, result, _) = try await BurnFixture.burn(data, on: drive, options: options)
                XCTAssertTrue(result.succeeded, result.error ?? "")
                let cdbs = drive.cdbs
                let firstWrite = try XCTUnwrap(cdbs.firstIndex { $0[0] == D.write10 })
                XCTAssertTrue(cdbs[..<firstWrite].contains { $0[0] == D.closeTrackSession && $0[2] & 7 == 2 },
                              "the open session is closed before writing")
            }
        }
    }

    private func leaveSessionOpen(_ drive: VirtualDrive, blocks: Int) throws {
        try drive.send(Write10(lba: 0, data: [UInt8](repeating: 0x5A, count: blocks * 2048)))
        try drive.send(SynchronizeCache(immediate: false))
        try drive.send(CloseTrackSession(function: .closeTrack, trackNumber: 1, immediate: false))
    }

    // MARK: 7. DVD-RW restricted overwrite, intermediate state

    /// Point 7: a quick-formatted DVD-RW never closed ("intermediate": READ FORMAT CAPACITIES current descriptor
    /// 11b, no 13h/11h offered; libburn cookbook) is not formatted again, and gets CLOSE SESSION after writing.
    func testIntermediateDVDRWIsNotFormattedAgainAndClosedAfterWriting() async throws {
        let virtual = VirtualDrive(media: .dvdRW)
        let formats = try virtual.send(ReadFormatCapacities())
        let quick = try XCTUnwrap(formats.formattable.first { $0.formatType == .dvdRWQuickFormat })
        try virtual.send(FormatUnit(formatType: 0x15, blocks: quick.blocks,
                                    typeDependentParameter: quick.typeDependentParameter, immediate: false))
        let drive = D(virtual)
        drive.rewrite(0x23) { data in  // READ FORMAT CAPACITIES as an intermediate disc answers it
            guard data.count >= 12 else { return }
            data[8] = data[8] & 0xFC | 0x03
            var kept = Array(data[0..<12])
            var at = 12
            while at + 8 <= data.count {
                let type = data[at + 4] >> 2
                if type != 0x13 && type != 0x11 { kept += data[at..<at + 8] }
                at += 8
            }
            kept[3] = UInt8(kept.count - 4)
            data = kept
        }
        let (plan, result, _) = try await BurnFixture.burn(image, on: drive)
        XCTAssertNil(plan.format, "not formatted again")
        XCTAssertTrue(plan.closeSessionAfterOverwrite)
        XCTAssertTrue(result.succeeded, result.error ?? "")
        XCTAssertEqual(result.verify.outcome, .match)
        let cdbs = drive.cdbs
        XCTAssertFalse(cdbs.contains { $0[0] == D.formatUnit })
        let lastWrite = try XCTUnwrap(cdbs.lastIndex { $0[0] == D.write10 })
        XCTAssertTrue(cdbs[lastWrite...].contains { $0[0] == D.closeTrackSession && $0[2] & 7 == 2 }, "CLOSE SESSION")
    }
}
