import Foundation
@testable import USBWriter
import XCTest

/// The issue 16 proof: a non-hybrid UEFI ISO (xorriso -e efiboot.img -no-emul-boot, no MBR/GPT), written with
/// `usb write --yes --method files` to a loop device, boots in QEMU with OVMF (TCG) from the stick's FAT32
/// partition: GRUB prints a marker on the serial console and halts.
///
/// The ISO's own El Torito image holds a GRUB with a different marker: OVMF's partition driver also boots El
/// Torito on a USB disk (a raw copy boots in OVMF 2022.11, unlike much real firmware), so the FAT marker shows
/// the firmware loaded \EFI\BOOT\BOOTX64.EFI from the copied files. Tools: grub-common (grub-mkstandalone),
/// grub-efi-amd64-bin, dosfstools, mtools, xorriso, ovmf, qemu-system-x86; a missing one is a failure.
final class UEFIBootTests: XCTestCase {
    static let fatMarker = "DISCBURN-FAT32-STICK-BOOTED"
    static let elToritoMarker = "DISCBURN-ELTORITO-IMAGE-BOOTED"
    static let ovmfCode = "/usr/share/OVMF/OVMF_CODE.fd"
    static let ovmfVars = "/usr/share/OVMF/OVMF_VARS.fd"

    override func setUp() { setenv("MTOOLS_SKIP_CHECK", "1", 1) }

    /// A GRUB EFI program whose embedded grub.cfg echoes `marker` (to the firmware console, which OVMF copies
    /// to the serial port) and halts (EFI ResetSystem: QEMU exits).
    func grubProgram(marker: String, in directory: URL) throws -> URL {
        XCTAssertTrue(FileManager.default.fileExists(atPath: "/usr/lib/grub/x86_64-efi/kernel.img"),
                      "GRUB's x86_64-efi modules are missing: install the Debian package grub-efi-amd64-bin")
        let config = directory.appendingPathComponent("grub-\(marker).cfg")
        try Data("echo \(marker)\nhalt\n".utf8).write(to: config)
        let program = directory.appendingPathComponent("\(marker).efi")
        try FileCopyFixtures.run("grub-mkstandalone", package: "grub-common", [
            "-O", "x86_64-efi", "-o", program.path, "--modules=", "--install-modules=normal echo halt configfile",
            "--locales=", "--themes=", "--fonts=", "boot/grub/grub.cfg=\(config.path)"])
        return program
    }

    func makeISO() throws -> URL {
        let root = try FileCopyFixtures.directory("uefiboot")
        let tree = root.appendingPathComponent("tree")
        let fatProgram = try grubProgram(marker: Self.fatMarker, in: root)
        let elTorito = try grubProgram(marker: Self.elToritoMarker, in: root)
        try FileCopyFixtures.write([UInt8](try Data(contentsOf: fatProgram)), tree, "EFI/BOOT/BOOTX64.EFI")
        try FileCopyFixtures.write(Array("a file beside the boot loader\n".utf8), tree, "readme.txt")
        let efiboot = tree.appendingPathComponent("efiboot.img")
        try FileCopyFixtures.run("mkfs.fat", package: "dosfstools", ["-C", efiboot.path, "4096"])
        try FileCopyFixtures.run("mmd", package: "mtools", ["-i", efiboot.path, "::/EFI", "::/EFI/BOOT"])
        try FileCopyFixtures.run("mcopy", package: "mtools", ["-i", efiboot.path, elTorito.path, "::/EFI/BOOT/BOOTX64.EFI"])
        return try FileCopyFixtures.makeISO(tree, volumeId: "UEFI_BOOT_TEST", efiImage: "efiboot.img",
                                            nameOptions: ["-R", "-J"])
    }

    /// OVMF under TCG boots `disk` as a USB stick; returns the serial console once QEMU exits (GRUB's halt) or
    /// `timeout -s KILL` ends it. QEMU is stopped by its PID if the test leaves early.
    func bootWithOVMF(_ disk: URL) throws -> String {
        for path in [Self.ovmfCode, Self.ovmfVars] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: path), "\(path) is missing: install the Debian package ovmf")
        }
        let work = try FileCopyFixtures.directory("ovmf")
        let vars = work.appendingPathComponent("OVMF_VARS.fd")
        try FileManager.default.copyItem(atPath: Self.ovmfVars, toPath: vars.path)
        let console = work.appendingPathComponent("serial.txt")
        FileManager.default.createFile(atPath: console.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["-s", "KILL", "300",
                             try FileCopyFixtures.tool("qemu-system-x86_64", package: "qemu-system-x86"),
                             "-machine", "q35", "-accel", "tcg", "-m", "256", "-nographic", "-net", "none", "-snapshot",
                             "-drive", "if=pflash,format=raw,readonly=on,file=\(Self.ovmfCode)",
                             "-drive", "if=pflash,format=raw,file=\(vars.path)",
                             "-device", "qemu-xhci", "-device", "usb-storage,drive=stick",
                             "-drive", "if=none,id=stick,format=raw,file=\(disk.path)"]
        process.standardOutput = try FileHandle(forWritingTo: console)
        process.standardError = process.standardOutput
        process.standardInput = FileHandle.nullDevice
        try process.run()
        defer {
            // timeout forwards SIGTERM to QEMU.
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            process.waitUntilExit()
        }
        process.waitUntilExit()
        return String(decoding: try Data(contentsOf: console), as: UTF8.self)
    }

    func testFileCopyStickFromANonHybridUEFIISOBootsInOVMF() throws {
        let iso = try makeISO()
        let facts = try ImageFacts.inspect(path: iso.path)
        XCTAssertEqual(facts.kind, .plainISO, "the test ISO must not be hybrid")
        XCTAssertTrue(facts.elToritoUEFI)
        let loop = try LoopDevice(bytes: 64 << 20)
        let outcome = try CLI.run(["usb", "write", iso.path, "--device", loop.path, "--yes", "--method", "files",
                                   "--allow-fixed"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("Method: files"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("files read back from the stick matches the ISO by SHA-256"), outcome.stdout)
        let console = try bootWithOVMF(loop.backing)
        XCTAssertTrue(console.contains(Self.fatMarker), "no boot marker on the serial console:\n\(console.suffix(2000))")
        XCTAssertFalse(console.contains(Self.elToritoMarker), console)
    }
}
