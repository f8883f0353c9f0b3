import CNettle
import Foundation

/// The image's SHA-256 as the write computed it, with SHA-256's chaining value at the end of every segment.
///
/// Why: the read-back must be hashed at the speed the disk reads, and one SHA-256 stream runs on one core. SHA-256
/// is a chain (Merkle–Damgård): the state after segment k is a function of the state after segment k-1 and segment
/// k's bytes alone. With the image's chaining values kept from the write, every segment of the read-back is hashed
/// on its own, on any core, from the image's state before it; when each segment ends in the image's state after
/// it, the read-back's SHA-256 is the image's (by induction over the segments), and the first segment that does
/// not names where the disk differs. The write hashes the image once, as before, and keeps 32 bytes a segment;
/// the read-back never reads the image again (a compressed image would be decompressed twice).
struct SegmentedDigest: Sendable, Equatable {
    /// A multiple of 64 bytes (SHA-256's block).
    let segmentBytes: Int
    let totalBytes: UInt64
    /// The chaining value after segment k, for every segment but the last (which ends in `sha256`).
    let chainValues: [SIMD8<UInt32>]
    /// The image's SHA-256, lower-case hex.
    let sha256: String

    var segmentCount: Int { Int((totalBytes + UInt64(segmentBytes) - 1) / UInt64(segmentBytes)) }

    /// True when `bytes`, read back as segment `index`, take SHA-256 from the image's state before that segment
    /// to the image's state after it (or, for the last segment, to the image's digest).
    func segmentMatches(_ index: Int, _ bytes: UnsafeRawBufferPointer) -> Bool {
        guard index >= 0, index < segmentCount, bytes.count == segmentLength(index) else { return false }
        var context = sha256_ctx()
        if index == 0 {
            discburn_sha256_init(&context)
        } else {
            var words = chainValues[index - 1]
            withUnsafeBytes(of: &words) { start in
                discburn_sha256_resume(&context, start.bindMemory(to: UInt32.self).baseAddress,
                                       UInt64(index) * UInt64(segmentBytes / 64))
            }
        }
        if let base = bytes.baseAddress { discburn_sha256_update(&context, bytes.count, base) }
        if index == segmentCount - 1 { return SegmentedSHA256.hexDigest(&context) == sha256 }
        return SegmentedSHA256.chainValue(&context) == chainValues[index]
    }

    /// Bytes in segment `index` (the last one may be short).
    func segmentLength(_ index: Int) -> Int {
        let start = UInt64(index) * UInt64(segmentBytes)
        return Int(min(UInt64(segmentBytes), totalBytes - min(totalBytes, start)))
    }
}

/// SHA-256 of a stream (nettle's, on the CPU's SHA instructions), keeping the chaining value at the end of every
/// `segmentBytes` for `SegmentedDigest`.
struct SegmentedSHA256 {
    let segmentBytes: Int
    private var context = sha256_ctx()
    private var totalBytes: UInt64 = 0
    private var chainValues: [SIMD8<UInt32>] = []

    init(segmentBytes: Int) {
        precondition(segmentBytes > 0 && segmentBytes % 64 == 0, "segments are whole SHA-256 blocks")
        self.segmentBytes = segmentBytes
        discburn_sha256_init(&context)
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var done = 0
        while done < bytes.count {
            let room = segmentBytes - Int(totalBytes % UInt64(segmentBytes))
            if room == segmentBytes, totalBytes > 0, chainValues.count < Int(totalBytes / UInt64(segmentBytes)) {
                chainValues.append(Self.chainValue(&context))
            }
            let step = min(room, bytes.count - done)
            discburn_sha256_update(&context, step, bytes.baseAddress! + done)
            done += step
            totalBytes += UInt64(step)
        }
    }

    /// The digest; the chaining value at the stream's end is never needed (the last segment ends in the digest).
    mutating func finalize() -> SegmentedDigest {
        SegmentedDigest(segmentBytes: segmentBytes, totalBytes: totalBytes, chainValues: chainValues,
                        sha256: Self.hexDigest(&context))
    }

    static func chainValue(_ context: inout sha256_ctx) -> SIMD8<UInt32> {
        var words = SIMD8<UInt32>()
        let status = withUnsafeMutableBytes(of: &words) { start in
            discburn_sha256_chain_value(&context, start.bindMemory(to: UInt32.self).baseAddress)
        }
        precondition(status == 0, "a segment boundary falls on a SHA-256 block boundary")
        return words
    }

    static func hexDigest(_ context: inout sha256_ctx) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        discburn_sha256_digest(&context, &digest)
        return digest.map { String(format: "%02x", $0) }.joined()
    }
}
