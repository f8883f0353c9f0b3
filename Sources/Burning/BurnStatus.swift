import MMC

/// One progress event of a burn: everything the CLI's progress line and `--json` events show.
public struct BurnStatus: Sendable, Hashable {
    public enum Phase: String, Sendable, Hashable, Codable {
        case preparing, formatting, writing, closing, verifying, done
    }

    public var phase: Phase
    public var bytesWritten: UInt64
    public var totalBytes: UInt64
    /// Over the last second, kB/s (1000 bytes).
    public var currentKilobytesPerSecond: Double
    public var averageKilobytesPerSecond: Double
    public var etaSeconds: Double?
    public var fifoPercent: Double?
    public var driveBufferPercent: Double?
    public var minimumFifoPercent: Double?
    public var minimumDriveBufferPercent: Double?
    public var underruns: Int
    /// Progress of a format, close or verify reported by the drive or the verifier, 0...1.
    public var operationProgress: Double?
    public var profile: Profile
    /// Speed and time left of a phase measured on its own (verifying): kB/s and seconds.
    public var operationKilobytesPerSecond: Double? = nil
    public var operationEtaSeconds: Double? = nil

    public var percent: Double { totalBytes == 0 ? 0 : Double(bytesWritten) / Double(totalBytes) * 100 }
    public var speedMultiple: String {
        SpeedFormat.multiple(kilobytesPerSecond: Int(currentKilobytesPerSecond.rounded()), profile: profile)
    }
}

/// The outcome of comparing the disc with the image.
public struct VerifyResult: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        case match, mismatch, skipped, unreadable
        /// Stopped by the user before every block was compared: says nothing about the disc.
        case interrupted
    }
    public var outcome: Outcome
    public var blocksCompared: UInt64
    /// SHA-256 and MD5 of what the disc holds over the image's range (lower-case hex).
    public var sha256: String?
    public var md5: String?
    public var firstMismatchLBA: UInt64?
    public var mismatchedBlocks: UInt64
    /// LBAs the drive could not read.
    public var unreadableLBAs: [UInt64]
    public var reason: String?

    /// Stopped by the user after `blocksCompared` of `totalBlocks` blocks.
    public static func interrupted(after blocksCompared: UInt64, of totalBlocks: UInt64) -> VerifyResult {
        VerifyResult(outcome: .interrupted, blocksCompared: blocksCompared, mismatchedBlocks: 0, unreadableLBAs: [],
                     reason: "stopped by the user after \(blocksCompared) of \(totalBlocks) blocks")
    }

    public static func skipped(_ reason: String) -> VerifyResult {
        VerifyResult(outcome: .skipped, blocksCompared: 0, mismatchedBlocks: 0, unreadableLBAs: [], reason: reason)
    }
}

/// How a burn ended.
public struct BurnResult: Sendable, Hashable {
    public var succeeded: Bool
    public var error: String?
    public var plan: BurnPlan
    public var bytesWritten: UInt64
    public var elapsedSeconds: Double
    public var averageKilobytesPerSecond: Double
    public var underruns: Int
    public var minimumFifoPercent: Double?
    public var minimumDriveBufferPercent: Double?
    public var verify: VerifyResult
    /// What state the medium was left in, in words.
    public var mediumState: String
    public var interrupted: Bool
    /// Recovered errors (sense key 1) the drive reported on commands that succeeded, e.g.
    /// "WRITE(10): recovered: power calibration area almost full [1/73/01]".
    public var recoveredConditions: [String] = []
    /// Seconds of the writing phase alone (the average speed is over it); nil when writing never started.
    public var writeSeconds: Double? = nil
}

/// What a BurnJob streams: progress, then exactly one result.
public enum BurnEvent: Sendable, Hashable {
    case status(BurnStatus)
    case result(BurnResult)
}
