import Burning
import Crypto
import Foundation

/// SHA-256 of a stream of chunks on its own thread, fed through a FIFO so hashing overlaps reading and writing.
final class DigestThread: @unchecked Sendable {
    private let fifo = FIFO(capacityBytes: 64 << 20, startThresholdBytes: 0)
    private var digest = ""
    private let done = DispatchSemaphore(value: 0)

    init() {
        let thread = Thread { [self] in
            var hash = SHA256()
            while let chunk = try? fifo.pop() { hash.update(data: chunk) }
            digest = hash.finalize().map { String(format: "%02x", $0) }.joined()
            done.signal()
        }
        thread.name = "discburn-sha256"
        thread.start()
    }

    func push(_ chunk: [UInt8]) throws { try fifo.push(chunk) }

    /// The hex digest of everything pushed.
    func finish() -> String {
        fifo.finish()
        done.wait()
        return digest
    }

    func cancel() {
        fifo.cancel()
        done.wait()
    }
}
