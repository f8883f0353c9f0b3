import Foundation
import XCTest

/// `discburn drives --json` and `discburn probe --json` inside the QEMU guest, through SG_IO on /dev/srN and
/// /dev/sgN of a real Linux kernel, asserted on the host from the serial log (QEMUPeerSession: one shared boot).
/// The VirtualDrive's reports for the same media agree field by field except for the documented differences
/// (Vendor-notes/qemu.md, "Probe report vs the VirtualDrive").
final class QEMUProbeTests: XCTestCase {
    private func session() throws -> QEMUPeerSession {
        let session = try QEMUPeerSession.shared.get()
        XCTAssertTrue(session.run.reachedEnd, String(session.run.serialLog.suffix(4000)))
        return session
    }

    func testDrivesJSONListsEveryDriveWithItsIdentity() throws {
        let session = try session()
        let outcome = try XCTUnwrap(session.cli("drives"), String(session.run.serialLog.suffix(3000)))
        XCTAssertEqual(outcome.status, 0, outcome.standardError)
        let data = Data(outcome.standardOutput.utf8)
        let event = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(event["event"] as? String, "drives")
        let list = try XCTUnwrap(event["drives"] as? [[String: Any]])
        XCTAssertEqual(list.count, 3 + BurnLUN.allCases.count + 1, outcome.standardOutput)  // + the pressed DVD-ROM
        var byPath: [String: [String: Any]] = [:]
        for entry in list { byPath[entry["path"] as? String ?? "?"] = entry }
        let expected: [(QEMUPeerSession.Role, String, String)] = [
            (.cd, "QEMU", "QEMU CD-ROM"), (.dvd, QEMUPeerSession.dvdVendor, QEMUPeerSession.dvdProduct),
            (.empty, "QEMU", "QEMU CD-ROM"),
        ]
        for lun in BurnLUN.allCases.map(\.rawValue) + [QEMUPeerSession.romTarget] {
            let sr = try XCTUnwrap(session.run.values["target.\(lun)"], "scsi-id \(lun)")
            let entry = try XCTUnwrap(byPath["/dev/\(sr)"], "\(lun): \(outcome.standardOutput)")
            XCTAssertEqual(entry["vendor"] as? String, "IET", "\(lun)")
            XCTAssertEqual(entry["model"] as? String, "VIRTUAL-CDROM", "\(lun)")
        }
        for (role, vendor, model) in expected {
            let sr = try XCTUnwrap(session.blockNode(role), "\(role)")
            let entry = try XCTUnwrap(byPath["/dev/\(sr)"], "\(role): \(outcome.standardOutput)")
            XCTAssertEqual(entry["vendor"] as? String, vendor, "\(role)")
            XCTAssertEqual(entry["model"] as? String, model, "\(role)")
            XCTAssertEqual(entry["revision"] as? String, "2.5+", "\(role)")
            // The generic node is the one sysfs pairs with this sr node.
            let sg = session.run.values.first { $0.key.hasPrefix("sr_of.") && $0.value == sr }?.key.dropFirst(6)
            XCTAssertEqual(entry["genericPath"] as? String, sg.map { "/dev/\($0)" }, "\(role)")
        }
    }

