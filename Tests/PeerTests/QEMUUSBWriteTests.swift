import Foundation
import XCTest

/// `discburn usb list` / `usb write` in the QEMU guest against real kernel block devices: a 16 MiB USB stick and
/// a 1 MiB one (usb-storage on qemu-xhci, removable=on), and a virtio disk standing for the system disk (partition
/// 1 mounted, partition 2 active swap). One boot; the steps record every outcome and the host checks the bytes
/// of the backing files afterwards.
final class QEMUUSBWriteTests: XCTestCase {
    struct Fixture {
        let directory: URL
        let image: [UInt8]
        let run: QEMUGuest.Run
        let systemBefore: [UInt8]

        func file(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: directory.appendingPathComponent(name))) }

        func cli(_ label: String) -> (status: Int32?, stdout: String, stderr: String) {
            (run.values["\(label).rc"].flatMap(Int32.init), run.block(named: "\(label).stdout") ?? "",
             run.block(named: "\(label).stderr") ?? "")
        }
    }

    nonisolated(unsafe) private static var fixtureDirectory: String?

    /// The one boot of this class; it may start ahead, beside the standard guest (QEMUPeerSession).
    static let guest = BackgroundBoot(testClass: "QEMUUSBWriteTests") { try makeFixture() }

    private func boot() throws -> Fixture { try Self.guest.value() }

    static let steps = """
        step devices
        n=0
        while [ $n -lt 200 ]; do
            [ -b /dev/vda2 ] && [ "$(ls /sys/block | grep -c '^sd')" -ge 2 ] && break
            n=$((n + 1)); sleep 0.1
        done
        for d in /sys/block/sd*; do
            if [ "$(cat "$d/size")" -gt 8192 ]; then kv stick "/dev/${d##*/}"; else kv small "/dev/${d##*/}"; fi
        done
        step system
        mkswap /dev/vda2 >/dev/null && swapon /dev/vda2; kv swapon.rc $?
        mkdir -p /mnt/sys && mount -t iso9660 -o ro /dev/vda1 /mnt/sys; kv mount.rc $?
        stick=""; small=""
        for d in /sys/block/sd*; do
            if [ "$(cat "$d/size")" -gt 8192 ]; then stick="/dev/${d##*/}"; else small="/dev/${d##*/}"; fi
        done
        step list
        discburn_run list usb list --json
        discburn_run list.all usb list --all --json
        step refusals
        discburn_run refuse.system usb write /images/image.iso --device /dev/vda --yes
        discburn_run refuse.partition usb write /images/image.iso --device /dev/vda1 --yes
        discburn_run refuse.small usb write /images/image.iso --device "$small" --yes
        discburn_run refuse.consent usb write /images/image.iso --device "$stick" < /dev/null
        discburn_run refuse.notblock usb write /images/image.iso --device /images/image.iso --yes
        step write
        discburn_run write usb write /images/image.iso --device "$stick" --yes
        kv write.md5 "$(head -c @IMAGE_BYTES@ "$stick" | md5sum | cut -d' ' -f1)"
        step mounted
        mkdir -p /mnt/stick && mount -t iso9660 -o ro "$stick" /mnt/stick
        kv stick.mounted "$(grep -c /mnt/stick /proc/mounts)"
        # Past the first MiB the stick is zeroed, so the compressed write has to put those bytes back.
        dd if=/dev/zero of="$stick" bs=65536 seek=16 count=48 2>/dev/null
        discburn_run write.gz usb write /images/image.iso.gz --device "$stick" --yes --json
        kv stick.mounted.after "$(grep -c /mnt/stick /proc/mounts)"
        """

    private static func makeFixture() throws -> Fixture {
        let discburn = try DiscburnCLI.binary()
        let directory = try PeerEnvironment.makeTemporaryDirectory(prefix: "discburn-qemu-usb")
        fixtureDirectory = directory.path
        atexit {
            if let path = QEMUUSBWriteTests.fixtureDirectory { try? FileManager.default.removeItem(atPath: path) }
        }
        let iso = directory.appendingPathComponent("image.iso")
        try TestMedia.makeISO(at: iso, volumeID: "USBSTICK", payloadBytes: 2 << 20)
        var image = [UInt8](try Data(contentsOf: iso))
        // An isohybrid-style MBR: one bootable partition over the image, in the ISO's free system area.
        let sectors = UInt32(image.count / 512)
        image.replaceSubrange(446..<462, with: [0x80, 0, 2, 0, 0x17, 0xFE, 0xFF, 0xFF, 0, 0, 0, 0]
                                + withUnsafeBytes(of: sectors.littleEndian, Array.init))
        image[510] = 0x55
        image[511] = 0xAA
        try Data(image).write(to: iso)
        try ToolRunner.run("/bin/gzip", ["-k", "-f", iso.path])
        for (name, bytes) in [("stick.img", 16 << 20), ("small.img", 1 << 20), ("system.img", 32 << 20)] {
            FileManager.default.createFile(atPath: directory.appendingPathComponent(name).path, contents: nil)
            guard truncate(directory.appendingPathComponent(name).path, off_t(bytes)) == 0 else {
                throw PeerError.system("truncate \(name)", errno)
            }
        }
        let system = directory.appendingPathComponent("system.img")
        try writeSystemDisk(system, partitionOne: image)
        let systemBefore = [UInt8](try Data(contentsOf: system))
        let steps = directory.appendingPathComponent("steps.sh")
        try Data(Self.steps.replacingOccurrences(of: "@IMAGE_BYTES@", with: "\(image.count)").utf8).write(to: steps)
        var arguments = [QEMUGuest.scriptDirectory.appendingPathComponent("run-guest.sh").path,
                         "--out", directory.appendingPathComponent("out").path, "--steps", steps.path,
                         "--timeout", "240", "--memory", "1024", "--binary", discburn.path,
                         "--file", "\(iso.path):/images/image.iso", "--file", "\(iso.path).gz:/images/image.iso.gz"]
            + (try QEMUGuest.commonArguments())
        for module in ["usb-storage", "xhci-pci", "sd_mod", "virtio_blk"] { arguments += ["--module", module] }
        let qemu = ["-device", "qemu-xhci,id=xhci",
                    "-drive", "if=none,id=stick,format=raw,file=\(directory.path)/stick.img",
                    "-device", "usb-storage,bus=xhci.0,drive=stick,removable=on",
                    "-drive", "if=none,id=small,format=raw,file=\(directory.path)/small.img",
                    "-device", "usb-storage,bus=xhci.0,drive=small,removable=on",
                    "-drive", "if=none,id=sys,format=raw,file=\(system.path)",
                    "-device", "virtio-blk-pci,drive=sys"]
        for argument in qemu { arguments += ["--qemu-arg", argument] }
        let bash = try PeerEnvironment.requireTool("bash", package: "bash")
        _ = try PeerEnvironment.requireTool("qemu-system-x86_64", package: "qemu-system-x86")
        let harness = try ToolRunner.run(bash, arguments, timeout: 540, check: false)
        let serial = (try? String(contentsOf: directory.appendingPathComponent("out/serial.log"), encoding: .utf8)) ?? ""
        let run = QEMUGuest.Run(serialLog: serial.replacingOccurrences(of: "\r", with: ""),
                                exitStatus: harness.status, timing: [:], harnessOutput: harness.text)
        guard run.reachedEnd else {
            throw PeerError.notReady("the USB guest did not finish: \(harness.text)\n\(serial.suffix(3000))")
        }
        return Fixture(directory: directory, image: image, run: run, systemBefore: systemBefore)
    }

    /// MBR with partition 1 (Linux, 4 MiB from sector 2048, holding an ISO to mount) and 2 (swap, 4 MiB).
    private static func writeSystemDisk(_ url: URL, partitionOne: [UInt8]) throws {
        func entry(type: UInt8, start: UInt32, count: UInt32) -> [UInt8] {
            [0, 0, 0, 0, type, 0, 0, 0] + withUnsafeBytes(of: start.littleEndian, Array.init)
                + withUnsafeBytes(of: count.littleEndian, Array.init)
        }
        let handle = try FileHandle(forUpdating: url)
        defer { try? handle.close() }
        try handle.seek(toOffset: 446)
        handle.write(Data(entry(type: 0x83, start: 2048, count: 8192) + entry(type: 0x82, start: 10240, count: 8192)))
        try handle.seek(toOffset: 510)
        handle.write(Data([0x55, 0xAA]))
        try handle.seek(toOffset: 2048 * 512)
        handle.write(Data(partitionOne))
    }

    func testListShowsTheSticksAndNotTheSystemDisk() throws {
        let f = try boot()
        XCTAssertEqual(f.run.values["swapon.rc"], "0")
        XCTAssertEqual(f.run.values["mount.rc"], "0")
        let list = f.cli("list")
        XCTAssertEqual(list.status, 0, list.stderr)
        let rows = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])?["disks"] as? [[String: Any]])
        let paths = Set(rows.compactMap { $0["path"] as? String })
        XCTAssertEqual(paths, Set([f.run.values["stick"], f.run.values["small"]].compactMap { $0 }), list.stdout)
        XCTAssertTrue(rows.allSatisfy { $0["bus"] as? String == "usb" && $0["removable"] as? Bool == true })
        let all = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(f.cli("list.all").stdout.utf8)) as? [String: Any])?["disks"] as? [[String: Any]])
        let vda = try XCTUnwrap(all.first { $0["path"] as? String == "/dev/vda" })
        XCTAssertEqual(vda["writable"] as? Bool, false)
        let reasons = (vda["refusals"] as? [String] ?? []).joined(separator: " | ")
        XCTAssertTrue(reasons.contains("system disk"), reasons)
    }

    func testRefusalsChangeNothing() throws {
        let f = try boot()
        let expectations = [("refuse.system", "is a system disk: it holds active swap (vda2)"),
                            ("refuse.partition", "is a partition of /dev/vda"),
                            ("refuse.small", "is too small"),
                            ("refuse.consent", "no terminal to confirm"),
                            ("refuse.notblock", "not a block device")]
        for (label, text) in expectations {
            let outcome = f.cli(label)
            XCTAssertEqual(outcome.status, 1, "\(label): \(outcome.stderr)")
            XCTAssertTrue(outcome.stderr.contains(text), "\(label): \(outcome.stderr)")
            XCTAssertEqual(outcome.stderr.split(separator: "\n").count, 1, "\(label): \(outcome.stderr)")
        }
        XCTAssertTrue(try f.file("small.img").allSatisfy { $0 == 0 }, "the small stick was written")
        let system = try f.file("system.img")
        XCTAssertTrue(system[..<(10240 * 512)] == f.systemBefore[..<(10240 * 512)], "the system disk changed")
    }

    func testWriteWithConsentAndCompressedImageGiveTheImageBytes() throws {
        let f = try boot()
        let write = f.cli("write")
        XCTAssertEqual(write.status, 0, write.stderr)
        XCTAssertTrue(write.stdout.contains("Verify: match"), write.stdout)
        XCTAssertTrue(write.stdout.contains("safe to remove"), write.stdout)
        let md5 = try ToolRunner.shell("md5sum '\(f.directory.path)/image.iso' | cut -d' ' -f1").text
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(f.run.values["write.md5"], md5)
        let gz = f.cli("write.gz")
        XCTAssertEqual(gz.status, 0, gz.stderr)
        XCTAssertEqual(f.run.values["stick.mounted"], "1")
        XCTAssertEqual(f.run.values["stick.mounted.after"], "0", "the mounted stick was not unmounted with --yes")
        let stick = try f.file("stick.img")
        XCTAssertTrue(Array(stick[..<f.image.count]) == f.image, "the stick does not start with the image bytes")
    }
}
