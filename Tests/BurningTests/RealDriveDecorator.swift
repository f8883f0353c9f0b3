import Foundation
import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

/// Test-only transport around a VirtualDrive: records every request, and lets a test answer chosen commands the
/// way real drives do (MMC-NOTES "Writing, per media family" / "Waiting, retrying, timing out") before the
/// VirtualDrive models those behaviours itself. A rule sees the request and how many times its opcode was sent
/// (1 for the first); it returns an answer, or nil to pass the command through.
final class RealDriveDecorator: SCSITransport, @unchecked Sendable {
    typealias Rule = (_ request: SCSIRequest, _ occurrence: Int, _ inner: SCSITransport) throws -> SCSIResult?
    let inner: SCSITransport
    private let lock = NSLock()
    private var recordedRequests: [SCSIRequest] = []
    private var counts: [UInt8: Int] = [:]
    private var rules: [Rule] = []

    init(_ inner: SCSITransport) { self.inner = inner }

    var deviceName: String { inner.deviceName }
    var requests: [SCSIRequest] { lock.withLock { recordedRequests } }
    var cdbs: [[UInt8]] { requests.map(\.cdb.bytes) }
    var opcodes: [UInt8] { cdbs.compactMap(\.first) }

    func add(_ rule: @escaping Rule) { lock.withLock { rules.append(rule) } }

    func execute(_ request: SCSIRequest) throws -> SCSIResult {
        let opcode = request.cdb.bytes.first ?? 0
        let (occurrence, current) = lock.withLock { () -> (Int, [Rule]) in
            recordedRequests.append(request)
            counts[opcode, default: 0] += 1
            return (counts[opcode]!, rules)
        }
        for rule in current {
            if let answer = try rule(request, occurrence, inner) { return answer }
        }
        return try inner.execute(request)
    }

    /// CHECK CONDITION with fixed-format sense key/ASC/ASCQ.
    static func sense(_ key: SenseKey, _ asc: UInt8, _ ascq: UInt8) -> SCSIResult {
        SCSIResult(status: .checkCondition, sense: SenseData(key: key, asc: asc, ascq: ascq).fixedBytes)
    }

    /// Runs the command on the inner drive, then reports it as a recovered error (sense key 1) with its data.
    static func recovered(_ request: SCSIRequest, _ inner: SCSITransport, _ asc: UInt8, _ ascq: UInt8) throws -> SCSIResult {
        var result = try inner.execute(request)
        guard result.status == .good else { return result }
        result.status = .checkCondition
        result.sense = SenseData(key: .recoveredError, asc: asc, ascq: ascq).fixedBytes
        return result
    }

    // MARK: opcodes (the numbers are MMC-6's; named here so rules read as sentences)
    static let testUnitReady: UInt8 = 0x00
    static let write10: UInt8 = 0x2A
    static let write12: UInt8 = 0xAA
    static let synchronizeCache: UInt8 = 0x35
    static let readDiscInformation: UInt8 = 0x51
    static let readTrackInformation: UInt8 = 0x52
    static let closeTrackSession: UInt8 = 0x5B
    static let readBufferCapacity: UInt8 = 0x5C
    static let preventAllow: UInt8 = 0x1E
    static let modeSelect10: UInt8 = 0x55
    static let formatUnit: UInt8 = 0x04
    static let getConfiguration: UInt8 = 0x46
    static let sendDiscStructure: UInt8 = 0xBF
    static let readDiscStructure: UInt8 = 0xAD
}

