import Burning
import Crypto
@testable import USBWriter
import XCTest

/// The writer and the read-back against a regular file standing for the disk (the code path is the same: the
/// handle falls back to the page cache + fdatasync where O_DIRECT is refused).
final class DeviceWriterTests: XCTestCase {
    func plan(_ image: URL, target: URL) throws -> USBWritePlan {
        let disk = BlockDisk(name: "target", path: target.path, majorMinor: "0:0", sizeBytes: 0, bus: .virtual,
                             removableFlag: true, readOnly: false, partitions: [], holders: [], mountPoints: [],
                             isSwap: false)
        return USBWritePlan(disk: disk, image: try ImageFacts.inspect(path: image.path),
                            method: MethodChoice(method: .raw, reason: "test"), mountedPartitions: [],
                            overridden: [])
    }

    func target(bytes: Int) throws -> URL {
        let url = try temporaryFile("disk.img", [])
        XCTAssertEqual(truncate(url.path, off_t(bytes)), 0)
        return url
    }

    func run(_ image: URL, _ target: URL, options: USBWriteOptions = USBWriteOptions(), cancelFirst: Bool = false)
        throws -> (USBWriteResult, [BurnStatus])
    {
        var statuses: [BurnStatus] = []
        let writer = DeviceWriter(plan: try plan(image, target: target), devicePath: target.path, imagePath: image.path,
                                  options: options) { statuses.append($0) }
        if cancelFirst { writer.cancel() }
        return (writer.run(), statuses)
    }

    func sha256(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    func testCompressedImageIsWrittenAndVerified() throws {
        let payload = patterned(10_000_003)  // not a multiple of the sector size: the tail goes unaligned
        let image = try temporaryFile("img.xz", Compressors.xz(payload))
        let disk = try target(bytes: 16 << 20)
        var options = USBWriteOptions()
        options.transferBytes = 1 << 20
        options.fifoBytes = 4 << 20
        let (result, statuses) = try run(image, disk, options: options)
        XCTAssertTrue(result.succeeded, result.error ?? "")
        XCTAssertEqual(result.bytesWritten, UInt64(payload.count))
        XCTAssertEqual(result.verify.outcome, .match)
        XCTAssertEqual(result.imageSHA256, sha256(payload))
        XCTAssertEqual(result.verify.sha256, sha256(payload))
        let written = [UInt8](try Data(contentsOf: disk))
        XCTAssertTrue(Array(written[..<payload.count]) == payload)
        XCTAssertTrue(written[payload.count...].allSatisfy { $0 == 0 }, "nothing written past the image")
        XCTAssertEqual(statuses.last?.phase, .verifying)
        XCTAssertTrue(statuses.contains { $0.phase == .writing && $0.profile == .removableDisk })
    }

    func testTooSmallTargetIsRefusedAtOpenAndLeftUnchanged() throws {
        let image = try temporaryFile("img.raw", patterned(2_000_000))
        let disk = try target(bytes: 1_000_000)
        let (result, _) = try run(image, disk)
        XCTAssertFalse(result.succeeded)
        XCTAssertTrue(result.error?.contains("too small") ?? false, result.error ?? "")
        XCTAssertTrue(try Data(contentsOf: disk).allSatisfy { $0 == 0 })
    }

    func testALockHeldByAnotherProgramRefusesTheJob() throws {
        let image = try temporaryFile("img.raw", patterned(100_000))
        let disk = try target(bytes: 1 << 20)
        let other = open(disk.path, O_RDONLY)
        defer { close(other) }
        XCTAssertEqual(flock(other, LOCK_EX), 0)
        let (result, _) = try run(image, disk)
        XCTAssertEqual(result.error, "\(USBWriteError.locked(device: disk.path))")
        XCTAssertTrue(try Data(contentsOf: disk).allSatisfy { $0 == 0 })
    }

    func testCancelStopsAndSaysIncomplete() throws {
        let image = try temporaryFile("img.raw", patterned(3_000_000))
        let disk = try target(bytes: 4 << 20)
        let (result, _) = try run(image, disk, cancelFirst: true)
        XCTAssertTrue(result.interrupted)
        XCTAssertFalse(result.succeeded)
        XCTAssertTrue(result.diskState.hasPrefix("incomplete"), result.diskState)
        XCTAssertEqual(result.verify.outcome, .skipped)
    }

    func testNoVerifySkipsTheReadBack() throws {
        let image = try temporaryFile("img.raw", patterned(300_000))
        var options = USBWriteOptions()
        options.verify = false
        let (result, _) = try run(image, try target(bytes: 1 << 20), options: options)
        XCTAssertTrue(result.succeeded)
        XCTAssertEqual(result.verify.outcome, .skipped)
        XCTAssertNil(result.verify.sha256)
    }

    /// The read-back on its own: what the disk holds against the image's digest.
    func testReadBackDetectsAMismatchAndAShortDisk() throws {
        let payload = patterned(1_500_000)
        let image = try temporaryFile("img.raw", payload)
        let disk = try temporaryFile("disk.img", payload)
        let writer = DeviceWriter(plan: try plan(image, target: disk), devicePath: disk.path, imagePath: image.path,
                                  options: USBWriteOptions()) { _ in }
        let device = try BlockDeviceHandle(path: disk.path)
        XCTAssertEqual(writer.verify(device, expectedSHA256: sha256(payload)).outcome, .match)
        var other = payload
        other[1_000_000] ^= 1
        let mismatch = writer.verify(device, expectedSHA256: sha256(other))
        XCTAssertEqual(mismatch.outcome, .mismatch)
        XCTAssertEqual(mismatch.sha256, sha256(payload))
        XCTAssertTrue(mismatch.reason?.contains("faulty") ?? false)

        let short = try temporaryFile("short.img", Array(payload[..<1_000_000]))
        let shortWriter = DeviceWriter(plan: try plan(image, target: short), devicePath: short.path,
                                       imagePath: image.path, options: USBWriteOptions()) { _ in }
        let result = shortWriter.verify(try BlockDeviceHandle(path: short.path), expectedSHA256: sha256(payload))
        XCTAssertEqual(result.outcome, .unreadable)
        XCTAssertTrue(result.reason?.contains("failed at byte 1000000: the disk ends early") ?? false, result.reason ?? "")
    }
}
