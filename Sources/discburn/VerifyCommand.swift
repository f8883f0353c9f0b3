import ArgumentParser
import Burning
import Foundation
import MMC

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Compare a disc with an image, block by block, and hash what the disc holds.")

    @Argument(help: "The image the disc should hold.") var image: String
    @OptionGroup var driveOptions: DriveOptions
    @Option(help: "LBA where the image starts on the disc (default 0; the last session's start for multi-session).")
    var start: UInt64 = 0
    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await ErrorReporting.run {
            // READ(10) addresses 32-bit LBAs (MMC-6 §6.19): a start beyond that cannot be read, and must not trap.
            guard start <= UInt64(UInt32.max) else {
                throw CLIError("--start \(start) is beyond the largest LBA a disc can have (\(UInt32.max)); "
                    + "give the LBA where the image starts, e.g. 0")
            }
            let drive = try DriveOpener.drive(for: driveOptions, otherInputs: [image])
            let probe = try await drive.probe()
            guard probe.media.present else { throw BurnError.noMedium(device: drive.deviceName) }
            let source = try ImageSource(path: image)
            guard start + source.blocks <= UInt64(UInt32.max) + 1 else {
                throw CLIError("--start \(start) plus the image's \(source.blocks) blocks runs past the largest LBA; "
                    + "give the LBA where the image starts")
            }
            let verifier = Verifier(session: DriveSession(transport: drive.transport), source: source)
            let result = try verifier.verify(startLBA: start, blocks: source.blocks)
            if output.json {
                try JSONOutput.print(VerifyReport(result))
            } else {
                switch result.outcome {
                case .match: print("match: \(result.blocksCompared) blocks from LBA \(start)")
                case .mismatch where result.reason != nil:
                    print("MISMATCH: \(result.reason ?? "")")
                case .mismatch:
                    print("MISMATCH: \(result.mismatchedBlocks) block(s) differ, first at LBA \(result.firstMismatchLBA ?? 0)")
                case .unreadable:
                    print("UNREADABLE: \(result.unreadableLBAs.count) block(s), first at LBA \(result.unreadableLBAs.first ?? 0)")
                case .skipped: print("skipped")
                }
                print("SHA-256 \(result.sha256 ?? "")\nMD5     \(result.md5 ?? "")")
            }
            if result.outcome != .match { throw ExitCode(1) }
        }
    }
}

struct VerifyReport: Encodable {
    var result: String
    var blocksCompared: UInt64
    var mismatchedBlocks: UInt64
    var firstMismatchLBA: UInt64?
    var unreadableLBAs: [UInt64]
    var sha256: String?
    var md5: String?
    var reason: String?

    init(_ v: VerifyResult) {
        result = v.outcome == .unreadable ? "mismatch" : v.outcome.rawValue
        blocksCompared = v.blocksCompared
        mismatchedBlocks = v.mismatchedBlocks
        firstMismatchLBA = v.firstMismatchLBA
        unreadableLBAs = v.unreadableLBAs
        sha256 = v.sha256
        md5 = v.md5
        reason = v.reason
    }
}
