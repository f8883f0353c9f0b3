import DiscImage
import Foundation
import XCTest

/// Shared helpers: scratch directories, running tools, building images with xorriso/genisoimage.
enum TestSupport {
    nonisolated(unsafe) static var scratchDirectories: [String] = []

    /// A fresh directory under the system temporary directory, removed when the test process exits.
    static func scratch(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "discimage-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        if scratchDirectories.isEmpty {
            atexit {
                for directory in TestSupport.scratchDirectories {
                    _ = try? TestSupport.run("/bin/rm", ["-rf", directory])
                }
            }
        }
        scratchDirectories.append(path)
        return path
    }

    struct Result {
        var status: Int32
        var exitedNormally: Bool
        var stdout: String
        var stderr: String
    }

    /// Runs a program (looked up in PATH unless absolute) and collects its output.
    @discardableResult
    static func run(_ program: String, _ arguments: [String], cwd: String? = nil) throws -> Result {
        let process = Process()
        if program.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments
        }
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let outPath = NSTemporaryDirectory() + "discimage-out-\(UUID().uuidString)"
        let errPath = outPath + ".err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, exitedNormally: process.terminationReason == .exit,
                      stdout: out, stderr: err)
    }

    /// Runs a shell line; fails the test when it exits non-zero.
    @discardableResult
    static func shell(_ line: String, cwd: String? = nil, file: StaticString = #filePath, line number: UInt = #line)
        throws -> String {
        let result = try run("/bin/sh", ["-c", line], cwd: cwd)
        XCTAssertEqual(result.status, 0, "\(line)\n\(result.stderr)", file: file, line: number)
        return result.stdout
    }

    static func hasTool(_ name: String) -> Bool {
        (try? run("/bin/sh", ["-c", "command -v \(name)"]).status) == 0
    }

    /// The package root, from this file's path (Tests/DiscImageTests/TestSupport.swift).
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// The built `discburn` executable: next to the test bundle, else .build/debug under the package root.
    static var discburn: String? {
        var candidates: [String] = []
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            candidates.append(URL(fileURLWithPath: bundle.bundlePath).deletingLastPathComponent().path + "/discburn")
        }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path + "/discburn")
        candidates.append(packageRoot + "/.build/debug/discburn")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func discburnOrFail(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard let path = discburn else {
            XCTFail("discburn executable not found; run `swift build` first", file: file, line: line)
            throw XCTSkip("no discburn")
        }
        return path
    }

    static func requireTools(_ names: String...) throws {
        for name in names where !hasTool(name) {
            throw XCTSkip("\(name) not installed (apt-get install \(name))")
        }
    }

    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
