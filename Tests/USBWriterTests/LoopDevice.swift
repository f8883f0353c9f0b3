import Foundation
import XCTest

/// A loop device over a file (root only: tests skip otherwise). Detached by `detach()` / deinit.
final class LoopDevice {
    let backing: URL
    let path: String

    init(bytes: Int, partitioned: Bool = false, readOnly: Bool = false) throws {
        guard geteuid() == 0 else { throw XCTSkip("loop devices need root") }
        backing = try temporaryFile("loop.img", [])
        XCTAssertEqual(truncate(backing.path, off_t(bytes)), 0)
        if partitioned { try Self.writeMBR(backing, sectors: UInt32(bytes / 512 - 2048)) }
        let output = try Self.run("/usr/sbin/losetup", ["-f", "--show"] + (partitioned ? ["-P"] : []) + (readOnly ? ["-r"] : []) + [backing.path])
        guard output.status == 0, output.text.hasPrefix("/dev/loop") else {
            throw XCTSkip("losetup failed: \(output.text)")
        }
        path = output.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if partitioned {
            for _ in 0..<50 where !FileManager.default.fileExists(atPath: path + "p1") { usleep(20_000) }
        }
    }

    deinit { _ = try? Self.run("/usr/sbin/losetup", ["-d", path]) }

    var contents: [UInt8] { (try? [UInt8](Data(contentsOf: backing))) ?? [] }

    /// One Linux partition from sector 2048 (an MBR written by hand: no sfdisk needed).
    static func writeMBR(_ file: URL, sectors: UInt32) throws {
        var entry: [UInt8] = [0, 0, 0, 0, 0x83, 0, 0, 0]
        entry += withUnsafeBytes(of: UInt32(2048).littleEndian, Array.init)
        entry += withUnsafeBytes(of: sectors.littleEndian, Array.init)
        let handle = try FileHandle(forUpdating: file)
        defer { try? handle.close() }
        try handle.seek(toOffset: 446)
        handle.write(Data(entry))
        try handle.seek(toOffset: 510)
        handle.write(Data([0x55, 0xAA]))
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
