import Foundation
import XCTest

/// Source trees and the images built from them with xorriso / genisoimage, made once per test run.
final class ImageFixtures: @unchecked Sendable {
    nonisolated(unsafe) private static var cached: ImageFixtures?

    let directory: String
    /// The tree every ordinary image is built from.
    let tree: String
    /// A tree 14 levels deep (beyond ISO 9660's 8), for Rock Ridge relocation.
    let deepTree: String

    static func shared() throws -> ImageFixtures {
        try TestSupport.requireTools("xorriso", "genisoimage")
        if let cached { return cached }
        let made = try ImageFixtures()
        cached = made
        return made
    }

    private init() throws {
        directory = try TestSupport.scratch("fixtures")
        tree = directory + "/tree"
        deepTree = directory + "/deep"
        try Self.makeTree(tree)
        try Self.makeDeepTree(deepTree)
    }

    /// Files with content, permissions, dates, unicode and long names, empty files and dirs, relative symlinks.
    static func makeTree(_ root: String) throws {
        try TestSupport.shell("""
            set -e
            mkdir -p '\(root)/docs/sub dir' '\(root)/empty dir' '\(root)/bin' '\(root)/ünïcödé 文件 ✓'
            printf 'hello\\n' > '\(root)/docs/readme.txt'
            head -c 5000 /dev/urandom > '\(root)/docs/sub dir/random.bin'
            : > '\(root)/docs/empty.txt'
            printf '#!/bin/sh\\necho hi\\n' > '\(root)/bin/run.sh' && chmod 755 '\(root)/bin/run.sh'
            printf 'secret' > '\(root)/docs/private.txt' && chmod 600 '\(root)/docs/private.txt'
            printf 'x' > '\(root)/ünïcödé 文件 ✓/émoji 😀.txt'
            printf 'long' > '\(root)/a file name that is quite a lot longer than sixty-four characters in total.txt'
            head -c 300000 /dev/urandom > '\(root)/docs/big.bin'
            ln -s readme.txt '\(root)/docs/link-to-readme'
            ln -s ../bin/run.sh '\(root)/docs/sub dir/up-link'
            ln -s 'sub dir' '\(root)/docs/dirlink'
            touch -d '2001-02-03 04:05:06 UTC' '\(root)/docs/readme.txt'
            touch -d '1999-12-31 23:59:58 UTC' '\(root)/docs'
            chmod 750 '\(root)/bin'
            """)
    }

    static func makeDeepTree(_ root: String) throws {
        var path = root
        for level in 1...14 { path += "/level\(level)" }
        try TestSupport.shell("mkdir -p '\(path)' && printf deep > '\(path)/bottom.txt' && "
            + "printf top > '\(root)/top.txt' && printf mid > '\(root)/level1/level2/level3/level4/level5/mid.txt'")
    }

    private var built: [String: String] = [:]

    /// Builds (once) an image named `name` with the given shell command; `OUT` in the command is the image path.
    func image(_ name: String, _ command: String) throws -> String {
        if let path = built[name] { return path }
        let path = directory + "/" + name
        let line = command.replacingOccurrences(of: "OUT", with: "'\(path)'")
        try TestSupport.shell(line + " 2>/dev/null")
        built[name] = path
        return path
    }

    func rockRidgeJoliet() throws -> String {
        try image("rr-joliet.iso", "xorriso -as mkisofs -R -J -joliet-long -V RRJOLIET -o OUT '\(tree)'")
    }

    func jolietOnly() throws -> String {
        try image("joliet.iso", "genisoimage -J -joliet-long -V JOLIET -o OUT '\(tree)'")
    }

    func rockRidgeGenisoimage() throws -> String {
        try image("rr-geniso.iso", "genisoimage -R -V RRGENISO -o OUT '\(tree)'")
    }

    func plainISO() throws -> String {
        try image("plain.iso", "genisoimage -V PLAIN -o OUT '\(tree)'")
    }

    func deepXorriso() throws -> String {
        try image("deep-xorriso.iso", "xorriso -as mkisofs -R -o OUT '\(deepTree)'")
    }

    func deepGenisoimage() throws -> String {
        try image("deep-geniso.iso", "genisoimage -R -o OUT '\(deepTree)'")
    }

    func udfBridge() throws -> String {
        try image("udf-bridge.iso", "genisoimage -udf -R -J -V 'UDF BRIDGE' -o OUT '\(tree)'")
    }

    /// El Torito BIOS + UEFI entries with an isohybrid MBR and GPT. The MBR boot code is 432 zero bytes: the
    /// layout is what is checked, not that it boots (so no syslinux package is needed).
    func bootable() throws -> String {
        let boot = directory + "/bootsrc"
        try TestSupport.shell("mkdir -p '\(boot)/boot' && head -c 2048 /dev/urandom > '\(boot)/boot/bios.img' && "
            + "head -c 65536 /dev/zero > '\(boot)/boot/efi.img' && head -c 432 /dev/zero > '\(directory)/mbr.bin'")
        return try image("boot.iso", "xorriso -as mkisofs -R -J -V BOOTABLE -b boot/bios.img -no-emul-boot "
            + "-boot-load-size 4 -eltorito-alt-boot -e boot/efi.img -no-emul-boot -isohybrid-gpt-basdat "
            + "-isohybrid-mbr '\(directory)/mbr.bin' -o OUT '\(boot)'")
    }

    /// A bin/cue pair: the Rock Ridge image re-laid as raw MODE1/2352 sectors (sync, header, data, zero EDC/ECC).
    func binCue() throws -> (cue: String, bin: String) {
        let iso = try rockRidgeJoliet()
        let bin = directory + "/disc.bin"
        let cue = directory + "/disc.cue"
        if !FileManager.default.fileExists(atPath: cue) {
            let data = try Data(contentsOf: URL(fileURLWithPath: iso))
            var raw = Data(capacity: data.count / 2048 * 2352)
            let sync: [UInt8] = [0x00] + [UInt8](repeating: 0xFF, count: 10) + [0x00]
            for sector in 0..<(data.count / 2048) {
                let lba = sector + 150
                raw.append(contentsOf: sync)
                raw.append(contentsOf: [bcd(lba / 75 / 60), bcd(lba / 75 % 60), bcd(lba % 75), 0x01])
                raw.append(data[(sector * 2048)..<((sector + 1) * 2048)])
                raw.append(contentsOf: [UInt8](repeating: 0, count: 288))
            }
            try raw.write(to: URL(fileURLWithPath: bin))
            try TestSupport.write("FILE \"disc.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n",
                                  to: cue)
        }
        return (cue, bin)
    }

    private func bcd(_ value: Int) -> UInt8 { UInt8((value / 10) << 4 | (value % 10)) }
}
