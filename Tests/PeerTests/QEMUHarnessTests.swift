import XCTest

/// The QEMU harness with busybox-only steps: the guest kernel sees three SCSI CD drives through virtio-scsi,
/// sr_mod and sg, reads the ISO through the block layer, and a non-root user can read it too.
final class QEMUHarnessTests: XCTestCase {
    /// 720 MiB > 703.125 MiB (360,000 blocks): QEMU presents it as DVD-ROM (PEERS.md §2).
    static let dvdImageBytes: UInt64 = 720 << 20

    func testGuestSeesDrivesAndReadsTheISO() throws {
        let media = try PeerEnvironment.makeTemporaryDirectory(prefix: "discburn-qemu-media")
        defer { try? FileManager.default.removeItem(at: media) }
        let iso = media.appendingPathComponent("test.iso")
        try TestMedia.makeISO(at: iso, payloadBytes: 2 << 20)
        let big = media.appendingPathComponent("big.img")
        try makeSparseDVDImage(at: big, startingWith: iso)
        let expectedMD5 = try md5OfFirst64KiB(iso)

        // The built CLI rides along to prove a Swift binary's ldd closure runs in the guest; the probe steps of
        // issue 3 replace the bare run below.
        guard let discburn = PeerEnvironment.builtProduct("discburn") else {
            return XCTFail("the discburn executable is not built next to the tests: run `swift build` first")
        }
        let run = try QEMUGuest.run(steps: Self.steps, drives: [.cd(iso), .dvd(big), .empty],
                                    binaries: [discburn.path], dvdVendor: "DISCBURN", dvdProduct: "PEER-DVD-720M")
        print("QEMU timing: \(run.timing)")
        XCTAssertEqual(run.exitStatus, 0, "harness: \(run.harnessOutput)\nserial:\n\(run.serialLog)")
        XCTAssertTrue(run.reachedEnd, run.serialLog)
        let values = run.values

        // Three drives, each with a block (sr) and a generic (sg) node.
        XCTAssertEqual(values["count.sr"], "3")
        XCTAssertEqual(values["count.sg"], "3")
        // Map by SCSI target id (scsi-id on the QEMU command line), not by srN: numbering is not fixed.
        let byTarget = Dictionary(uniqueKeysWithValues: ["0", "1", "2"].compactMap { id in
            values["target.\(id)"].map { (id, $0) }
        })
        guard let cd = byTarget["0"], let dvd = byTarget["1"], let empty = byTarget["2"] else {
            return XCTFail("drives by target id: \(byTarget)\n\(run.serialLog)")
        }
        XCTAssertEqual(values["vendor.\(cd)"], "QEMU")
        XCTAssertEqual(values["model.\(cd)"], "QEMU CD-ROM")
        XCTAssertEqual(values["vendor.\(dvd)"], "DISCBURN")
        XCTAssertEqual(values["model.\(dvd)"], "PEER-DVD-720M")
        XCTAssertEqual(values["vendor.\(empty)"], "QEMU")
        // Capacity as the kernel sees it, in 512-byte sectors.
        XCTAssertEqual(values["sectors.\(cd)"], String(try TestMedia.size(of: iso) / 512))
        XCTAssertEqual(values["sectors.\(dvd)"], String(Self.dvdImageBytes / 512))
        // Empty tray: READ CAPACITY fails (2/3A/00), and sr_mod falls back to 0x1FFFFF blocks of 2048 bytes
        // (drivers/scsi/sr.c get_sectorsize) — 2,097,151 "sectors" in /sys, not 0. Don't trust /sys size alone.
        XCTAssertEqual(values["sectors.\(empty)"], "2097151")
        // Every sg node maps to one of the sr nodes.
        XCTAssertEqual(Set(["sg0", "sg1", "sg2"].compactMap { values["sr_of.\($0)"] }), Set([cd, dvd, empty]))

        // The first 64 KiB through the guest's block layer equal the image's, as root and as a non-root user.
        XCTAssertEqual(values["md5.\(cd)"], expectedMD5)
        XCTAssertEqual(values["md5.\(dvd)"], expectedMD5, "the DVD image starts with the same ISO")
        XCTAssertEqual(values["md5.\(empty)"], "error")
        XCTAssertEqual(values["user.id"], "uid=1000(user) gid=1000(user) groups=24(cdrom),1000(user)")
        XCTAssertEqual(values["user.md5"], expectedMD5)
        XCTAssertEqual(values["user.cd"], cd)

        // A Swift executable (libswiftCore, Foundation, libiscsi, libcdio ...) starts in the guest.
        XCTAssertEqual(values["swift.rc"], "0", run.lines(ofStep: "swift").joined(separator: "\n"))
        XCTAssertTrue(run.lines(ofStep: "swift").contains { $0.contains("discburn") })
    }

