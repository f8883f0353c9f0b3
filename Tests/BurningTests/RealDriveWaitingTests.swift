import Foundation
@testable import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

/// Issue 9, the engine, points 8-14: formats, waiting, timeouts, tray, resets, NWA and the per-medium rules
/// (MMC-NOTES "Waiting, retrying, timing out").
final class RealDriveWaitingTests: ImageBurnTestCase {
    typealias D = RealDriveDecorator

    // MARK: 8. BD-R format and POW

    /// Point 8: BD-R 32h is sent with sub-type 01b (spares, no POW); a BD-R whose feature 0038h (BD-R
    /// Pseudo-OverWrite) is current is refused (libburn drive.c burn_drive_get_bd_r_pow).
    func testBDRFormatsWithoutPOWAndAPOWDiscIsRefused() async throws {
        XCTAssertEqual(BurnPlanner.formatSubtype(for: .bdRWithSpares, profile: .bdRSequential), 0b01)
        XCTAssertEqual(BurnPlanner.formatSubtype(for: .bdREWithSpares, profile: .bdRE), 0)
        let pow = D(VirtualDrive(media: .bdR))
        pow.editFeature(0x0038, appendIfMissing: [0x00, 0x38, 0x00, 0x00]) { $0[2] |= 0x01 }
        await assertRefused(pow) { "\($0)".contains("Pseudo-OverWrite") }
    }

    // MARK: 9. completion after IMMED

    /// Point 9: a drive that says GOOD to TEST UNIT READY while still closing and refuses other commands with
    /// 2/04/07 for 50 s (Pioneer, growisofs): the refused command is re-sent; SYNCHRONIZE CACHE with IMMED is
    /// followed by one without.
    func testRefusedCommandsAfterImmediateAreResentAndSyncCacheIsSentTwice() async throws {
        let drive = D(VirtualDrive(media: .dvdPlusR))
        var refusals = 0
        drive.add { request, _, _ in
            let opcode = request.cdb.bytes[0]
            if opcode == D.synchronizeCache, request.cdb.bytes[1] & 0x02 != 0 { refusals = 100; return nil }
            guard refusals > 0, ![D.testUnitReady, D.readDiscInformation].contains(opcode) else { return nil }
            refusals -= 1
            return D.sense(.notReady, 0x04, 0x07)
        }
        let sleeper = SleepCounter()
        let (_, result) = try await BurnFixture.burn(image, on: drive, sleep: sleeper.sleep)
        XCTAssertTrue(result.succeeded, result.error ?? "")
        let syncs = drive.cdbs.filter { $0[0] == D.synchronizeCache }.map { $0[1] & 0x02 != 0 }
        XCTAssertEqual(syncs.prefix(2), [true, false], "IMMED, then without")
    }

    /// Point 9: 2/04/02 while waiting fails at once; unit attentions are bounded (they used to loop forever).
    func testCompletionWaitFailsOnInitializingCommandRequiredAndBoundsUnitAttentions() async throws {
        for (asc, key) in [(UInt8(0x04), SenseKey.notReady), (0x28, .unitAttention)] {
            let drive = D(VirtualDrive(media: .dvdPlusR))
            var polls = 0
            drive.add { request, _, _ in
                let opcode = request.cdb.bytes[0]
                guard drive.cdbs.contains(where: { $0[0] == D.closeTrackSession }),
                      opcode == D.testUnitReady, polls < 50 else { return nil }
                polls += 1
                return D.sense(key, asc, key == .notReady ? 0x02 : 0x00)
            }
            let (_, result) = try await BurnFixture.burn(image, on: drive, sleep: { _ in })
            XCTAssertFalse(result.succeeded, "\(key)")
            XCTAssertLessThan(polls, 50, "\(key): the wait gave up by itself")
        }
    }

    // MARK: 10. timeouts

    /// Point 10: WRITE and every IMMED command carry at least 200 s, the waits without IMMED 3600 s (an SG_IO
    /// timeout makes the kernel reset the drive mid-write).
    func testWritesAndImmediateCommandsCarryLongTimeouts() async throws {
        let drive = D(VirtualDrive(media: .dvdPlusR))
        let (_, result, _) = try await BurnFixture.burn(image, on: drive)
        XCTAssertTrue(result.succeeded, result.error ?? "")
        for request in drive.requests {
            let cdb = request.cdb.bytes
            switch cdb[0] {
            case D.write10, D.write12: XCTAssertGreaterThanOrEqual(request.timeout, .seconds(200))
            case D.synchronizeCache, D.closeTrackSession:
                let immediate = cdb[1] & (cdb[0] == D.synchronizeCache ? 0x02 : 0x01) != 0
                XCTAssertGreaterThanOrEqual(request.timeout, immediate ? .seconds(200) : .seconds(3600))
            default: break
            }
        }
    }

