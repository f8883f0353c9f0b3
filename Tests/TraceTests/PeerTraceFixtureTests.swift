import Foundation
import MMC
import SCSI
import Trace
import XCTest

/// Probe sessions recorded against the peers (tgt 1.0.85 over iSCSI; QEMU 7.2 scsi-cd behind Linux 6.1's SG_IO),
/// replayed through `OpticalDrive.probe()`: our parsers keep meeting answers we did not write, even on machines
/// without tgt or QEMU. Fixtures live in `Fixtures/` next to this file (found through #filePath, no resources).
///
/// Re-record them with `DISCBURN_RECORD_PEER_TRACES=1 swift test --filter PeerTests` (TgtProbeTests and
/// QEMUProbeTests write `Fixtures/*.jsonl`), then update the facts below if a peer changed its answers.
/// The replay must consume every record: a probe that sends a different or an extra command fails here too.
final class PeerTraceFixtureTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    private func replay(_ name: String, file: StaticString = #filePath,
                        line: UInt = #line) async throws -> (ProbeResult, ReplayTransport) {
        let path = Self.fixtures.appendingPathComponent(name).path
        let transport = try ReplayTransport(path: path)
        let drive = OpticalDrive(transport: transport, readyTimeout: .seconds(1), sleep: { _ in })
        let result = try await drive.probe()
        XCTAssertTrue(transport.isFinished, "\(name): \(transport.remaining) recorded exchanges not replayed",
                      file: file, line: line)
        return (result, transport)
    }

    // MARK: tgt

    func testTgtPressedDVDROM() async throws {
        let (result, _) = try await replay("tgt-dvd-rom.probe.jsonl")
        XCTAssertEqual(result.drive.vendor, "IET")
        XCTAssertEqual(result.drive.product, "VIRTUAL-CDROM")
        XCTAssertEqual(result.drive.revision, "0001")
        XCTAssertEqual(result.drive.serialNumber, "beaf11", "INQUIRY VPD 80h, tid 1 lun 1")
        XCTAssertEqual(result.drive.profiles, [.dvdROM, .dvdPlusR])
        XCTAssertEqual(result.drive.bufferSizeBytes, 2_097_152)
        XCTAssertEqual(result.drive.maximumReadSpeedKilobytesPerSecond, 4234)
        XCTAssertEqual(result.media.profile, .dvdROM)
        XCTAssertEqual(result.media.discStatus, .complete)
        XCTAssertEqual(result.media.sessions, 1)
        XCTAssertEqual(result.media.tracks, 1)
        XCTAssertEqual(result.media.readableBlocks, 1720, "READ CAPACITY last LBA 06B7h + 1")
        XCTAssertEqual(result.media.freeBlocks, 0)
        XCTAssertNil(result.media.nextWritableAddress)
        XCTAssertEqual(result.notes.count, 1)
        XCTAssertTrue(result.notes.first?.contains("[5/30/02]") == true, "\(result.notes)")
    }

    func testTgtBlankDVDPlusR() async throws {
        let (result, _) = try await replay("tgt-dvd+r-blank.probe.jsonl")
        XCTAssertEqual(result.drive.serialNumber, "beaf21")
        XCTAssertEqual(result.drive.writeModes, ["DVD+R": [.sequential]])
        XCTAssertTrue(result.drive.bufferUnderrunFree)
        XCTAssertEqual(result.media.profile, .dvdPlusR)
        XCTAssertEqual(result.media.discStatus, .blank)
        XCTAssertEqual(result.media.erasable, false)
        XCTAssertEqual(result.media.nextWritableAddress, 0)
        XCTAssertEqual(result.media.freeBlocks, 2_295_104)
        XCTAssertEqual(result.media.readableBlocks, 0, "tgt's READ CAPACITY claims one block; disc status wins")
        XCTAssertEqual(result.media.writeSpeedsKilobytesPerSecond, [3324])
        XCTAssertNil(result.media.manufacturerID, "tgt's ADIP body is all zeros")
        XCTAssertEqual(result.notes, [])
    }

    /// tgt pads GET CONFIGURATION to the full allocation length (65,530 bytes, residual 0) after a 116-byte
    /// answer: the parser must stop at the announced data length.
    func testTgtPadsGetConfigurationToTheAllocationLength() throws {
        let records = try ReplayTransport(path: Self.fixtures.appendingPathComponent("tgt-dvd+r-blank.probe.jsonl").path)
            .records
        let configuration = try XCTUnwrap(records.first { $0.cdb.hasPrefix("46") })
        let data = try XCTUnwrap([UInt8](hexString: configuration.dataIn ?? ""))
        XCTAssertEqual(data.count, 65530)
        XCTAssertEqual(configuration.residual, 0)
        XCTAssertEqual(Array(data.prefix(4)), [0x00, 0x00, 0x00, 0x70], "data length 112: 116 bytes in all")
        XCTAssertTrue(data.dropFirst(116).allSatisfy { $0 == 0 })
        let parsed = try GetConfiguration(requestType: .all).parse(data)
        XCTAssertEqual(parsed.currentProfile, .dvdPlusR)
    }

    // MARK: QEMU

    func testQEMUCDROMThroughSr() async throws {
        let (result, _) = try await replay("qemu-cd-rom.sr.probe.jsonl")
        XCTAssertEqual(result.drive.vendor, "QEMU")
        XCTAssertEqual(result.drive.product, "QEMU CD-ROM")
        XCTAssertEqual(result.drive.revision, "2.5+")
        XCTAssertNil(result.drive.serialNumber)
        XCTAssertEqual(result.drive.profiles, [.dvdROM, .cdROM])
        XCTAssertEqual(result.drive.writeModes, [:])
        XCTAssertEqual(result.drive.maximumReadSpeedKilobytesPerSecond, 8800)
        XCTAssertNil(result.drive.maximumWriteSpeedKilobytesPerSecond)
        XCTAssertEqual(result.media.profile, .cdROM)
        XCTAssertEqual(result.media.discStatus, .complete)
        XCTAssertEqual(result.media.readableBlocks, 1209, "READ CAPACITY last LBA 04B8h + 1")
        XCTAssertEqual(result.media.freeBlocks, 0)
        XCTAssertEqual(result.notes.count, 2, "\(result.notes)")
        XCTAssertTrue(result.notes.contains { $0.contains("[5/24/00]") }, "VPD 80h refused")
        XCTAssertTrue(result.notes.contains { $0.contains("[5/20/00]") }, "READ BUFFER CAPACITY refused")
    }

    /// Through /dev/sgN the kernel returns the whole allocation length with residual 0, and the bytes QEMU did
    /// not send are stale reserve-buffer contents — even after CHECK CONDITION. The probe must ignore them.
    func testQEMUDVDROMThroughSgIgnoresStaleBytes() async throws {
        let (result, transport) = try await replay("qemu-dvd-rom.sg.probe.jsonl")
        XCTAssertEqual(result.drive.vendor, "DBPEER")
        XCTAssertEqual(result.drive.product, "SPARSE-DVD-720M")
        XCTAssertEqual(result.media.profile, .dvdROM)
        XCTAssertEqual(result.media.discStatus, .complete)
        XCTAssertEqual(result.media.readableBlocks, 368_640, "720 MiB / 2048")
        XCTAssertEqual(result.drive.bufferSizeBytes, 2_097_152)
        XCTAssertNil(result.drive.serialNumber, "the failed VPD 80h carries stale page 2Ah bytes: not a serial")
        let failedWithData = transport.records.filter { $0.status == 2 && !($0.dataIn ?? "").allSatisfy { $0 == "0" } }
        XCTAssertGreaterThanOrEqual(failedWithData.count, 2, "the fixture must keep the stale bytes")
    }

    func testQEMUEmptyTray() async throws {
        let (result, transport) = try await replay("qemu-empty.sr.probe.jsonl")
        XCTAssertEqual(result.media, .absent)
        XCTAssertEqual(result.drive.product, "QEMU CD-ROM")
        XCTAssertEqual(result.drive.profiles, [.dvdROM, .cdROM])
        let testUnitReady = try XCTUnwrap(transport.records.first { $0.cdb == "000000000000" })
        XCTAssertEqual(testUnitReady.status, 2)
        let sense = try XCTUnwrap([UInt8](hexString: testUnitReady.sense ?? ""))
        XCTAssertEqual(sense.count, 18)
        guard sense.count >= 14 else { return }
        XCTAssertEqual(sense[2] & 0x0F, 2, "NOT READY")
        XCTAssertEqual(sense[12], 0x3A, "MEDIUM NOT PRESENT")
        XCTAssertEqual(sense[13], 0x00, "QEMU says 3A/00, not 3A/01 (tray closed) or 3A/02 (tray open)")
    }

    /// Every fixture file decodes, and each is one probe (INQUIRY first).
    func testEveryFixtureIsAProbeTrace() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.path)
            .filter { $0.hasSuffix(".jsonl") }.sorted()
        XCTAssertEqual(names, ["qemu-cd-rom.sr.probe.jsonl", "qemu-dvd-rom.sg.probe.jsonl", "qemu-empty.sr.probe.jsonl",
                               "tgt-dvd+r-blank.probe.jsonl", "tgt-dvd-rom.probe.jsonl"])
        for name in names {
            let records = try ReplayTransport(path: Self.fixtures.appendingPathComponent(name).path).records
            XCTAssertEqual(records.first?.cdb.prefix(2), "12", name)
            XCTAssertEqual(records.map(\.sequence), Array(1...records.count), name)
        }
    }
}
