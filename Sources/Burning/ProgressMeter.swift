import MMC

/// Burning's speed / ETA / FIFO telemetry for writers outside this module (the USB writer), so every job reports
/// progress as the same `BurnStatus`.
public struct ProgressMeter: Sendable {
    private var telemetry: Telemetry

    public init(totalBytes: UInt64, profile: Profile) {
        telemetry = Telemetry(totalBytes: totalBytes, profile: profile)
    }

    public var bytesDone: UInt64 { telemetry.bytesWritten }
    public var elapsedSeconds: Double { telemetry.elapsedSeconds }
    public var averageKilobytesPerSecond: Double { telemetry.averageKilobytesPerSecond }
    public var minimumFifoPercent: Double? { telemetry.minimumFifoPercent }

    public mutating func add(bytes: Int) { telemetry.wrote(bytes) }

    public mutating func fifo(fraction: Double, minimum: Double) { telemetry.fifo(fraction: fraction, minimum: minimum) }

    /// True at most every 250 ms.
    public mutating func due() -> Bool { telemetry.due() }

    public func status(_ phase: BurnStatus.Phase, progress: Double? = nil) -> BurnStatus {
        telemetry.status(phase, progress: progress)
    }
}

extension VerifyResult {
    /// For verifiers outside this module (the USB writer's read-back: SHA-256 only, blocks of 512 bytes).
    public init(outcome: Outcome, blocksCompared: UInt64, sha256: String? = nil, unreadableLBAs: [UInt64] = [],
                reason: String? = nil) {
        self.init(outcome: outcome, blocksCompared: blocksCompared, sha256: sha256, md5: nil, firstMismatchLBA: nil,
                  mismatchedBlocks: 0, unreadableLBAs: unreadableLBAs, reason: reason)
    }
}
