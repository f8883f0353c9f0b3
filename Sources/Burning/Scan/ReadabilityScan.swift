import Foundation
import MMC
import SCSI

/// A surface check any drive supports: reads every recorded block with READ(10) (MMC-6 §6.15) in large transfers,
/// times each zone, and retries a failing transfer block by block so unreadable blocks are found exactly. No
/// vendor C1/C2 error counters are used, so the speed curve (a drive slows down over weak areas) and the
/// unreadable ranges are all it reports.
public struct ReadabilityScan: Sendable {
    public var session: DriveSession
    /// Blocks per READ(10): 32 blocks (64 KiB) is what every transport passes.
    public var blocksPerRead: Int
    /// Blocks per timed zone; nil chooses about 200 zones for the disc (at least one transfer each).
    public var zoneBlocks: UInt64?
    /// The clock zones are timed with; tests pass the virtual drive's manual clock.
    public var now: @Sendable () -> Duration

    public init(session: DriveSession, blocksPerRead: Int = 32, zoneBlocks: UInt64? = nil,
                now: @escaping @Sendable () -> Duration = ReadabilityScan.systemNow) {
        precondition((1...65535).contains(blocksPerRead), "READ (10) moves 1...65535 blocks")
        precondition(zoneBlocks.map { $0 > 0 } ?? true, "a zone holds at least one block")
        self.session = session
        self.blocksPerRead = blocksPerRead
        self.zoneBlocks = zoneBlocks
        self.now = now
    }

    /// Monotonic time since the process's first call.
    public static let systemNow: @Sendable () -> Duration = {
        ContinuousClock.now - ReadabilityScan.origin
    }
    private static let origin = ContinuousClock.now

    /// Zones used when none is asked for: the extent over 200, rounded up to whole transfers.
    public func effectiveZoneBlocks(total: UInt64) -> UInt64 {
        if let zoneBlocks { return zoneBlocks }
        let perRead = UInt64(blocksPerRead)
        let raw = max(1, (total + 199) / 200)
        return (raw + perRead - 1) / perRead * perRead
    }

    /// Reads the whole readable extent. `progress` is called after each zone; `cancelled` is polled before each
    /// zone and stops the scan with `BurnError.cancelled` (reading changes nothing on the medium).
    /// Throws when the drive cannot be asked at all (no medium, transport failure); bad blocks never throw.
    public func run(progress: (ScanProgress) -> Void = { _ in },
                    cancelled: () -> Bool = { false }) throws -> ScanResult {
        let profile = (try? session.send(GetConfiguration(requestType: .current, allocationLength: 8)))?
            .currentProfile ?? .none
        let total = try readableExtent()
        let zoneSize = effectiveZoneBlocks(total: total)
        let start = now()
        var zones: [ScanZone] = []
        var unreadable: [UInt64] = []
        var lba: UInt64 = 0
        while lba < total {
            if cancelled() { throw BurnError.cancelled(state: "scan stopped at LBA \(lba); the disc is unchanged") }
            let zoneEnd = lba + min(zoneSize, total - lba)
            let zone = try scanZone(lba..<zoneEnd, unreadable: &unreadable)
            zones.append(zone)
            progress(ScanProgress(blocksDone: zoneEnd, totalBlocks: total, kilobytesPerSecond: zone.kilobytesPerSecond,
                                  unreadableBlocks: UInt64(unreadable.count)))
            lba = zoneEnd
        }
        return ScanResult(profile: profile, blocks: total, zones: zones, unreadable: LBARange.grouping(unreadable),
                          elapsedSeconds: Self.seconds(now() - start))
    }

    /// The blocks to scan. READ CAPACITY (MMC-6 §6.19) names the last block of the last complete session;
    /// READ TRACK INFORMATION (§6.27) of each track of READ DISC INFORMATION (§6.22) gives where recorded data
    /// ends: it narrows the extent when lower (CD-R TAO run-out blocks are not data) and gives the extent of an
    /// appendable disc whose session is still open (READ CAPACITY 0). Without track information, READ CAPACITY.
    public func readableExtent() throws -> UInt64 {
        let capacity = try session.send(ReadCapacity()).blocks
        // try? flattens: nil when the questions fail or no track reports recorded data.
        guard let recorded = try? recordedEnd() else { return capacity }
        let end = capacity > 0 ? min(capacity, recorded) : recorded
        return min(end, UInt64(UInt32.max) + 1)
    }

    /// End (exclusive) of the last recorded block over all tracks; nil when no track reports one.
    private func recordedEnd() throws -> UInt64? {
        let disc = try session.send(ReadDiscInformation())
        let last = min(UInt32(disc.lastTrackInLastSession), 999)
        let first = min(UInt32(disc.firstTrackNumber), last)
        var end: UInt64?
        for number in first...last {
            guard let track = try? session.send(ReadTrackInformation(target: .track(number))), !track.blank else {
                continue
            }
            let trackEnd = track.lastRecordedAddress.map { UInt64($0) + 1 }
                ?? UInt64(track.trackStartAddress) + UInt64(track.trackSize)
            end = max(end ?? 0, trackEnd)
        }
        return end
    }

    /// Reads one zone in transfers of `blocksPerRead`, timing the whole of it.
    private func scanZone(_ range: Range<UInt64>, unreadable: inout [UInt64]) throws -> ScanZone {
        let before = unreadable.count
        let t0 = now()
        var lba = range.lowerBound
        while lba < range.upperBound {
            let count = Int(min(UInt64(blocksPerRead), range.upperBound - lba))
            try readTransfer(lba: lba, count: count, unreadable: &unreadable)
            lba += UInt64(count)
        }
        let seconds = Self.seconds(now() - t0)
        let blocks = UInt64(range.count)
        let readable = blocks - min(blocks, UInt64(unreadable.count - before))
        let speed = readable == 0 ? 0 : Double(readable) * 2.048 / max(seconds, 1e-6)
        return ScanZone(startLBA: range.lowerBound, blocks: blocks, kilobytesPerSecond: speed)
    }

    /// One READ(10); when it fails or comes back short, each block alone, listing those that cannot be read.
    private func readTransfer(lba: UInt64, count: Int, unreadable: inout [UInt64]) throws {
        let read = Read10(lba: UInt32(truncatingIfNeeded: lba), blocks: UInt16(count))
        if let data = try? session.send(read), data.count == read.expectedBytes { return }
        for i in 0..<UInt64(count) {
            let single = Read10(lba: UInt32(truncatingIfNeeded: lba + i), blocks: 1)
            do {
                if try session.send(single).count != single.expectedBytes { unreadable.append(lba + i) }
            } catch {
                guard Self.isBadBlock(error) else { throw error }
                unreadable.append(lba + i)
            }
        }
    }

    /// Errors that condemn the block rather than the drive: medium and hardware errors (3/xx/xx, 4/xx/xx,
    /// including 3/02/00 no seek complete), blank check, LBA out of range, aborted commands, timeouts.
    /// No medium, transport failures and the like stop the scan.
    static func isBadBlock(_ error: Error) -> Bool {
        guard let scsi = error as? SCSIError else { return false }
        if case .timeout = scsi { return true }
        guard let sense = scsi.sense else { return false }
        switch sense.key {
        case .mediumError, .hardwareError, .blankCheck, .abortedCommand: return true
        case .illegalRequest: return sense.asc == 0x21
        default: return false
        }
    }

    static func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) / 1e18
    }
}
