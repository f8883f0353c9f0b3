import Foundation
import MMC
import SCSI

/// Reads the written range back and compares it with the image, hashing what the disc holds (SHA-256, and MD5
/// because published checksums often are MD5).
public struct Verifier: Sendable {
    public var session: DriveSession
    public var source: BlockSource
    /// Blocks per READ.
    public var blocksPerRead = 32

    public init(session: DriveSession, source: BlockSource) {
        self.session = session
        self.source = source
    }

    /// Compares `blocks` image blocks with the disc from `startLBA`. Unreadable blocks are retried one by one and
    /// listed; they count as mismatches in the hash (zeros).
    public func verify(startLBA: UInt64, blocks: UInt64, cancelled: () -> Bool = { false },
                       progress: (UInt64) -> Void = { _ in }) throws -> VerifyResult {
        let hasher = StreamHasher()
        var finished = false
        defer { if !finished { hasher.cancel() } }
        var firstMismatch: UInt64?
        var mismatched: UInt64 = 0
        var unreadable: [UInt64] = []
        var done: UInt64 = 0
        while done < blocks {
            if cancelled() { throw BurnError.cancelled(state: "verification stopped after \(done) blocks") }
            let count = Int(min(UInt64(blocksPerRead), blocks - done))
            let expected = try source.read(first: done, count: count)
            let got = readBlocks(lba: startLBA + done, count: count, unreadable: &unreadable)
            try hasher.update(got)
            if got != expected {
                for i in 0..<count {
                    let range = (i * 2048)..<((i + 1) * 2048)
                    if got[range] != expected[range] {
                        mismatched += 1
                        if firstMismatch == nil { firstMismatch = startLBA + done + UInt64(i) }
                    }
                }
            }
            done += UInt64(count)
            progress(done)
        }
        let digests = try hasher.finish()
        finished = true
        var outcome: VerifyResult.Outcome = !unreadable.isEmpty ? .unreadable : (mismatched == 0 ? .match : .mismatch)
        let reason = outcome == .unreadable ? nil : imageChangeReason(blocks: blocks, discSHA256: digests.sha256)
        if reason != nil { outcome = .mismatch }
        return VerifyResult(outcome: outcome, blocksCompared: blocks, sha256: digests.sha256,
                            md5: digests.md5, firstMismatchLBA: firstMismatch, mismatchedBlocks: mismatched,
                            unreadableLBAs: unreadable, reason: reason)
    }

    /// A disc that matches the file now can still differ from what was burned (the file changed during the
    /// burn): the file must be unchanged since it was opened, and the disc's SHA-256 must equal that of the bytes
    /// the burn read (when the burn read exactly these blocks in order).
    private func imageChangeReason(blocks: UInt64, discSHA256: String) -> String? {
        guard let image = source as? ImageSource else { return nil }
        if let change = image.changeSinceOpen() {
            return "the image \(image.path) changed while it was in use (\(change)): the disc may hold old and new "
                + "data mixed; burn again from an image nothing writes to"
        }
        if let burned = image.burnedDigest(), burned.blocks == blocks, burned.sha256 != discSHA256 {
            return "the disc's SHA-256 \(discSHA256) differs from that of the bytes burned (\(burned.sha256))"
        }
        return nil
    }

    /// One READ(10) of `count` blocks; on failure, block by block, unreadable ones as zeros.
    private func readBlocks(lba: UInt64, count: Int, unreadable: inout [UInt64]) -> [UInt8] {
        let want = count * 2048
        // READ(10) addresses 32-bit LBAs: a range past them (a hostile start address) is unreadable, never a trap.
        guard lba + UInt64(count) <= UInt64(UInt32.max) + 1, count <= Int(UInt16.max) else {
            unreadable.append(contentsOf: (0..<UInt64(count)).map { lba + $0 })
            return [UInt8](repeating: 0, count: want)
        }
        if let data = try? session.send(Read10(lba: UInt32(lba), blocks: UInt16(count))), data.count == want {
            return data
        }
        var out = [UInt8]()
        out.reserveCapacity(want)
        for i in 0..<count {
            let block = try? session.send(Read10(lba: UInt32(lba) + UInt32(i), blocks: 1), policy: .standard)
            if let block, block.count == 2048 {
                out.append(contentsOf: block)
            } else {
                unreadable.append(lba + UInt64(i))
                out.append(contentsOf: repeatElement(0, count: 2048))
            }
        }
        return out
    }
}
