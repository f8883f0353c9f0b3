import Foundation
import SCSI

/// Plays a recorded trace back: each command must match the next recorded CDB (and data out) exactly, or the
/// replay fails loudly with `TraceError.mismatch`. Used to keep answers of real drives and peers as fixtures.
public final class ReplayTransport: SCSITransport, @unchecked Sendable {
    public let deviceName: String
    public let records: [TraceRecord]
    private var position = 0
    private let lock = NSLock()

    public init(records: [TraceRecord], deviceName: String = "replay") {
        self.records = records
        self.deviceName = deviceName
    }

    public convenience init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TraceError.cannotOpen(path: path, reason: "no such file or not readable")
        }
        try self.init(records: ReplayTransport.decode(data), deviceName: "replay:" + path)
    }

    public static func decode(_ data: Data) throws -> [TraceRecord] {
        let decoder = JSONDecoder()
        var records: [TraceRecord] = []
        for (index, line) in data.split(separator: 0x0A).enumerated() where !line.isEmpty {
            do { records.append(try decoder.decode(TraceRecord.self, from: Data(line))) } catch {
                throw TraceError.corrupt(line: index + 1, reason: "\(error)")
            }
        }
        return records
    }

    /// True when every recorded exchange was played.
    public var isFinished: Bool { lock.withLock { position == records.count } }
    public var remaining: Int { lock.withLock { records.count - position } }

    public func execute(_ request: SCSIRequest) throws -> SCSIResult {
        let record: TraceRecord = try lock.withLock {
            let got = describe(request)
            guard position < records.count else { throw TraceError.exhausted(sequence: position + 1, got: got) }
            let r = records[position]
            let expected = describe(r)
            guard expected == got else { throw TraceError.mismatch(sequence: r.sequence, expected: expected, got: got) }
            position += 1
            return r
        }
        var result = try record.replayOutcome()
        if case .fromDevice(let n) = request.transfer, result.dataIn.count > n {
            result.dataIn = Array(result.dataIn.prefix(n))
        }
        return result
    }

    private func describe(_ request: SCSIRequest) -> String {
        switch request.transfer {
        case .none: return "cdb \(request.cdb.bytes.hexString)"
        case .fromDevice(let n): return "cdb \(request.cdb.bytes.hexString) in \(n)"
        case .toDevice(let d): return "cdb \(request.cdb.bytes.hexString) out \(d.count) sha256 \(TraceRecord.sha256(d))"
        }
    }

    private func describe(_ r: TraceRecord) -> String {
        switch r.direction {
        case "in": return "cdb \(r.cdb) in \(r.length)"
        case "out":
            // Older traces have only the hex: its digest is what is compared.
            let digest = r.dataOutSHA256 ?? [UInt8](hexString: r.dataOut ?? "").map(TraceRecord.sha256) ?? "?"
            return "cdb \(r.cdb) out \(r.length) sha256 \(digest)"
        default: return "cdb \(r.cdb)"
        }
    }
}