    /// A failing step must fail the run: the steps' exit status comes back through the END marker.
    func testStepsExitStatusReachesTheHost() throws {
        let run = try QEMUGuest.run(steps: "step fail\nkv before exit\nexit 7\n", drives: [.empty], timeout: 180)
        XCTAssertTrue(run.reachedEnd, run.serialLog)
        XCTAssertEqual(run.exitStatus, 7, run.harnessOutput)
        XCTAssertEqual(run.values["before"], "exit")
        XCTAssertEqual(run.lines(ofStep: "fail"), ["before=exit"])
    }

    /// busybox-only steps; values come back as kv lines.
    static let steps = #"""
    step devices
    kv count.sr "$(ls -d /sys/class/block/sr* | wc -l)"
    kv count.sg "$(ls /sys/class/scsi_generic | wc -l)"
    for path in /sys/class/block/sr*; do
        sr=$(basename "$path")
        hctl=$(basename "$(readlink -f "$path/device")")          # host:channel:target:lun
        kv "target.$(echo "$hctl" | cut -d: -f3)" "$sr"
        kv "vendor.$sr" "$(sed 's/ *$//' "$path/device/vendor")"
        kv "model.$sr" "$(sed 's/ *$//' "$path/device/model")"
        kv "sectors.$sr" "$(cat "$path/size")"
    done
    for sg in $(ls /sys/class/scsi_generic); do kv "sr_of.$sg" "$(sr_for_sg "$sg")"; done
    ls -l /dev/sr* /dev/sg*

    step read
    for path in /sys/class/block/sr*; do
        sr=$(basename "$path")
        if sum=$(dd if="/dev/$sr" bs=2048 count=32 2>/tmp/dd.err | md5sum); then :; fi
        if [ -s /tmp/dd.err ] && grep -qi "no medium\|can't open\|error" /tmp/dd.err; then
            kv "md5.$sr" error; kv "error.$sr" "$(head -n1 /tmp/dd.err)"
        else
            kv "md5.$sr" "$(echo "$sum" | cut -d' ' -f1)"
        fi
    done

    step user
    cd_sr=""
    for path in /sys/class/block/sr*; do
        [ "$(basename "$(readlink -f "$path/device")" | cut -d: -f3)" = 0 ] && cd_sr=$(basename "$path")
    done
    kv user.cd "$cd_sr"
    kv user.id "$(as_user id)"
    kv user.md5 "$(as_user sh -c "dd if=/dev/$cd_sr bs=2048 count=32 2>/dev/null | md5sum" | cut -d' ' -f1)"

    step swift
    "$(bin_path discburn)" --help
    kv swift.rc "$?"
    """#

    private func makeSparseDVDImage(at url: URL, startingWith iso: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.write(contentsOf: try Data(contentsOf: iso))
        try handle.truncate(atOffset: Self.dvdImageBytes)
    }

    private func md5OfFirst64KiB(_ file: URL) throws -> String {
        let output = try ToolRunner.shell("head -c 65536 '\(file.path)' | md5sum")
        return String(output.text.prefix { $0 != " " })
    }
}