    // MARK: 11. tray

    /// Point 11: PREVENT before the first WRITE, ALLOW after the last command of the burn, also after a failure.
    func testTrayIsLockedWhileBurningAndReleasedAfterwardsEvenOnFailure() async throws {
        for failing in [false, true] {
            let virtual = VirtualDrive(media: .dvdPlusR)
            if failing { virtual.inject(.writeError(atLBA: 100)) }
            let drive = D(virtual)
            let (_, result, _) = try await BurnFixture.burn(image, on: drive)
            XCTAssertEqual(result.succeeded, !failing)
            let cdbs = drive.cdbs
            let prevent = try XCTUnwrap(cdbs.firstIndex { $0[0] == D.preventAllow && $0[4] & 1 == 1 })
            let allow = try XCTUnwrap(cdbs.lastIndex { $0[0] == D.preventAllow && $0[4] & 1 == 0 })
            let firstWrite = try XCTUnwrap(cdbs.firstIndex { $0[0] == D.write10 })
            let lastClose = try XCTUnwrap(cdbs.lastIndex { $0[0] == D.closeTrackSession })
            XCTAssertLessThan(prevent, firstWrite)
            XCTAssertGreaterThan(allow, lastClose)
        }
    }

    // MARK: 12. reset mid-burn

    /// Point 12: 6/29/00 on a WRITE is not retried: the burn stops with a message naming the reset, and what is
    /// open gets closed as after any failure.
    func testResetMidBurnStopsAndClosesWhatIsOpen() async throws {
        let drive = D(VirtualDrive(media: .dvdPlusR))
        drive.add { request, occurrence, _ in
            request.cdb.bytes[0] == D.write10 && occurrence == 10 ? D.sense(.unitAttention, 0x29, 0x00) : nil
        }
        var options = BurnOptions()
        options.fifoSizeBytes = 0
        let (_, result, _) = try await BurnFixture.burn(image, on: drive, options: options)
        XCTAssertFalse(result.succeeded)
        let error = result.error ?? ""
        XCTAssertTrue(error.contains("reset") && error.contains("6/29/00"), error)
        XCTAssertEqual(drive.cdbs.filter { $0[0] == D.write10 }.count, 10, "the refused WRITE is not re-sent")
        XCTAssertTrue(drive.cdbs.contains { $0[0] == D.closeTrackSession && $0[2] & 7 == 2 }, "session closed")
    }

    // MARK: 13. NWA

    /// Point 13: the NWA is read after MODE SELECT page 05h, right before the first WRITE, with the track
    /// number on DVD-R (FFh only on CD and DVD+R).
    func testNextWritableAddressIsReadAfterPage05hWithTheRightTrack() async throws {
        for (media, ff) in [(VirtualMediaKind.dvdR, false), (.cdR, true)] {
            let drive = D(VirtualDrive(media: media))
            var options = BurnOptions()
            options.preferIncremental = true
            let (_, result, _) = try await BurnFixture.burn(image, on: drive, options: options)
            XCTAssertTrue(result.succeeded, "\(media): \(result.error ?? "")")
            let cdbs = drive.cdbs
            let start = try XCTUnwrap(drive.burnStartIndex)
            let lastModeSelect = try XCTUnwrap(cdbs.lastIndex { $0[0] == D.modeSelect10 })
            let firstWrite = try XCTUnwrap(cdbs.firstIndex { $0[0] == D.write10 })
            let reads = cdbs[lastModeSelect..<firstWrite].filter { $0[0] == D.readTrackInformation }
            XCTAssertFalse(reads.isEmpty, "\(media): READ TRACK INFORMATION right before the first WRITE")
            let burnReads = cdbs[start...].filter { $0[0] == D.readTrackInformation }
            XCTAssertTrue(burnReads.allSatisfy { ($0[5] == 0xFF) == ff }, "\(media): \(burnReads)")
        }
    }

