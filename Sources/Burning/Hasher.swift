import Crypto
import Foundation
import SCSI

/// SHA-256 and MD5 of a byte stream, computed on their own threads so hashing overlaps the reads and the
/// comparison (verification runs at the speed of the slowest of them, not of their sum).
final class StreamHasher: @unchecked Sendable {
    private let sha = FIFO(capacityBytes: 8 << 20, startThresholdBytes: 0)
    private let md5 = FIFO(capacityBytes: 8 << 20, startThresholdBytes: 0)
    private var shaDigest = ""
    private var md5Digest = ""
    private let done = DispatchGroup()
    private var pending = [UInt8]()
    private let batchBytes = 1 << 20

    init() {
        start(sha) { [unowned self] in
            var h = SHA256()
            while let chunk = try? sha.pop() { h.update(data: chunk) }
            shaDigest = Self.hex(h.finalize())
        }
        start(md5) { [unowned self] in
            var h = Insecure.MD5()
            while let chunk = try? md5.pop() { h.update(data: chunk) }
            md5Digest = Self.hex(h.finalize())
        }
    }

    private func start(_ fifo: FIFO, _ body: @escaping @Sendable () -> Void) {
        done.enter()
        let thread = Thread { [done] in
            body()
            done.leave()
        }
        thread.start()
    }

    /// Adds bytes (batched into 1 MiB pieces for the hashing threads).
    func update(_ bytes: [UInt8]) throws {
        pending.append(contentsOf: bytes)
        if pending.count >= batchBytes { try flush() }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        try sha.push(pending)
        try md5.push(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Waits for both digests (lower-case hex).
    func finish() throws -> (sha256: String, md5: String) {
        try flush()
        sha.finish()
        md5.finish()
        done.wait()
        return (shaDigest, md5Digest)
    }

    /// Stops the hashing threads without results.
    func cancel() {
        sha.cancel()
        md5.cancel()
        done.wait()
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 { digest.hexString }
}
