import Foundation
import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

final class BurnEngineTests: ImageBurnTestCase {
    /// Every writable virtual medium: the burn verifies, media.bin starts with exactly the image, and a fresh
    /// drive on the same directory sees the disc state the plan promised.
    func testBurnsEveryWritableMediumAndVerifies() async throws {
        let expectations: [(String, StrategyKind, String)] = [
            ("cd-r", .cdTrackAtOnce, "complete"), ("cd-rw", .cdTrackAtOnce, "complete"),
            ("dvd-r", .dvdRDiscAtOnce, "complete"), ("dvd-rw", .dvdRDiscAtOnce, "complete"),
            ("dvd+r", .dvdPlusR, "complete"), ("dvd+r-dl", .dvdPlusR, "complete"),
            ("dvd+rw", .overwritable, "complete"), ("dvd-ram", .overwritable, "other"),
            ("bd-r", .bdR, "complete"), ("bd-re", .overwritable, "complete"),
        ]
        let imageBytes = try Data(contentsOf: image)
        for (media, strategy, status) in expectations {
            let state = dir.appendingPathComponent("disc-\(media)")
            let drive = try VirtualDrive.open(parsing: "\(media):\(state.path)")
            let (plan, result, statuses) = try await BurnFixture.burn(image, on: drive)
            XCTAssertEqual(plan.strategy, strategy, media)
            XCTAssertTrue(result.succeeded, "\(media): \(result.error ?? "")")
            XCTAssertEqual(result.verify.outcome, .match, media)
            XCTAssertEqual(result.verify.blocksCompared, UInt64(imageBytes.count / 2048), media)
            XCTAssertEqual(statuses.last?.phase, .done, media)
            try drive.flush()
            let onDisc = try Data(contentsOf: state.appendingPathComponent("media.bin")).prefix(imageBytes.count)
            XCTAssertEqual(onDisc, imageBytes, "\(media): media.bin does not start with the image")
            let after = try await OpticalDrive(transport: VirtualDrive.open(parsing: "\(media):\(state.path)")).probe()
            XCTAssertEqual(after.media.discStatus?.rawValue, status, media)
        }
    }

