import XCTest
import SCSI
@testable import ISCSI

/// ISCSITransport against tgt's MMC target (PEERS.md §1): raw CDBs, answers we did not write.
final class ISCSITransportTgtTests: XCTestCase {
    nonisolated(unsafe) private static var fixture: Result<TgtFixture, Error>?

    override class func setUp() {
        super.setUp()
        let started = Date()
        fixture = Result { try TgtFixture.startWithStandardMedia() }
        print("tgt fixture start: \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
    }

    override class func tearDown() {
        if case .success(let tgt)? = fixture { tgt.stop() }
        fixture = nil
        super.tearDown()
    }

    private func tgt() throws -> TgtFixture {
        guard let fixture = Self.fixture else { throw PeerError.notReady("tgt fixture was not started") }
        return try fixture.get()
    }

    private func connect(_ target: TgtFixture.Target) throws -> ISCSITransport {
        try ISCSITransport.connect(url: target.url, timeout: .seconds(10))
    }

    private func good(_ transport: ISCSITransport, _ request: SCSIRequest,
                      file: StaticString = #filePath, line: UInt = #line) throws -> SCSIResult {
        let result = try transport.execute(request)
        XCTAssertEqual(result.status, .good, "sense \(result.sense.hexString)", file: file, line: line)
        return result
    }

    func testInquiryIdentifiesIETVirtualCDROM() throws {
        let drive = try connect(try tgt().rom)
        XCTAssertEqual(drive.deviceName, try tgt().rom.url)
        let result = try good(drive, RawCommands.inquiry(allocationLength: 0x60))
        let data = result.dataIn
        XCTAssertGreaterThanOrEqual(data.count, 36)
        guard data.count >= 36 else { return }
        XCTAssertEqual(data[0] & 0x1F, 5, "peripheral device type: CD/DVD")
        XCTAssertEqual(data[1] & 0x80, 0x80, "RMB: removable")
        XCTAssertEqual(String(decoding: data[8..<16], as: UTF8.self), "IET     ")
        XCTAssertEqual(String(decoding: data[16..<32], as: UTF8.self), "VIRTUAL-CDROM   ")
        XCTAssertEqual(result.residual, 0x60 - data.count)
    }

    func testReadCapacityOfPressedDVDMatchesISO() throws {
        let tgt = try tgt()
        let isoBytes = try TestMedia.size(of: tgt.isoFile)
        let result = try good(try connect(tgt.rom), RawCommands.readCapacity())
        let reader = ByteReader(result.dataIn)
        XCTAssertEqual(try reader.uint32(at: 0), UInt32(isoBytes / 2048 - 1), "last LBA")
        XCTAssertEqual(try reader.uint32(at: 4), 2048, "block length")
    }

    func testRead10FirstSixtyFourKiBEqualsISO() throws {
        let tgt = try tgt()
        let expected = try TestMedia.prefix(of: tgt.isoFile, count: 65_536)
        let result = try good(try connect(tgt.rom), RawCommands.read10(lba: 0, blocks: 32))
        XCTAssertEqual(result.dataIn.count, 65_536)
        XCTAssertEqual(result.residual, 0)
        XCTAssertTrue(result.dataIn == expected, "first 64 KiB differ from the ISO")
        // The primary volume descriptor at LBA 16 proves the bytes are the image's, not zeros.
        XCTAssertEqual(Array(result.dataIn[32_768..<32_774]), [0x01] + Array("CD001".utf8))
    }

    func testCurrentProfiles() throws {
        let tgt = try tgt()
        let rom: TgtFixture.Target = tgt.rom, blank: TgtFixture.Target = tgt.blank
        for (target, profile) in [(rom, UInt16(0x0010)), (blank, UInt16(0x001B))] {
            let result = try good(try connect(target), RawCommands.getConfiguration())
            XCTAssertEqual(try ByteReader(result.dataIn).uint16(at: 6), profile, target.name)
        }
    }

    /// A command tgt does not implement comes back as CHECK CONDITION with fixed-format sense 5/20/00,
    /// so the sense bytes are extracted from libiscsi's buffer at the right offset.
    func testUnsupportedCommandReturnsSense() throws {
        var cdb = ByteWriter(count: 10)
        cdb.set(0, 0x23)         // READ FORMAT CAPACITIES (MMC-6 §6.24)
        cdb.setUInt16(7, 252)
        let result = try connect(try tgt().blank).execute(
            SCSIRequest(cdb: cdb.cdb, transfer: .fromDevice(allocationLength: 252)))
        XCTAssertEqual(result.status, .checkCondition)
        XCTAssertTrue(result.dataIn.isEmpty)
        let sense = try SenseData(bytes: result.sense)
        XCTAssertEqual(sense.key, .illegalRequest)
        XCTAssertEqual(sense.asc, 0x20)
        XCTAssertEqual(sense.ascq, 0x00)
        XCTAssertEqual(result.sense.first.map { $0 & 0x7F }, 0x70, "fixed format, current")
    }

    /// tgt's DVD+R refuses every READ with 5/21/00 until the disc is closed (it then reports DVD-ROM), so the
    /// read-back goes write → SYNCHRONIZE CACHE → CLOSE TRACK/SESSION → READ.
    func testWriteCloseThenReadBackOnBlankDVDPlusR() throws {
        let tgt = try tgt()
        let payload = TestMedia.bytes(count: 32_768, seed: 42)
        do {
            let drive = try connect(tgt.blank)
            _ = try good(drive, RawCommands.write10(lba: 0, data: payload))
            _ = try good(drive, RawCommands.synchronizeCache())
            let early = try drive.execute(RawCommands.read10(lba: 0, blocks: 16))
            XCTAssertEqual(early.status, .checkCondition, "tgt reads a DVD+R only once it is closed")
            XCTAssertEqual(try? SenseData(bytes: early.sense).asc, 0x21)
            _ = try good(drive, RawCommands.closeSession())
            let profile = try good(drive, RawCommands.getConfiguration())
            XCTAssertEqual(try ByteReader(profile.dataIn).uint16(at: 6), 0x0010, "closed DVD+R reads as DVD-ROM")
            let back = try good(drive, RawCommands.read10(lba: 0, blocks: 16))
            XCTAssertEqual(back.dataIn.count, payload.count)
            XCTAssertTrue(back.dataIn == payload, "read-back differs from what was written")
            XCTAssertTrue(try TestMedia.prefix(of: tgt.blank.backingFile, count: 32_768) == payload,
                          "backing file differs")
        }
        // Later tests (and the burning issue) want the blank LUN blank again.
        try tgt.resetToBlank(tgt.blank)
        XCTAssertEqual(try TestMedia.size(of: tgt.blank.backingFile), 0)
        let drive = try connect(tgt.blank)
        var profile = try drive.execute(RawCommands.getConfiguration())
        if profile.status == .checkCondition {   // a unit attention after the medium change is fine
            profile = try drive.execute(RawCommands.getConfiguration())
        }
        XCTAssertEqual(profile.status, .good)
        XCTAssertEqual(try ByteReader(profile.dataIn).uint16(at: 6), 0x001B)
    }

    /// Throughput of 32 KiB WRITE(10)s with the cache and burst settings (PEERS.md: ~500 MB/s); printed only.
    func testWriteThroughput() throws {
        let tgt = try tgt()
        let target = try tgt.addTarget(tid: 4, name: "iqn.2026-01.test.discburn:speed",
                                       backingFile: tgt.directory.appendingPathComponent("speed.img"),
                                       emptyFirst: true)
        let drive = try connect(target)
        let chunk = TestMedia.bytes(count: 32_768, seed: 7)
        let started = ContinuousClock.now
        let chunks = 1024   // 32 MiB
        for index in 0..<chunks {
            _ = try good(drive, RawCommands.write10(lba: UInt32(index * 16), data: chunk))
        }
        _ = try good(drive, RawCommands.synchronizeCache())
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("tgt write throughput: \(String(format: "%.0f", Double(chunks * 32_768) / seconds / 1e6)) MB/s")
        XCTAssertEqual(try TestMedia.size(of: target.backingFile), chunks * 32_768)
    }

    /// Deleting the target under an open session: the next command throws a transport error naming the portal
    /// (and does not hang); the one after fails fast with the same reason.
    func testLostConnectionIsATransportError() throws {
        let tgt = try tgt()
        let target = try tgt.addTarget(tid: 3, name: "iqn.2026-01.test.discburn:doomed",
                                       backingFile: tgt.directory.appendingPathComponent("doomed.img"),
                                       emptyFirst: true)
        let drive = try connect(target)
        _ = try good(drive, RawCommands.testUnitReady())
        try tgt.admin(["--lld", "iscsi", "--mode", "target", "--op", "delete", "--force", "--tid", "3"])
        let started = ContinuousClock.now
        XCTAssertThrowsError(try drive.execute(RawCommands.inquiry())) { error in
            guard case SCSIError.transport(_, let message) = error else {
                return XCTFail("expected a transport error, got \(error)")
            }
            XCTAssertTrue(message.contains("127.0.0.1:\(tgt.port)"), message)
        }
        XCTAssertThrowsError(try drive.execute(RawCommands.inquiry())) { error in
            XCTAssertTrue(String(describing: error).contains("was lost"), "\(error)")
        }
        XCTAssertLessThan(started.duration(to: .now), .seconds(10))
    }

    /// A target that stops answering mid-session (tgtd SIGSTOPped): the command fails at its own timeout with
    /// `SCSIError.timeout`, not later and not never.
    func testCommandTimesOutWhenTargetStalls() throws {
        let tgt = try tgt()
        let drive = try connect(tgt.rom)
        _ = try good(drive, RawCommands.testUnitReady())
        XCTAssertEqual(kill(tgt.pid, SIGSTOP), 0)
        defer { kill(tgt.pid, SIGCONT) }
        var request = RawCommands.inquiry()
        request.timeout = .seconds(1)
        let started = ContinuousClock.now
        XCTAssertThrowsError(try drive.execute(request)) { error in
            guard case SCSIError.timeout(_, let after) = error else { return XCTFail("expected timeout, got \(error)") }
            XCTAssertEqual(after, .seconds(1))
        }
        let elapsed = started.duration(to: .now)
        XCTAssertGreaterThanOrEqual(elapsed, .milliseconds(950))
        XCTAssertLessThan(elapsed, .seconds(3))
    }

    /// One transport shared by several threads: the lock serialises commands, every answer is complete.
    func testConcurrentUseIsSerialised() throws {
        let drive = try connect(try tgt().rom)
        let failures = LockedCounter()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<25 {
                guard let result = try? drive.execute(RawCommands.inquiry()), result.status == .good,
                      result.dataIn.count >= 36,
                      String(decoding: result.dataIn[8..<16], as: UTF8.self) == "IET     " else {
                    failures.increment(); continue
                }
            }
        }
        XCTAssertEqual(failures.value, 0)
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