    /// Point 13: −150 on blank media (Pioneer BDR-205, LITE-ON LTR-48125S) means the track start; NWA_V = 0 is
    /// refused before anything is written.
    func testNextWritableAddressIsSanitised() async throws {
        let minus150 = D(VirtualDrive(media: .dvdPlusR))
        minus150.rewrite(D.readTrackInformation, onlyWhileBurning: true) { data in
            guard data.count >= 16 else { return }
            data.replaceSubrange(12..<16, with: [0xFF, 0xFF, 0xFF, 0x6A])
        }
        let (_, ok, _) = try await BurnFixture.burn(image, on: minus150)
        XCTAssertTrue(ok.succeeded, ok.error ?? "")
        XCTAssertEqual(ok.verify.outcome, .match)
        let invalid = D(VirtualDrive(media: .dvdPlusR))
        invalid.rewrite(D.readTrackInformation, onlyWhileBurning: true) { data in
            if data.count > 7 { data[7] &= 0xFE }
        }
        let (_, refused, _) = try await BurnFixture.burn(image, on: invalid)
        XCTAssertFalse(refused.succeeded)
        XCTAssertTrue((refused.error ?? "").contains("NWA_V = 0"), refused.error ?? "")
        XCTAssertFalse(invalid.cdbs.contains { $0[0] == D.write10 }, "nothing written")
    }

    // MARK: 14. per-medium rules

    /// Point 14: incremental DVD-RW only while 0021h is current (not after a fast blank); no --multi on DVD-R
    /// DL; no layer break in a DVD-R DL plan; BUFE from the loaded family's bit.
    func testIncrementalNeedsCurrentFeatureAndDVDRDLRules() async throws {
        let fastBlanked = D(VirtualDrive(media: .dvdRW))
        fastBlanked.editFeature(0x0021) { $0[2] &= 0xFE }
        var multi = BurnOptions()
        multi.multiSession = true
        await assertRefused(fastBlanked, options: multi) { "\($0)".contains("0021h") }

        let drive = OpticalDrive(transport: VirtualDrive(media: .dvdPlusR))
        var probe = try await drive.probe()
        probe.media.profile = .dvdRDLSequential
        XCTAssertThrowsError(try BurnPlanner.checkMediumState(drive: drive, probe: probe, options: multi,
                                                              strategy: .dvdRIncremental)) {
            XCTAssertTrue("\($0)".contains("--multi is not possible on DVD-R DL"), "\($0)")
        }
        let layerBreak = try await BurnPlanner.layerBreak(drive: drive, options: BurnOptions(), profile: .dvdRDLSequential,
                                                          writeBlocks: 3_000_000, start: 0)
        XCTAssertNil(layerBreak, "the DVD-R DL strategy sends no layer break, so the plan shows none")

        var info = DriveInfo(vendor: "V", product: "P", revision: "1")
        info.bufferUnderrunFreeDVD = true
        XCTAssertFalse(BurnPlanner.bufferUnderrunFree(info, .cdR), "BUFE on CD only from the CD features")
        XCTAssertTrue(BurnPlanner.bufferUnderrunFree(info, .dvdRSequential))
    }

    /// Point 14: a DVD+RW whose background format is suspended (READ DISC INFORMATION) gets it restarted
    /// (FORMAT UNIT 26h, restart bit) before the first WRITE.
    func testSuspendedDVDPlusRWBackgroundFormatIsRestartedBeforeWriting() async throws {
        let drive = D(VirtualDrive(media: .dvdPlusRW))
        var restarted = false
        drive.rewrite(D.readDiscInformation) { data in
            if data.count > 7, !restarted { data[7] = data[7] & 0xFC | 0x01 }
        }
        drive.add { request, _, _ in
            if request.cdb.bytes[0] == D.formatUnit { restarted = true }
            return nil
        }
        let (plan, result, _) = try await BurnFixture.burn(image, on: drive)
        XCTAssertTrue(plan.restartBackgroundFormat)
        XCTAssertTrue(result.succeeded, result.error ?? "")
        let requests = drive.requests
        let firstWrite = try XCTUnwrap(requests.firstIndex { $0.cdb.bytes[0] == D.write10 })
        let restarts = requests[..<firstWrite].filter { request in
            guard request.cdb.bytes[0] == D.formatUnit, case .toDevice(let list) = request.transfer else { return false }
            return list.count >= 12 && list[8] >> 2 == 0x26 && list[11] & 1 == 1
        }
        XCTAssertEqual(restarts.count, 1, "FORMAT UNIT 26h with the restart bit before the first WRITE")
    }
}
