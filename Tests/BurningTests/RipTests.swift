import DiscImage
import Foundation
import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

final class RipTests: XCTestCase {
    var dir: URL!
    var image: URL!

    override func setUpWithError() throws {
        dir = try BurnFixture.temporaryDirectory()
        image = try BurnFixture.makeISO(in: dir, files: 6, fileBytes: 300_000, seed: 7)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func rip(_ drive: SCSITransport, to name: String, options: RipOptions = RipOptions()) async throws -> (RipResult, URL) {
        let out = dir.appendingPathComponent(name)
        let ripper = DiscRipper(drive: OpticalDrive(transport: drive), outputPath: out.path, options: options)
        let extent = try await ripper.plan()
        return (try ripper.run(extent), out)
    }

    func testRipOfPressedDVDROMEqualsTheSourceImage() async throws {
        let drive = try VirtualDrive.open(parsing: "dvd-rom:\(image.path)")
        let (result, out) = try await rip(drive, to: "pressed.iso")
        XCTAssertTrue(result.complete)
        XCTAssertEqual(try Data(contentsOf: out), try Data(contentsOf: image))
        XCTAssertEqual(result.goodBlocks, UInt64(try Data(contentsOf: image).count / 2048))
        let map = try String(contentsOf: URL(fileURLWithPath: out.path + ".map"), encoding: .utf8)
        XCTAssertTrue(map.contains("  +"), map)
        XCTAssertFalse(map.contains("  -"), map)
    }

    /// Bad sectors: the right map, zeros in those sectors, the files they fall in; `--resume` with the faults
    /// gone completes a perfect image.
    func testBadSectorsAreMappedZeroedNamedAndResumeCompletes() async throws {
        let fs = try DiscImage.fileSystem(path: image.path)
        let victim = try fs.lookup("/file3.bin")
        let firstLBA = Int(try XCTUnwrap(victim.extents.first).lba) + 10
        let bad = firstLBA...(firstLBA + 4)
        let faulty = try VirtualDrive.open(parsing: "dvd-rom:\(image.path)")
        faulty.inject(.unreadable(lbas: bad))
        var options = RipOptions()
        options.retries = 1
        let (result, out) = try await rip(faulty, to: "bad.iso", options: options)
        XCTAssertFalse(result.complete)
        XCTAssertEqual(result.badRanges.count, 1)
        XCTAssertEqual(result.badRanges.first?.startLBA, UInt64(bad.lowerBound))
        XCTAssertEqual(result.badRanges.first?.blocks, 5)
        XCTAssertEqual(result.affectedFiles, ["/file3.bin"])
        let ripped = try Data(contentsOf: out), source = try Data(contentsOf: image)
        XCTAssertTrue(ripped[(bad.lowerBound * 2048)..<((bad.upperBound + 1) * 2048)].allSatisfy { $0 == 0 })
        XCTAssertEqual(ripped.prefix(bad.lowerBound * 2048), source.prefix(bad.lowerBound * 2048))
        let mapText = try String(contentsOf: URL(fileURLWithPath: out.path + ".map"), encoding: .utf8)
        XCTAssertTrue(mapText.contains(String(format: "0x%08llX  0x%08llX  -", UInt64(bad.lowerBound) * 2048, UInt64(5 * 2048))), mapText)

        options.resume = true
        let healthy = try VirtualDrive.open(parsing: "dvd-rom:\(image.path)")
        let recorder = OpcodeRecorder(healthy)
        let (again, _) = try await rip(recorder, to: "bad.iso", options: options)
        XCTAssertTrue(again.complete)
        XCTAssertEqual(try Data(contentsOf: out), source)
        // Besides the planning read of the volume descriptor at LBA 16 (where the ISO 9660 volume ends).
        let reads = recorder.cdbs.filter { $0.first == 0x28 && !($0[5] == 16 && $0[8] == 1) }
        XCTAssertEqual(reads.count, 1, "resume reads only the bad range")
        XCTAssertEqual(again.sha256, try sha256(image))
    }

    func testExistingOutputIsNotOverwrittenWithoutResume() async throws {
        let out = dir.appendingPathComponent("exists.iso")
        try Data([1]).write(to: out)
        let ripper = DiscRipper(drive: OpticalDrive(transport: try VirtualDrive.open(parsing: "dvd-rom:\(image.path)")),
                                outputPath: out.path)
        do {
            _ = try await ripper.plan()
            XCTFail("planned over an existing file")
        } catch let error as RipError {
            guard case .outputExists = error else { return XCTFail("\(error)") }
        }
        let blank = DiscRipper(drive: OpticalDrive(transport: VirtualDrive(media: .dvdPlusR)),
                               outputPath: dir.appendingPathComponent("blank.iso").path)
        do {
            _ = try await blank.plan()
            XCTFail("planned a rip of a blank disc")
        } catch let error as RipError {
            guard case .blankMedium = error else { return XCTFail("\(error)") }
        }
    }

    func testMultiSessionRipsTheLastSessionByDefault() async throws {
        let state = dir.appendingPathComponent("multi")
        var multi = BurnOptions()
        multi.multiSession = true
        _ = try await BurnFixture.burn(image, on: VirtualDrive.open(parsing: "dvd+r:\(state.path)"), options: multi)
        // The second session is mastered for the disc's NWA (mkisofs -C 0,NWA -M first), as issue 11 demands.
        let nwa = try await OpticalDrive(transport: VirtualDrive.open(parsing: "dvd+r:\(state.path)")).probe()
            .media.nextWritableAddress ?? 0
        _ = try BurnFixture.makeISO(in: dir, files: 2, fileBytes: 50_000, seed: 9)
        let second = dir.appendingPathComponent("second-session.iso")
        try BurnFixture.run("/usr/bin/xorriso", ["-as", "mkisofs", "-quiet", "-R", "-C", "0,\(nwa)", "-M", image.path,
                                                 "-o", second.path, dir.appendingPathComponent("tree-9").path])
        let (plan2, _, _) = try await BurnFixture.burn(second, on: VirtualDrive.open(parsing: "dvd+r:\(state.path)"), options: multi)
        let (last, lastOut) = try await rip(VirtualDrive.open(parsing: "dvd+r:\(state.path)"), to: "last.iso")
        XCTAssertEqual(last.extent.session, 2)
        XCTAssertEqual(last.extent.startLBA, plan2.startLBA)
        XCTAssertEqual(try Data(contentsOf: lastOut).prefix(try Data(contentsOf: second).count), try Data(contentsOf: second))
        var first = RipOptions()
        first.session = 1
        let (one, oneOut) = try await rip(VirtualDrive.open(parsing: "dvd+r:\(state.path)"), to: "first.iso", options: first)
        XCTAssertEqual(one.extent.startLBA, 0)
        XCTAssertEqual(try Data(contentsOf: oneOut).prefix(try Data(contentsOf: image).count), try Data(contentsOf: image))
        var missing = RipOptions()
        missing.session = 5
        let ripper = DiscRipper(drive: OpticalDrive(transport: try VirtualDrive.open(parsing: "dvd+r:\(state.path)")),
                                outputPath: dir.appendingPathComponent("none.iso").path, options: missing)
        do { _ = try await ripper.plan(); XCTFail("session 5 planned") } catch let e as RipError {
            guard case .noSuchSession = e else { return XCTFail("\(e)") }
        }
    }

    func testMapRoundTripAndHostileMaps() throws {
        var map = RipMap(totalBlocks: 100)
        map.mark(0, 40, .good)
        map.mark(40, 5, .bad)
        map.mark(45, 10, .good)
        XCTAssertEqual(map.ranges.map(\.status), [.good, .bad, .good, .untried])
        let back = try RipMap(text: map.text(currentBlock: 55), totalBlocks: 100)
        XCTAssertEqual(back, map)
        XCTAssertEqual(back.count(.bad), 5)
        XCTAssertThrowsError(try RipMap(text: map.text(currentBlock: 0), totalBlocks: 99))
        XCTAssertThrowsError(try RipMap(text: "0x0 ?\n0x0 0x800 +\n0x1000 0x800 +\n", totalBlocks: 2))
        XCTAssertThrowsError(try RipMap(text: "0x0 ?\n0x0 0x801 +\n", totalBlocks: 1))
        XCTAssertThrowsError(try RipMap(text: "0x0 ?\nnonsense\n", totalBlocks: 1))
        XCTAssertThrowsError(try RipMap(text: "0x0 ?\n0x0 0x800 *\n", totalBlocks: 1))
    }

    private func sha256(_ url: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [url.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(String(decoding: data, as: UTF8.self).prefix(64))
    }
}
