import Foundation
import XCTest

/// Runs the built `discburn` binary the way a user would and captures what it prints.
struct CLIRunner {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutData: Data
    }

    static var binary: URL {
        Bundle.main.bundleURL.appendingPathComponent("discburn")
    }

    static func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain stdout on another thread while reading stderr here, so a large output cannot block the child.
        let outBox = DataBox()
        let reader = Thread { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); outBox.done.signal() }
        reader.start()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        outBox.done.wait()
        let outData = outBox.data
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self), stdoutData: outData)
    }

    /// Runs a `--json` command that must succeed and returns its last event (the result).
    static func json(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let outcome = try run(arguments)
        XCTAssertEqual(outcome.status, 0, "discburn \(arguments.joined(separator: " ")): \(outcome.stderr)",
                       file: file, line: line)
        return try XCTUnwrap(try jsonLines(outcome.stdout, file: file, line: line).last, "no JSON on stdout",
                             file: file, line: line)
    }

    /// Every line of `--json` output: one compact object per line, each with `event`, `schemaVersion` 1 and a
    /// `drive` key (null for commands without a drive).
    static func jsonLines(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        try text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0).map {
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any],
                                       "not a JSON object: \($0)", file: file, line: line)
            XCTAssertNotNil(object["event"] as? String, "no event: \($0)", file: file, line: line)
            XCTAssertEqual(object["schemaVersion"] as? Int, 1, "no schemaVersion: \($0)", file: file, line: line)
            XCTAssertTrue(object.keys.contains("drive"), "no drive key: \($0)", file: file, line: line)
            return object
        }
    }
}

private final class DataBox: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
}

func temporaryDirectory(_ name: String = #function) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("discburn-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// An ISO 9660 + Rock Ridge image of `files` patterned files of `bytes` each, built with xorriso (Debian package
/// xorriso, installed by .ci/run).
func makeTestISO(in dir: URL, name: String, files: Int, bytes: Int, factor: Int) throws -> URL {
    let tree = dir.appendingPathComponent("tree-\(name)")
    try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
    for i in 0..<files {
        try Data((0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* (i + factor)) }).write(to: tree.appendingPathComponent("f\(i)"))
    }
    let image = dir.appendingPathComponent(name)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/xorriso")
    p.arguments = ["-as", "mkisofs", "-quiet", "-R", "-V", "CLITEST", "-o", image.path, tree.path]
    p.standardError = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    XCTAssertEqual(p.terminationStatus, 0, "xorriso (Debian package xorriso) is needed")
    return image
}