    /// Drive facts QEMU 7.2's scsi-cd answers whatever is loaded.
    private func assertQEMUDrive(_ report: ProbeJSON, vendor: String, product: String, line: UInt = #line) {
        let drive = report.drive
        XCTAssertEqual(drive["vendor"] as? String, vendor, line: line)
        XCTAssertEqual(drive["product"] as? String, product, line: line)
        XCTAssertEqual(drive["revision"] as? String, "2.5+", line: line)
        XCTAssertNil(drive["serialNumber"], "VPD 80h → 5/24/00, no feature 0108h", line: line)
        XCTAssertEqual(drive["profiles"] as? [String], ["DVD-ROM", "CD-ROM"], line: line)
        XCTAssertEqual(ProbeJSON.canonical(drive["writeModes"] ?? [:]), "{}", line: line)
        XCTAssertEqual(drive["burnFree"] as? Bool, false, line: line)
        XCTAssertEqual(ProbeJSON.canonical(drive["testWrite"] ?? [:]), #"{"cd":false,"dvd":false}"#, line: line)
        XCTAssertEqual(drive["bufferSizeBytes"] as? Int, 2_097_152, "page 2Ah: 2,048 KiB", line: line)
        XCTAssertEqual(drive["maximumReadSpeedKilobytesPerSecond"] as? Int, 8800, line: line)
        XCTAssertNil(drive["maximumWriteSpeedKilobytesPerSecond"], "no write speed descriptors", line: line)
    }

    private func assertPressed(_ report: ProbeJSON, profile: String, code: String, blocks: Int,
                               line: UInt = #line) {
        let media = report.media
        XCTAssertEqual(media["present"] as? Bool, true, line: line)
        XCTAssertEqual(media["profile"] as? String, profile, line: line)
        XCTAssertEqual(media["profileCode"] as? String, code, line: line)
        XCTAssertEqual(media["discStatus"] as? String, "complete", line: line)
        XCTAssertEqual(media["erasable"] as? Bool, false, line: line)
        XCTAssertEqual(media["sessions"] as? Int, 1, line: line)
        XCTAssertEqual(media["tracks"] as? Int, 1, line: line)
        XCTAssertNil(media["nextWritableAddress"], line: line)
        XCTAssertEqual(media["freeBlocks"] as? Int, 0, line: line)
        XCTAssertEqual(media["blockSizeBytes"] as? Int, 2048, line: line)
        XCTAssertEqual(media["readableBlocks"] as? Int, blocks, line: line)
        XCTAssertEqual((media["writeSpeeds"] as? [Any])?.count, 0, line: line)
        XCTAssertEqual(report.notes, [
            "drive serial number: INQUIRY (unit serial number) failed: invalid field in CDB [5/24/00]",
            "READ BUFFER CAPACITY: READ BUFFER CAPACITY failed: invalid command operation code [5/20/00]",
        ], line: line)
    }

    /// /dev/srN and /dev/sgN must give the same report (only "device" differs): through sg the kernel hands
    /// back the unwritten tail of its reserve buffer (stale bytes, residual 0), so this proves the parsers
    /// use the announced lengths, never the received count.
    private func assertSameThroughBothNodes(_ role: QEMUPeerSession.Role, line: UInt = #line) throws -> ProbeJSON {
        let session = try session()
        let sr = try session.probe(role, .block), sg = try session.probe(role, .generic)
        XCTAssertEqual(sr.object["device"] as? String, session.blockNode(role).map { "/dev/\($0)" }, line: line)
        XCTAssertTrue((sg.object["device"] as? String)?.hasPrefix("/dev/sg") == true, line: line)
        var a = sr.flattened(), b = sg.flattened()
        a["device"] = nil
        b["device"] = nil
        XCTAssertEqual(a, b, "\(role): /dev/sr vs /dev/sg", line: line)
        return sr
    }

    func testProbeOfCDROMThroughSrAndSg() throws {
        let session = try session()
        let report = try assertSameThroughBothNodes(.cd)
        assertQEMUDrive(report, vendor: "QEMU", product: "QEMU CD-ROM")
        assertPressed(report, profile: "CD-ROM", code: "0008h", blocks: try TestMedia.size(of: session.iso) / 2048)
        try keepTrace(.cd, .block, as: "qemu-cd-rom.sr.probe.jsonl")
    }

    func testProbeOfSparseDVDROMThroughSrAndSg() throws {
        let report = try assertSameThroughBothNodes(.dvd)
        assertQEMUDrive(report, vendor: QEMUPeerSession.dvdVendor, product: QEMUPeerSession.dvdProduct)
        assertPressed(report, profile: "DVD-ROM", code: "0010h", blocks: Int(QEMUPeerSession.dvdImageBytes / 2048))
        // Through sg: the trace carries the kernel's stale reserve-buffer bytes (a hostile fixture).
        try keepTrace(.dvd, .generic, as: "qemu-dvd-rom.sg.probe.jsonl")
    }

    func testProbeOfEmptyTrayThroughSrAndSg() throws {
        let report = try assertSameThroughBothNodes(.empty)
        assertQEMUDrive(report, vendor: "QEMU", product: "QEMU CD-ROM")
        XCTAssertEqual(ProbeJSON.canonical(report.media),
                       #"{"freeBlocks":0,"freeBytes":0,"present":false,"writeSpeeds":[]}"#,
                       "no medium: TEST UNIT READY → 2/3A/00")
        XCTAssertEqual(report.notes, [
            "drive serial number: INQUIRY (unit serial number) failed: invalid field in CDB [5/24/00]",
        ])
        try keepTrace(.empty, .block, as: "qemu-empty.sr.probe.jsonl")
    }

    /// As uid 1000 in group cdrom, the kernel's allow-list (SG_IO on a node opened read-write) lets every probe
    /// command through: the report equals root's.
    func testProbeAsNonRootUserEqualsRoots() throws {
        let session = try session()
        let root = try session.probe(.cd, .block)
        for kind in QEMUPeerSession.NodeKind.allCases {
            let user = try session.report("user.probe.\(kind.rawValue)")
            var a = root.flattened(), b = user.flattened()
            a["device"] = nil
            b["device"] = nil
            XCTAssertEqual(a, b, "non-root probe through \(kind.rawValue)")
        }
    }

    // MARK: the VirtualDrive for the same media

    /// Fields where QEMU's scsi-cd and the VirtualDrive differ for the same medium (Vendor-notes/qemu.md).
    static let knownDifferences = [
        KnownDifference(path: "drive.vendor", kind: .identity, reason: "QEMU (or the scsi-cd vendor=) vs DISCBURN"),
        KnownDifference(path: "drive.product", kind: .identity, reason: "QEMU CD-ROM vs VIRTUAL WRITER"),
        KnownDifference(path: "drive.revision", kind: .identity, reason: "2.5+ vs 1.0"),
        KnownDifference(path: "drive.serialNumber", kind: .identity,
                        reason: "QEMU has no serial (VPD 80h → 5/24/00, no feature 0108h); both optional"),
        KnownDifference(path: "drive.profiles", kind: .driveModel, reason: "QEMU: a CD/DVD-ROM reader"),
        KnownDifference(path: "drive.writeModes", kind: .driveModel, reason: "a reader has none"),
        KnownDifference(path: "drive.burnFree", kind: .driveModel, reason: "a reader has no BUF"),
        KnownDifference(path: "drive.testWrite.cd", kind: .driveModel, reason: "a reader has no test write"),
        KnownDifference(path: "drive.testWrite.dvd", kind: .driveModel, reason: "a reader has no test write"),
        KnownDifference(path: "drive.maximumReadSpeedKilobytesPerSecond", kind: .driveModel,
                        reason: "page 2Ah: QEMU 8,800 kB/s always; VirtualDrive 8,467 (CD) / 22,160 (DVD)"),
        KnownDifference(path: "notes", kind: .driveModel,
                        reason: "QEMU refuses VPD 80h (5/24/00) and READ BUFFER CAPACITY (5/20/00)"),
    ]

    func testProbesAgreeWithTheVirtualDrive() throws {
        let session = try session()
        let media: [(QEMUPeerSession.Role, String)] = [
            (.cd, "virtual:cd-rom:" + session.iso.path), (.dvd, "virtual:dvd-rom:" + session.dvdImage.path),
            (.empty, "virtual:none"),
        ]
        for (role, drive) in media {
            let virtual = try DiscburnCLI.probe(drive: drive)
            let problems = ProbeComparison.unexpected(peer: try session.probe(role, .block), virtual: virtual,
                                                      allowed: Self.knownDifferences)
            XCTAssertEqual(problems, [], "\(role):\n" + problems.joined(separator: "\n"))
        }
    }

    private func keepTrace(_ role: QEMUPeerSession.Role, _ kind: QEMUPeerSession.NodeKind, as name: String) throws {
        let trace = try XCTUnwrap(try session().trace(role, kind), "no trace for \(role) \(kind)")
        XCTAssertGreaterThan(trace.split(separator: "\n").count, 3, "trace of \(role) through \(kind)")
        try PeerTraceFixtures.keep(trace + "\n", as: name)
    }
}
