import Foundation
import XCTest

/// ISO images built with xorriso (Debian package xorriso, installed by .ci/run).
enum TestISO {
    enum Boot { case none, bios, uefi }

    static func make(boot: Boot = .none, payloadBytes: Int = 200_000, hybridMBR: Bool = false) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("usbiso-\(UUID().uuidString)")
        let tree = directory.appendingPathComponent("tree")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        try Data(patterned(payloadBytes)).write(to: tree.appendingPathComponent("payload"))
        try Data(count: 65536).write(to: tree.appendingPathComponent("boot.img"))
        let image = directory.appendingPathComponent("test.iso")
        var arguments = ["-as", "mkisofs", "-quiet", "-R", "-V", "USBTEST"]
        switch boot {
        case .none: break
        case .bios: arguments += ["-b", "boot.img", "-no-emul-boot"]
        case .uefi: arguments += ["-e", "boot.img", "-no-emul-boot"]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xorriso")
        process.arguments = arguments + ["-o", image.path, tree.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "xorriso (Debian package xorriso) is needed")
        if hybridMBR { try addMBR(image) }
        return image
    }

    /// An isohybrid-style MBR in the ISO's free system area: one bootable partition entry and 55 AA.
    static func addMBR(_ image: URL) throws {
        let handle = try FileHandle(forUpdating: image)
        defer { try? handle.close() }
        try handle.seek(toOffset: 446)
        handle.write(Data([0x80, 0, 2, 0, 0x17, 0xFE, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 1, 0]))
        try handle.seek(toOffset: 510)
        handle.write(Data([0x55, 0xAA]))
    }
}