extension RealDriveDecorator {
    /// CD TAO as LG GH22LS30 does it (libburn write.c, MMC-NOTES): CLOSE TRACK is refused with 5/24/00, and the
    /// track ends at SYNCHRONIZE CACHE. Today's VirtualDrive wants a CLOSE TRACK before CLOSE SESSION, so the
    /// decorator closes the track on the inner drive itself after a SYNCHRONIZE CACHE (not recorded).
    func behaveLikeTAODriveWithoutCloseTrack() {
        add { request, _, inner in
            let cdb = request.cdb.bytes
            if cdb[0] == Self.closeTrackSession, cdb[2] & 0x07 == 1 { return Self.sense(.illegalRequest, 0x24, 0) }
            guard cdb[0] == Self.synchronizeCache else { return nil }
            let result = try inner.execute(request)
            if let info = try? ReadDiscInformation().parse(inner.run(ReadDiscInformation().request, name: "RDI").dataIn) {
                let close = CloseTrackSession(function: .closeTrack, trackNumber: info.lastTrackInLastSession,
                                              immediate: false)
                _ = try? inner.execute(close.request)
            }
            return result
        }
    }
}

extension RealDriveDecorator {
    /// Rewrites the data-in of every answer to `opcode` (after the burn started, if `onlyWhileBurning`: the first
    /// PREVENT MEDIUM REMOVAL marks it).
    func rewrite(_ opcode: UInt8, onlyWhileBurning: Bool = false, _ edit: @escaping (inout [UInt8]) -> Void) {
        add { [unowned self] request, _, inner in
            guard request.cdb.bytes[0] == opcode else { return nil }
            if onlyWhileBurning, !self.cdbs.contains(where: { $0[0] == Self.preventAllow && $0[4] & 1 == 1 }) { return nil }
            var result = try inner.execute(request)
            guard result.status == .good else { return result }
            edit(&result.dataIn)
            return result
        }
    }

    /// Edits (or appends) one feature descriptor of every GET CONFIGURATION answer: `edit` gets the descriptor's
    /// bytes (4-byte header + data). Appending fixes the data length in the header.
    func editFeature(_ code: UInt16, appendIfMissing: [UInt8]? = nil, _ edit: @escaping (inout [UInt8]) -> Void) {
        rewrite(Self.getConfiguration) { data in
            var at = 8
            while at + 4 <= data.count {
                let length = 4 + Int(data[at + 3])
                if UInt16(data[at]) << 8 | UInt16(data[at + 1]) == code, at + length <= data.count {
                    var descriptor = Array(data[at..<at + length])
                    edit(&descriptor)
                    data.replaceSubrange(at..<at + length, with: descriptor)
                    return
                }
                at += length
            }
            guard var descriptor = appendIfMissing, data.count >= 8 else { return }
            edit(&descriptor)
            data.append(contentsOf: descriptor)
            let announced = UInt32(data.count - 4)
            data[0] = UInt8(announced >> 24); data[1] = UInt8(truncatingIfNeeded: announced >> 16)
            data[2] = UInt8(truncatingIfNeeded: announced >> 8); data[3] = UInt8(truncatingIfNeeded: announced)
        }
    }

    /// Index of the first command of the burn itself (the PREVENT MEDIUM REMOVAL the engine sends first).
    var burnStartIndex: Int? { cdbs.firstIndex { $0[0] == Self.preventAllow && $0[4] & 1 == 1 } }
}

/// Counts what the engine slept (retries and polls) without sleeping.
final class SleepCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = Duration.zero
    var slept: Duration { lock.withLock { total } }
    var sleep: @Sendable (Duration) -> Void { { [self] d in lock.withLock { total += d } } }
}

extension BurnFixture {
    /// Like `burn`, with the writer's sleep injected.
    static func burn(_ image: URL, on transport: SCSITransport, options: BurnOptions = BurnOptions(),
                     sleep: @escaping @Sendable (Duration) -> Void) async throws -> (BurnPlan, BurnResult) {
        let job = BurnJob(drive: OpticalDrive(transport: transport), imagePath: image.path, options: options)
        job.sleep = sleep
        let plan = try await job.plan()
        var result: BurnResult?
        for await event in job.run(plan) { if case .result(let r) = event { result = r } }
        return (plan, try XCTUnwrap(result))
    }
}
