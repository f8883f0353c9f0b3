import Foundation
import XCTest

/// Trees, ISOs and checks for the file-copy tests. The tools come from Debian packages the README lists:
/// xorriso, dosfstools, mtools, wimtools, grub-efi-amd64-bin + grub-common, ovmf. A missing one fails the test.
enum FileCopyFixtures {
    static func tool(_ name: String, package: String) throws -> String {
        for directory in ["/usr/bin", "/usr/sbin", "/bin", "/sbin"] where
            FileManager.default.isExecutableFile(atPath: directory + "/" + name) {
            return directory + "/" + name
        }
        XCTFail("\(name) is missing: install the Debian package \(package)")
        throw CocoaError(.fileNoSuchFile)
    }

    /// Runs a tool; fails the test (and throws) on a non-zero exit.
    @discardableResult
    static func run(_ name: String, package: String, _ arguments: [String], file: StaticString = #filePath,
                    line: UInt = #line) throws -> String {
        let output = try LoopDevice.run(try tool(name, package: package), arguments)
        guard output.status == 0 else {
            XCTFail("\(name) \(arguments.joined(separator: " ")): \(output.text)", file: file, line: line)
            throw CocoaError(.executableLoad)
        }
        return output.text
    }

    static func directory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ bytes: [UInt8], _ root: URL, _ path: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// xorriso -as mkisofs with a UEFI El Torito entry (`-e`), no MBR/GPT: the Windows installer's shape.
    static func makeISO(_ tree: URL, volumeId: String, efiImage: String, nameOptions: [String],
                        extra: [String] = []) throws -> URL {
        let iso = tree.deletingLastPathComponent().appendingPathComponent("\(UUID().uuidString).iso")
        try run("xorriso", package: "xorriso", ["-as", "mkisofs", "-quiet"] + nameOptions + extra
                + ["-V", volumeId, "-e", efiImage, "-no-emul-boot", "-o", iso.path, tree.path])
        return iso
    }

    static let mtoolsEnvironment = ["MTOOLS_SKIP_CHECK": "1"]

    static func le16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }
    static func le32(_ b: [UInt8], _ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(b[at + $1]) << (8 * $1) } }
}
