import DiscImage
import MMC
import SCSI

/// Compares a disc with the bin/cue it was burned from, track by track: AUDIO and the raw data modes as whole
/// 2352-byte sectors read with READ CD (MMC-6 §6.20, main channel F8h), MODE1/2048 with READ(10). The sectors a
/// cue sheet names in its files are compared (generated gaps are not in any file). SHA-256/MD5 of what was read.
public struct CueVerifier: Sendable {
    public let session: DriveSession
    public let layout: CueDiscLayout
    public var sectorsPerRead = 16

    public init(session: DriveSession, layout: CueDiscLayout) {
        self.session = session
        self.layout = layout
    }

    /// Sectors compared in all.
    public var totalSectors: UInt64 {
        UInt64(layout.cue.tracks.reduce(0) { $0 + $1.preGapInFileBlocks + $1.blocks })
    }

    public func verify(cancelled: () -> Bool = { false }, progress: (UInt64) -> Void = { _ in }) throws -> VerifyResult {
        let reader = CueSectorReader()
        let hasher = StreamHasher()
        var finished = false
        defer { if !finished { hasher.cancel() } }
        var mismatched: UInt64 = 0, firstMismatch: UInt64?, unreadable: [UInt64] = [], done: UInt64 = 0
        for p in layout.placements {
            let bytes = p.track.mode.fileSectorBytes
            let first = p.startLBA - p.track.preGapInFileBlocks
            let total = p.track.preGapInFileBlocks + p.track.blocks
            var sector = 0
            while sector < total {
                if cancelled() { throw BurnError.cancelled(state: "verification stopped after \(done) sectors") }
                let count = min(sectorsPerRead, total - sector)
                let expected = try reader.read(path: p.track.path, offset: p.track.fileOffsetBytes + Int64(sector * bytes),
                                               count: count, sectorBytes: bytes)
                let lba = first + sector
                let got = read(p.track.mode, lba: lba, count: count, unreadable: &unreadable)
                try hasher.update(got)
                for i in 0..<count where got[(i * bytes)..<((i + 1) * bytes)] != expected[(i * bytes)..<((i + 1) * bytes)] {
                    mismatched += 1
                    if firstMismatch == nil { firstMismatch = UInt64(lba + i) }
                }
                sector += count
                done += UInt64(count)
                progress(done)
            }
        }
        let digests = try hasher.finish()
        finished = true
        let outcome: VerifyResult.Outcome = !unreadable.isEmpty ? .unreadable : (mismatched == 0 ? .match : .mismatch)
        return VerifyResult(outcome: outcome, blocksCompared: done, sha256: digests.sha256, md5: digests.md5,
                            firstMismatchLBA: firstMismatch, mismatchedBlocks: mismatched, unreadableLBAs: unreadable,
                            reason: nil)
    }

    /// The sectors as the track's mode reads them; unreadable ones as zeros, listed.
    private func read(_ mode: BurnableCue.TrackMode, lba: Int, count: Int, unreadable: inout [UInt64]) -> [UInt8] {
        let bytes = mode.fileSectorBytes
        if let data = try? readSectors(mode, lba: lba, count: count), data.count == count * bytes { return data }
        var out = [UInt8]()
        for i in 0..<count {
            if let one = try? readSectors(mode, lba: lba + i, count: 1), one.count == bytes {
                out += one
            } else {
                unreadable.append(UInt64(lba + i))
                out += [UInt8](repeating: 0, count: bytes)
            }
        }
        return out
    }

    private func readSectors(_ mode: BurnableCue.TrackMode, lba: Int, count: Int) throws -> [UInt8] {
        switch mode {
        case .mode1:
            return try session.send(Read10(lba: UInt32(lba), blocks: UInt16(count)))
        case .audio:
            return try session.send(ReadCD(wholeSectorsAt: UInt32(lba), blocks: UInt32(count), expectedSectorType: .cdda))
        case .mode1Raw, .mode2Raw:
            return try session.send(ReadCD(wholeSectorsAt: UInt32(lba), blocks: UInt32(count)))
        }
    }
}
