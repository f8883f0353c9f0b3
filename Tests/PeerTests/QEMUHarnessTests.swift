import XCTest

/// The QEMU harness: the guest kernel sees three SCSI CD drives through virtio-scsi, sr_mod and sg, reads the ISO
/// through the block layer, and a non-root user can read it too. The busybox steps run in the shared standard
/// guest (QEMUPeerSession: one boot for this class and QEMUProbeTests).
final class QEMUHarnessTests: XCTestCase {
    func testGuestSeesDrivesAndReadsTheISO() throws {
        let session = try QEMUPeerSession.shared.get()
        let run = session.run
        let iso = session.iso
        let expectedMD5 = try md5OfFirst64KiB(iso)
        XCTAssertEqual(run.exitStatus, 0, "harness: \(run.harnessOutput)\nserial:\n\(run.serialLog.suffix(4000))")
        XCTAssertTrue(run.reachedEnd, String(run.serialLog.suffix(4000)))
        let values = run.values

        // Three QEMU drives and the tgt LUNs (burn LUNs and the pressed DVD-ROM), each with an sr and an sg node.
        let driveCount = 3 + BurnLUN.allCases.count + 1
        XCTAssertEqual(values["count.sr"], "\(driveCount)")
        XCTAssertEqual(values["count.sg"], "\(driveCount)")
        // Map by SCSI target id (scsi-id on the QEMU command line), not by srN: numbering is not fixed.
        guard let cd = session.blockNode(.cd), let dvd = session.blockNode(.dvd),
              let empty = session.blockNode(.empty) else {
            return XCTFail("drives by target id missing\n\(run.serialLog.suffix(4000))")
        }
        XCTAssertEqual(values["vendor.\(cd)"], "QEMU")
        XCTAssertEqual(values["model.\(cd)"], "QEMU CD-ROM")
        XCTAssertEqual(values["vendor.\(dvd)"], QEMUPeerSession.dvdVendor)
        XCTAssertEqual(values["model.\(dvd)"], QEMUPeerSession.dvdProduct)
        XCTAssertEqual(values["vendor.\(empty)"], "QEMU")
        // Capacity as the kernel sees it, in 512-byte sectors.
        XCTAssertEqual(values["sectors.\(cd)"], String(try TestMedia.size(of: iso) / 512))
        XCTAssertEqual(values["sectors.\(dvd)"], String(QEMUPeerSession.dvdImageBytes / 512))
        // Empty tray: READ CAPACITY fails (2/3A/00), and sr_mod falls back to 0x1FFFFF blocks of 2048 bytes
        // (drivers/scsi/sr.c get_sectorsize) — 2,097,151 "sectors" in /sys, not 0. Don't trust /sys size alone.
        XCTAssertEqual(values["sectors.\(empty)"], "2097151")
        // Every sg node maps to one of the sr nodes.
        let srNodes = Set(values.filter { $0.key.hasPrefix("target.") }.map(\.value))
        XCTAssertEqual(srNodes.count, driveCount)
        XCTAssertEqual(Set(values.filter { $0.key.hasPrefix("sr_of.") }.map(\.value)), srNodes)
        // tgt's LUNs passed through with scsi-block: the guest kernel sees tgt's own INQUIRY strings.
        for target in BurnLUN.allCases.map(\.rawValue) + [QEMUPeerSession.romTarget] {
            let sr = try XCTUnwrap(values["target.\(target)"], "LUN scsi-id \(target)")
            XCTAssertEqual(values["vendor.\(sr)"], "IET")
            XCTAssertEqual(values["model.\(sr)"], "VIRTUAL-CDROM")
        }
        let rom = try XCTUnwrap(values["target.\(QEMUPeerSession.romTarget)"])
        XCTAssertEqual(values["sectors.\(rom)"], String(try TestMedia.size(of: session.romImage) / 512))

        // The first 64 KiB through the guest's block layer equal the image's, as root and as a non-root user.
        XCTAssertEqual(values["md5.\(cd)"], expectedMD5)
        XCTAssertEqual(values["md5.\(dvd)"], expectedMD5, "the DVD image starts with the same ISO")
        XCTAssertEqual(values["md5.\(empty)"], "error")
        XCTAssertEqual(values["user.id"], "uid=1000(user) gid=1000(user) groups=24(cdrom),1000(user)")
        XCTAssertEqual(values["user.md5"], expectedMD5)
        XCTAssertEqual(values["user.cd"], cd)
    }

    /// The exit-status check's own boot; it may start ahead, beside the standard guest (QEMUPeerSession).
    static let failingGuest = BackgroundBoot(testClass: "QEMUHarnessTests") {
        try QEMUGuest.run(steps: "step fail\nkv before exit\nexit 7\n", drives: [.empty], timeout: 180)
    }

    /// A failing step must fail the run: the steps' exit status comes back through the END marker.
    func testStepsExitStatusReachesTheHost() throws {
        let run = try Self.failingGuest.value()
        XCTAssertTrue(run.reachedEnd, run.serialLog)
        XCTAssertEqual(run.exitStatus, 7, run.harnessOutput)
        XCTAssertEqual(run.values["before"], "exit")
        XCTAssertEqual(run.lines(ofStep: "fail"), ["before=exit"])
    }

    private func md5OfFirst64KiB(_ file: URL) throws -> String {
        let output = try ToolRunner.shell("head -c 65536 '\(file.path)' | md5sum")
        return String(output.text.prefix { $0 != " " })
    }
}