    func testHashesAreThoseOfTheImage() async throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        let (_, result, _) = try await BurnFixture.burn(image, on: drive)
        let expected = try shell("sha256sum \(image.path)").prefix(64)
        XCTAssertEqual(result.verify.sha256, String(expected))
        let md5 = try shell("md5sum \(image.path)").prefix(32)
        XCTAssertEqual(result.verify.md5, String(md5))
    }

    func testMultiSessionLeavesDiscAppendableAndSecondSessionStartsAtNewNWA() async throws {
        let state = dir.appendingPathComponent("multi")
        var options = BurnOptions()
        options.multiSession = true
        let first = try await BurnFixture.burn(image, on: VirtualDrive.open(parsing: "dvd+r:\(state.path)"), options: options)
        XCTAssertTrue(first.1.succeeded, first.1.error ?? "")
        let probe = try await OpticalDrive(transport: VirtualDrive.open(parsing: "dvd+r:\(state.path)")).probe()
        XCTAssertEqual(probe.media.discStatus, .appendable)
        let nwa = try XCTUnwrap(probe.media.nextWritableAddress)
        XCTAssertGreaterThan(nwa, 0)
        // A second session must be mastered for the NWA (issue 11): mkisofs -C 0,NWA -M first.
        let mastered = dir.appendingPathComponent("second-session.iso")
        try BurnFixture.run("/usr/bin/xorriso", ["-as", "mkisofs", "-quiet", "-R", "-C", "0,\(nwa)", "-M", image.path,
                                                 "-o", mastered.path, dir.appendingPathComponent("tree-1").path])
        let plain = BurnJob(drive: OpticalDrive(transport: try VirtualDrive.open(parsing: "dvd+r:\(state.path)")),
                            imagePath: image.path, options: BurnOptions())
        do {
            _ = try await plain.plan()
            XCTFail("a plain image at NWA \(nwa) must be refused")
        } catch BurnError.imageNotMasteredForAddress(_, _, let address) {
            XCTAssertEqual(address, UInt64(nwa))
        }
        let second = try await BurnFixture.burn(mastered, on: VirtualDrive.open(parsing: "dvd+r:\(state.path)"))
        XCTAssertEqual(second.0.startLBA, UInt64(nwa))
        XCTAssertEqual(second.1.verify.outcome, .match)
        let closed = try await OpticalDrive(transport: VirtualDrive.open(parsing: "dvd+r:\(state.path)")).probe()
        XCTAssertEqual(closed.media.discStatus, .complete)
        XCTAssertEqual(closed.media.sessions, 2)
    }

    func testDummyOnCDRLeavesTheDiscBlank() async throws {
        let state = dir.appendingPathComponent("dummy")
        var options = BurnOptions()
        options.dummy = true
        let (plan, result, _) = try await BurnFixture.burn(image, on: VirtualDrive.open(parsing: "cd-r:\(state.path)"), options: options)
        XCTAssertTrue(plan.dummy)
        XCTAssertTrue(result.succeeded, result.error ?? "")
        XCTAssertEqual(result.verify.outcome, .skipped)
        let after = try await OpticalDrive(transport: VirtualDrive.open(parsing: "cd-r:\(state.path)")).probe()
        XCTAssertEqual(after.media.discStatus, .blank)
        XCTAssertEqual(after.media.freeBlocks, 359_849)
    }

    func testRefusalsBeforeAnyWrite() async throws {
        var dummy = BurnOptions()
        dummy.dummy = true
        await assertRefused(image, "dvd+r", options: dummy) { if case .dummyUnsupported = $0 { return true }; return false }
        await assertRefused(image, "none") { if case .noMedium = $0 { return true }; return false }
        await assertRefused(image, "dvd-rom:\(image.path)") { if case .pressedMedium = $0 { return true }; return false }
        // A closed disc.
        let state = dir.appendingPathComponent("closed")
        _ = try await BurnFixture.burn(image, on: VirtualDrive.open(parsing: "bd-r:\(state.path)"))
        await assertRefused(image, "bd-r:\(state.path)") { if case .discClosed = $0 { return true }; return false }
        // Too big: a 360,000-block image on a CD-R says by how much.
        let big = dir.appendingPathComponent("big.iso")
        FileManager.default.createFile(atPath: big.path, contents: try Data(contentsOf: image))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 360_000 * 2048)
        try handle.close()
        await assertRefused(big, "cd-r") { error in
            guard case .doesNotFit(let need, let free) = error else { return false }
            return need == 360_000 && free == 359_849 && error.description.contains("151 blocks")
        }
    }

    func testTruncatedAndInvalidImagesAreRefused() async throws {
        let bytes = try Data(contentsOf: image)
        let truncated = dir.appendingPathComponent("truncated.iso")
        try bytes.prefix(bytes.count - 10 * 2048).write(to: truncated)
        await assertRefused(truncated, "dvd+r") { error in
            guard case .imageTruncated(_, let missing) = error else { return false }
            return missing == 10
        }
        let garbage = dir.appendingPathComponent("garbage.iso")
        try Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: garbage)
        // Not an image at all: burned as data after a notice (issue 11 item 4), no longer refused.
        let data = try await BurnJob(drive: OpticalDrive(transport: VirtualDrive(media: .dvdPlusR)),
                                     imagePath: garbage.path, options: BurnOptions()).plan()
        XCTAssertTrue(data.notes.first?.contains("burning it as data") == true, "\(data.notes)")
        let empty = dir.appendingPathComponent("empty.iso")
        FileManager.default.createFile(atPath: empty.path, contents: Data())
        await assertRefused(empty, "dvd+r") { if case .imageInvalid = $0 { return true }; return false }
    }

    func testMismatchInjectedAfterBurningIsFound() async throws {
        let state = dir.appendingPathComponent("mismatch")
        var options = BurnOptions()
        options.verify = false
        _ = try await BurnFixture.burn(image, on: VirtualDrive.open(parsing: "dvd+r:\(state.path)"), options: options)
        let media = try FileHandle(forUpdating: state.appendingPathComponent("media.bin"))
        try media.seek(toOffset: 100 * 2048 + 5)
        media.write(Data([0xAB, 0xCD]))
        try media.close()
        let drive = try VirtualDrive.open(parsing: "dvd+r:\(state.path)")
        let verifier = Verifier(session: DriveSession(transport: drive), source: try ImageSource(path: image.path))
        let result = try verifier.verify(startLBA: 0, blocks: try ImageSource(path: image.path).blocks)
        XCTAssertEqual(result.outcome, .mismatch)
        XCTAssertEqual(result.firstMismatchLBA, 100)
        XCTAssertEqual(result.mismatchedBlocks, 1)
    }

    func testDriveFaultMidBurnFailsWithTheMediumState() async throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        drive.inject(.writeError(atLBA: 200))
        var options = BurnOptions()
        options.fifoSizeBytes = 0
        let (_, result, _) = try await BurnFixture.burn(image, on: drive, options: options)
        XCTAssertFalse(result.succeeded)
        XCTAssertFalse(result.interrupted)
        let error = try XCTUnwrap(result.error)
        XCTAssertTrue(error.contains("writing failed"), error)
        XCTAssertTrue(error.contains("3/0C/00") || error.contains("write error"), error)
        XCTAssertEqual(result.bytesWritten, 192 * 2048, "12 full 16-block writes before the failing one")
        XCTAssertEqual(result.verify.outcome, .skipped)
    }

    func testCancelStopsFeedingAndReportsInterrupted() async throws {
        let big = try BurnFixture.makeISO(in: dir, files: 40, fileBytes: 200_000, seed: 2)
        let drive = try VirtualDrive.open(parsing: "dvd+r?speed=1x")
        var cancelledOnce = false
        let (_, result, _) = try await BurnFixture.burn(big, on: drive) { status, job in
            if status.phase == .writing, status.bytesWritten > 0, !cancelledOnce {
                cancelledOnce = true
                job.cancel()
            }
        }
        XCTAssertTrue(cancelledOnce)
        XCTAssertFalse(result.succeeded)
        XCTAssertTrue(result.interrupted, result.error ?? "")
        XCTAssertLessThan(result.bytesWritten, result.plan.writeBytes)
        XCTAssertTrue(result.mediumState.contains("blocks"), result.mediumState)
        XCTAssertTrue(result.mediumState.contains("track and its session were closed"), result.mediumState)
        let after = try await OpticalDrive(transport: drive).probe()
        XCTAssertNotEqual(after.media.discStatus, .blank, "the partial track stays on the disc")
    }

    func testWriteProtectedDiscIsReportedAndLeftUnchanged() async throws {
        let drive = VirtualDrive(media: .dvdPlusR)
        drive.inject(.failNextCommand(opcode: 0x2A, sense: SenseData(key: .dataProtect, asc: 0x27, ascq: 0)))
        let (_, result, _) = try await BurnFixture.burn(image, on: drive)
        XCTAssertFalse(result.succeeded)
        XCTAssertEqual(result.bytesWritten, 0)
        let error = try XCTUnwrap(result.error)
        XCTAssertTrue(error.contains("write-protected") && error.contains("nothing was written"), error)
        XCTAssertTrue(result.mediumState.contains("unchanged"), result.mediumState)
        let after = try await OpticalDrive(transport: drive).probe()
        XCTAssertEqual(after.media.discStatus, .blank)
    }

    func testOverburnOnlyOnCDAndOnlySoFar() async throws {
        func sized(_ blocks: UInt64) throws -> URL {
            let url = dir.appendingPathComponent("sized-\(blocks).iso")
            FileManager.default.createFile(atPath: url.path, contents: try Data(contentsOf: image))
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: blocks * 2048)
            try handle.close()
            return url
        }
        var overburn = BurnOptions()
        overburn.overburn = true
        let slightly = try sized(360_000)
        let job = BurnJob(drive: OpticalDrive(transport: VirtualDrive(media: .cdR)), imagePath: slightly.path,
                          options: overburn)
        let plan = try await job.plan()
        XCTAssertEqual(plan.writeBlocks, 360_000)
        XCTAssertEqual(plan.freeBlocks, 359_849)
        // ATIP lead-out 359,849 + 9,000 = 368,849: 1,151 blocks of 370,000 will not fit, and the message says so.
        await assertRefused(try sized(370_000), "cd-r", options: overburn) {
            if case .overburnTooFar(1_151, 359_849, 368_849) = $0 { return $0.description.contains("1151 blocks") }
            return false
        }
        await assertRefused(try sized(2_295_200), "dvd+r", options: overburn) {
            if case .overburnNotAllowed = $0 { return $0.description.contains("only CD") }; return false
        }
    }

    /// BD-R formatted with spare areas: WRITE(10) of 32 blocks (64 KiB) by default, so the drive keeps its defect
    /// management; WRITE(12) with the Streaming bit only with --stream-recording (issue 9 point 2; this test
    /// encoded the old, always-streaming sequence before).
    func testBDRWithSpareAreasIsWrittenWith64KiBWrite10AndStreamsOnlyOnRequest() async throws {
        for streaming in [false, true] {
            let drive = VirtualDrive(media: .bdR)
            let formats = try drive.send(ReadFormatCapacities())
            let spares = try XCTUnwrap(formats.formattable.first { $0.formatType == .bdRWithSpares })
            try drive.send(FormatUnit(formatType: spares.formatType.rawValue, subtype: 1, blocks: spares.blocks,
                                      immediate: false))
            let recorder = OpcodeRecorder(drive)
            var options = BurnOptions()
            options.streamRecording = streaming
            let (plan, result, _) = try await BurnFixture.burn(image, on: recorder, options: options)
            XCTAssertEqual(plan.strategy, .bdR)
            XCTAssertEqual(plan.streamRecording, streaming)
            XCTAssertEqual(result.verify.outcome, .match, result.error ?? "")
            let writes = recorder.cdbs.filter { $0.first == 0x2A || $0.first == 0xAA }
            XCTAssertFalse(writes.isEmpty)
            if streaming {
                XCTAssertTrue(writes.allSatisfy { $0[0] == 0xAA && $0[10] & 0x80 != 0 }, "WRITE(12) Streaming")
                XCTAssertTrue(writes.allSatisfy { $0[9] == 32 }, "64 KiB per streamed WRITE")
            } else {
                XCTAssertTrue(writes.allSatisfy { $0[0] == 0x2A && $0[7] == 0 && $0[8] == 32 }, "WRITE(10), 32 blocks")
            }
        }
    }

    func testSpeedSelectionAndParsing() {
        XCTAssertEqual(SpeedRequest(parsing: "8x"), .multiple(8))
        XCTAssertEqual(SpeedRequest(parsing: "2.4"), .multiple(2.4))
        XCTAssertEqual(SpeedRequest(parsing: "max"), .maximum)
        XCTAssertEqual(SpeedRequest(parsing: "11080k"), .kilobytesPerSecond(11080))
        XCTAssertNil(SpeedRequest(parsing: "fast"))
        XCTAssertNil(SpeedRequest(parsing: "-3x"))
        let offered = [22160, 11080, 5540, 3324]
        XCTAssertEqual(SpeedSelection.choose(.maximum, offered: offered, profile: .dvdPlusR), 22160)
        XCTAssertEqual(SpeedSelection.choose(.minimum, offered: offered, profile: .dvdPlusR), 3324)
        XCTAssertEqual(SpeedSelection.choose(.multiple(6), offered: offered, profile: .dvdPlusR), 5540)
        XCTAssertEqual(SpeedSelection.choose(.multiple(12), offered: offered, profile: .dvdPlusR), 11080)
        XCTAssertEqual(SpeedSelection.choose(.kilobytesPerSecond(20000), offered: offered, profile: .dvdPlusR), 22160)
        XCTAssertNil(SpeedSelection.choose(.maximum, offered: [], profile: .dvdPlusR))
    }

    /// DVD+R DL: no layer break for an image that fits layer 0 (READ DISC STRUCTURE 20h); the middle of the
    /// image when it does not (issue 9 point 14; this test encoded "always the middle" before).
    func testDualLayerBreakOnlyWhenTheImageDoesNotFitLayerZero() async throws {
        let small = try await BurnJob(drive: OpticalDrive(transport: VirtualDrive(media: .dvdPlusRDL)),
                                      imagePath: image.path, options: BurnOptions()).plan()
        XCTAssertNil(small.layerZeroBlocks, "fits layer 0: no SEND DISC STRUCTURE")
        let big = dir.appendingPathComponent("big.iso")
        FileManager.default.createFile(atPath: big.path, contents: try Data(contentsOf: image))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 3_000_000 * 2048)
        try handle.close()
        let drive = VirtualDrive(media: .dvdPlusRDL)
        let job = BurnJob(drive: OpticalDrive(transport: drive), imagePath: big.path, options: BurnOptions())
        let plan = try await job.plan()
        let l0 = try XCTUnwrap(plan.layerZeroBlocks)
        XCTAssertEqual(l0 % 16, 0)
        XCTAssertEqual(Double(l0), Double(plan.writeBlocks) / 2, accuracy: 16)
        var bad = BurnOptions()
        bad.layerBreakLBA = 17
        await assertRefused(image, "dvd+r-dl", options: bad) { if case .layerBreakInvalid = $0 { return true }; return false }
    }

    // MARK: helpers

    private func assertRefused(_ image: URL, _ spec: String, options: BurnOptions = BurnOptions(),
                               file: StaticString = #filePath, line: UInt = #line,
                               _ matches: (BurnError) -> Bool) async {
        do {
            let drive = try VirtualDrive.open(parsing: spec)
            let job = BurnJob(drive: OpticalDrive(transport: drive), imagePath: image.path, options: options)
            let plan = try await job.plan()
            XCTFail("\(spec): planned \(plan.strategy) instead of refusing", file: file, line: line)
        } catch let error as BurnError {
            XCTAssertTrue(matches(error), "\(spec): \(error)", file: file, line: line)
            XCTAssertTrue(error.isRefusal, file: file, line: line)
        } catch {
            XCTFail("\(spec): \(error)", file: file, line: line)
        }
    }

    private func shell(_ command: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Passes commands through and remembers their CDBs.
final class OpcodeRecorder: SCSITransport, @unchecked Sendable {
    let inner: SCSITransport
    private let lock = NSLock()
    private var recorded: [[UInt8]] = []
    var deviceName: String { inner.deviceName }
    var cdbs: [[UInt8]] { lock.withLock { recorded } }
    init(_ inner: SCSITransport) { self.inner = inner }
    func execute(_ request: SCSIRequest) throws -> SCSIResult {
        lock.withLock { recorded.append(request.cdb.bytes) }
        return try inner.execute(request)
    }
}
