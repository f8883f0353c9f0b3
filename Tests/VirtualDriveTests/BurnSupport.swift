import Foundation
import MMC
import SCSI
import XCTest
@testable import VirtualDrive

/// Burn sequences built with the MMC command builders, so the drive and the builders are checked against each
/// other: every CDB below comes from `command.request`.
extension VirtualDrive {
    /// Sends an MMC command and returns the raw result (no retry policy, no sense interpretation).
    @discardableResult
    func run<C: MMCCommand>(_ command: C) throws -> SCSIResult { try execute(command.request) }

    func discInformation() throws -> DiscInformation { try send(ReadDiscInformation(), policy: .none) }

    func trackInformation(_ target: ReadTrackInformation.Target) throws -> TrackInformation {
        try send(ReadTrackInformation(target: target), policy: .none)
    }

    /// MODE SELECT(10) with page 05h built by the MMC encoder.
    func selectWriteParameters(_ page: MMC.WriteParametersPage) throws -> SCSIResult {
        try run(ModeSelect10(pages: [page.encode()]))
    }

    /// WRITE(10)s of `chunkBlocks` blocks from `lba` until `data` is sent; stops at the first failure.
    func writeSequentially(_ data: [UInt8], from lba: Int32, chunkBlocks: Int = 16) throws -> SCSIResult {
        var offset = 0
        var at = lba
        while offset < data.count {
            let end = min(data.count, offset + chunkBlocks * 2048)
            let r = try run(Write10(signedLBA: at, data: Array(data[offset..<end])))
            guard r.status == .good else { return r }
            at += Int32((end - offset) / 2048)
            offset = end
        }
        return SCSIResult.good([], residual: 0)
    }

    /// WRITE(12) variant for BD (with the Streaming bit).
    func writeSequentially12(_ data: [UInt8], from lba: UInt32, chunkBlocks: Int = 32) throws -> SCSIResult {
        var offset = 0
        var at = lba
        while offset < data.count {
            let end = min(data.count, offset + chunkBlocks * 2048)
            let r = try run(Write12(lba: at, data: Array(data[offset..<end]), streaming: true))
            guard r.status == .good else { return r }
            at += UInt32((end - offset) / 2048)
            offset = end
        }
        return SCSIResult.good([], residual: 0)
    }

    /// Reads `blocks` blocks from `lba` with READ(10).
    func readBack(lba: UInt32, blocks: Int) throws -> [UInt8] {
        try send(Read10(lba: lba, blocks: UInt16(blocks)), policy: .none)
    }
}

/// An "image" of `blocks` 2048-byte blocks whose every block differs (block number and seed in each byte).
func imageBytes(blocks: Int, seed: UInt8 = 0x3C) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: blocks * 2048)
    for i in out.indices { out[i] = UInt8(truncatingIfNeeded: i / 2048 &* 31 &+ i &* 7) ^ seed }
    return out
}

/// The first `bytes` bytes of DIR/media.bin.
func mediaFilePrefix(_ dir: String, bytes: Int) throws -> [UInt8] {
    let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/media.bin"))
    return Array(data.prefix(bytes))
}

/// Bytes stored in DIR/media.bin; 0 when nothing was ever stored (the file is created at the first write).
func mediaFileSize(_ dir: String) -> Int {
    guard FileManager.default.fileExists(atPath: dir + "/media.bin") else { return 0 }
    return ((try? FileManager.default.attributesOfItem(atPath: dir + "/media.bin"))?[.size] as? Int) ?? -1
}

/// Page 05h as the established burners send it for a data track (track mode 4, Mode 1 blocks).
func writeParameters(_ type: WriteType, testWrite: Bool = false, burnFree: Bool = false,
                     multiSession: MultiSession = .noNextSession) -> MMC.WriteParametersPage {
    MMC.WriteParametersPage(bufferUnderrunFreeEnabled: burnFree, testWrite: testWrite, writeType: type,
                            multiSession: multiSession)
}
