import Foundation
import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

/// Builds ISO images with xorriso at test time (installed by .ci/run) and burns them through the library.
enum BurnFixture {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("burn-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An ISO 9660 + Rock Ridge image of `files` pseudo-random files of `fileBytes` each.
    static func makeISO(in dir: URL, files: Int = 20, fileBytes: Int = 30_000, seed: UInt64 = 1) throws -> URL {
        let tree = dir.appendingPathComponent("tree-\(seed)")
        try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
        var state = seed
        for i in 0..<files {
            var bytes = [UInt8](repeating: 0, count: fileBytes)
            for j in bytes.indices {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes[j] = UInt8(truncatingIfNeeded: state >> 33)
            }
            try Data(bytes).write(to: tree.appendingPathComponent("file\(i).bin"))
        }
        let iso = dir.appendingPathComponent("image-\(seed).iso")
        try run("/usr/bin/xorriso", ["-as", "mkisofs", "-quiet", "-R", "-V", "BURNTEST", "-o", iso.path, tree.path])
        return iso
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            throw NSError(domain: "BurnFixture", code: 1, userInfo: [NSLocalizedDescriptionKey:
                "\(tool) is missing: install the Debian package xorriso (.ci/run does)"])
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw NSError(domain: "BurnFixture", code: Int(p.terminationStatus), userInfo: [NSLocalizedDescriptionKey:
                "\(tool) \(arguments.joined(separator: " ")) exited \(p.terminationStatus)"])
        }
    }

    /// Plans and runs a burn; returns the plan and the result, collecting the status events.
    static func burn(_ image: URL, on transport: SCSITransport, options: BurnOptions = BurnOptions(),
                     onStatus: @escaping (BurnStatus, BurnJob) -> Void = { _, _ in }) async throws -> (BurnPlan, BurnResult, [BurnStatus]) {
        let job = BurnJob(drive: OpticalDrive(transport: transport), imagePath: image.path, options: options)
        let plan = try await job.plan()
        var statuses: [BurnStatus] = []
        var result: BurnResult?
        for await event in job.run(plan) {
            switch event {
            case .status(let s):
                statuses.append(s)
                onStatus(s, job)
            case .result(let r): result = r
            }
        }
        return (plan, try XCTUnwrap(result), statuses)
    }
}

/// A test case with a temporary directory and a small ISO built in it for each test (removed afterwards).
class ImageBurnTestCase: XCTestCase {
    var dir: URL!
    var image: URL!

    override func setUpWithError() throws {
        dir = try BurnFixture.temporaryDirectory()
        image = try BurnFixture.makeISO(in: dir)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// Plans a burn of `image` on `transport` and expects a refusal (nothing written) that `matches`.
    func assertRefused(_ transport: SCSITransport, options: BurnOptions = BurnOptions(),
                       file: StaticString = #filePath, line: UInt = #line,
                       _ matches: (BurnError) -> Bool) async {
        do {
            let job = BurnJob(drive: OpticalDrive(transport: transport), imagePath: image.path, options: options)
            let plan = try await job.plan()
            XCTFail("planned \(plan.strategy) instead of refusing", file: file, line: line)
        } catch let error as BurnError {
            XCTAssertTrue(matches(error), "\(error)", file: file, line: line)
            XCTAssertTrue(error.isRefusal, file: file, line: line)
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
    }
}
