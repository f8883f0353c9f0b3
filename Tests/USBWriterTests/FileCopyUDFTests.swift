import Foundation
@testable import USBWriter
import XCTest

/// Issue 16 point 2 with UDF: the file-copy stick from a UDF-only image and from a Windows-layout bridge (ISO 9660
/// side: README.TXT only; UDF side: boot/, efi/boot/bootx64.efi, sources/install.wim), checked from outside with
/// mdir, mcopy/mtype and `fsck.fat -n`.
extension FileCopyStickTests {
    static let udfFiles: [String: [UInt8]] = [
        "README.TXT": Array("This disc contains a UDF file system.\n".utf8),
        "boot/bcd": random(20_000, seed: 51), "efi/boot/bootx64.efi": random(5_000, seed: 52),
        "efi/microsoft/boot/efisys.bin": [UInt8](repeating: 0, count: 65_536),
        "sources/install.wim": random(1_500_000, seed: 53), "setup.exe": random(70_000, seed: 54),
    ]

    /// genisoimage -udf -J (with a UEFI El Torito entry when `elTorito`), then byte patches: `udfOnly` turns the
    /// ISO 9660 descriptors into BEA01; otherwise the ISO 9660 and Joliet roots are cut to README.TXT.
    static func udfImage(udfOnly: Bool, elTorito: Bool) throws -> URL {
        let root = try FileCopyFixtures.directory("udfstick")
        let tree = root.appendingPathComponent("tree")
        for (path, bytes) in Self.udfFiles { try FileCopyFixtures.write(bytes, tree, path) }
        let iso = root.appendingPathComponent("image.iso")
        let boot = elTorito ? ["-e", "efi/microsoft/boot/efisys.bin", "-no-emul-boot"] : []
        try FileCopyFixtures.run("genisoimage", package: "genisoimage",
                                 ["-quiet", "-udf", "-J", "-V", "CCCOMA_X64FRE"] + boot + ["-o", iso.path, tree.path])
        var bytes = [UInt8](try Data(contentsOf: iso))
        for block in 16..<19 where Array(bytes[(block * 2048 + 1)..<(block * 2048 + 6)]) == Array("CD001".utf8) {
            let kind = bytes[block * 2048]
            if udfOnly {
                bytes.replaceSubrange((block * 2048 + 1)..<(block * 2048 + 6), with: Array("BEA01".utf8))
            } else if kind == 1 || kind == 2 {
                Self.cutRoot(&bytes, extent: Int(FileCopyFixtures.le32(bytes, block * 2048 + 158)) * 2048)
            }
        }
        try Data(bytes).write(to: iso)
        return iso
    }

    /// Keeps ".", ".." and README.TXT in one ISO 9660 directory block.
    static func cutRoot(_ bytes: inout [UInt8], extent: Int) {
        var kept: [UInt8] = []
        var offset = 0
        while offset < 2048, bytes[extent + offset] != 0 {
            let record = Array(bytes[(extent + offset)..<(extent + offset + Int(bytes[extent + offset]))])
            let name = String(decoding: record[33..<(33 + Int(record[32]))].filter { $0 != 0 }, as: UTF8.self)
            if (record[32] == 1 && record[33] <= 1) || name.hasPrefix("README.TXT") { kept += record }
            offset += record.count
        }
        bytes.replaceSubrange(extent..<(extent + 2048), with: kept + [UInt8](repeating: 0, count: 2048 - kept.count))
    }

    func checkUDFStick(_ loop: LoopDevice, sizeBytes: UInt64) throws {
        let disk = loop.contents
        let layout = try XCTUnwrap(GPTLayout(diskBytes: sizeBytes, partitionName: "CCCOMA_X64F"))
        try checkGPT(disk, layout: layout)
        try checkFsck(disk, layout: layout)
        let stick = loop.backing.path + "@@\(layout.partitionOffsetBytes)"
        let listing = try FileCopyFixtures.run("mdir", package: "mtools", ["-/", "-b", "-i", stick, "::/"])
        for path in Self.udfFiles.keys {
            XCTAssertTrue(listing.lowercased().contains("::/" + path.lowercased()), "\(path) in \(listing)")
        }
        for (path, bytes) in Self.udfFiles {
            let out = try FileCopyFixtures.directory("udfmcopy").appendingPathComponent("file")
            try FileCopyFixtures.run("mcopy", package: "mtools", ["-n", "-i", stick, "::/" + path, out.path])
            XCTAssertTrue([UInt8](try Data(contentsOf: out)) == bytes, path)
        }
        XCTAssertEqual(try FileCopyFixtures.run("mtype", package: "mtools", ["-i", stick, "::/README.TXT"]),
                       "This disc contains a UDF file system.\n")
    }

    /// UDF only, no El Torito: the automatic choice is the file copy, from the UDF tree.
    func testUDFOnlyImageIsCopiedFileByFileFromItsUDFTree() throws {
        let iso = try Self.udfImage(udfOnly: true, elTorito: false)
        let loop = try LoopDevice(bytes: 64 << 20)
        let outcome = try CLI.run(["usb", "write", iso.path, "--device", loop.path, "--yes", "--allow-fixed"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("Method: files (a UDF-only image"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("files from the UDF tree (the image has no ISO 9660 file system)"),
                      outcome.stdout)
        try checkUDFStick(loop, sizeBytes: 64 << 20)
    }

    /// A Windows ISO's shape: UEFI El Torito, no MBR/GPT, ISO 9660 side README.TXT only. The automatic choice is
    /// the file copy, and its files come from UDF because the ISO 9660 tree lacks them.
    func testWindowsLayoutBridgeIsCopiedFromItsUDFTree() throws {
        let iso = try Self.udfImage(udfOnly: false, elTorito: true)
        let loop = try LoopDevice(bytes: 64 << 20)
        let outcome = try CLI.run(["usb", "write", iso.path, "--device", loop.path, "--yes", "--allow-fixed"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.contains("Method: files (El Torito with a UEFI entry"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("files from the UDF tree: it holds"), outcome.stdout)
        try checkUDFStick(loop, sizeBytes: 64 << 20)
    }
}

extension MethodChoiceTests {
    /// A UDF-only image (no CD001, no MBR/GPT): file copy by default, `udfOnly` and its UDF volume name in the
    /// facts; gzip-compressed it is neither, so it stays refused.
    func testUDFOnlyImageChoosesFileCopy() throws {
        let iso = try FileCopyStickTests.udfImage(udfOnly: true, elTorito: false)
        let facts = try ImageFacts.inspect(path: iso.path)
        XCTAssertEqual(facts.kind, .unknown)
        XCTAssertTrue(facts.udfOnly)
        XCTAssertEqual(facts.volumeId, "CCCOMA_X64FRE")
        let choice = try MethodChoice.choose(facts, forced: nil, force: false)
        XCTAssertEqual(choice.method, .files)
        XCTAssertTrue(choice.reason.contains("UDF-only"), choice.reason)
        XCTAssertEqual(try MethodChoice.choose(facts, forced: .files, force: false).method, .files)
        let gz = try temporaryFile("udf.iso.gz", Compressors.gzip([UInt8](Data(contentsOf: iso))))
        XCTAssertThrowsError(try choose(gz))
        XCTAssertThrowsError(try choose(gz, forced: .files))
    }
}
