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

    /// The read-back on its own: what the disk holds against the image's digest from the write.
    func testReadBackDetectsAMismatchAndAShortDisk() throws {
        let payload = patterned(1_500_000)
        let image = try temporaryFile("img.raw", payload)
        var options = USBWriteOptions()
        options.transferBytes = 256 << 10  // six segments: the mismatch falls in the fourth
        func readBack(_ disk: [UInt8], image: URL) throws -> VerifyResult {
            let target = try temporaryFile("disk.img", disk)
            let writer = DeviceWriter(plan: try plan(image, target: target), devicePath: target.path,
                                      imagePath: image.path, options: options) { _ in }
            var hash = SegmentedSHA256(segmentBytes: writer.segmentBytes)
            payload.withUnsafeBytes { hash.update($0) }
            return writer.verify(try BlockDeviceHandle(path: target.path), expected: hash.finalize())
        }
        let match = try readBack(payload, image: image)
        XCTAssertEqual(match.outcome, .match)
        XCTAssertEqual(match.sha256, sha256(payload))
        // The image file changed after the write: the disk still holds what was written, by the SHA-256 chain.
        var edited = payload
        edited[700_000] ^= 1
        XCTAssertEqual(try readBack(payload, image: try temporaryFile("edited.raw", edited)).outcome, .match)

        var other = payload
        other[1_000_000] ^= 1
        let mismatch = try readBack(other, image: image)
        XCTAssertEqual(mismatch.outcome, .mismatch)
        XCTAssertEqual(mismatch.firstMismatchLBA, 1_000_000 / 512)
        XCTAssertTrue(mismatch.reason?.contains("at byte 1000000 ") ?? false, mismatch.reason ?? "")
        XCTAssertTrue(mismatch.reason?.contains("faulty") ?? false)

        // A compressed image is decompressed again up to the differing segment; here the short last one.
        var late = payload
        late[1_499_990] ^= 0x80
        late[1_499_999] ^= 0x80
        let compressed = try temporaryFile("img.xz", Compressors.xz(payload))
        let lateMismatch = try readBack(late, image: compressed)
        XCTAssertEqual(lateMismatch.outcome, .mismatch)
        XCTAssertTrue(lateMismatch.reason?.contains("at byte 1499990 ") ?? false, lateMismatch.reason ?? "")

        let short = try readBack(Array(payload[..<1_000_000]), image: image)
        XCTAssertEqual(short.outcome, .unreadable)
        XCTAssertTrue(short.reason?.contains("failed at byte 1000000: the disk ends early") ?? false, short.reason ?? "")
    }
}
