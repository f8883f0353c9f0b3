import DiscImage
import Foundation

/// Reads a cue's track sectors from its files, and checks before the burn that the raw data sectors are what
/// their mode says (sync pattern, mode byte, and the header address of the place they will be written to: a
/// sector recorded as it is must carry its own address, ECMA-130 §14.2).
final class CueSectorReader: @unchecked Sendable {
    private var handles: [String: FileHandle] = [:]

    deinit { for handle in handles.values { try? handle.close() } }

    private func handle(_ path: String) throws -> FileHandle {
        if let open = handles[path] { return open }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BurnError.imageUnreadable(path: path, reason: "cannot open it for reading")
        }
        handles[path] = handle
        return handle
    }

    /// `count` sectors of `sectorBytes` at byte `offset` of `path`; a short file is an error (the plan checked
    /// the size: a file that shrank since is not burned as zeros).
    func read(path: String, offset: Int64, count: Int, sectorBytes: Int) throws -> [UInt8] {
        let handle = try handle(path)
        try handle.seek(toOffset: UInt64(offset))
        let want = count * sectorBytes
        var bytes = [UInt8]()
        bytes.reserveCapacity(want)
        while bytes.count < want {
            guard let data = try handle.read(upToCount: want - bytes.count), !data.isEmpty else {
                throw BurnError.imageUnreadable(path: path, reason: "it ends at byte \(offset + Int64(bytes.count)), "
                    + "before the sectors its cue sheet names; it changed since the burn was planned")
            }
            bytes.append(contentsOf: data)
        }
        return bytes
    }

    /// The absolute frame address (MSF) in a raw sector's header, nil when a field is not BCD.
    static func headerFrames(_ sector: ArraySlice<UInt8>) -> Int? {
        let base = sector.startIndex
        var value = 0
        for (offset, scale) in [(12, 4500), (13, 75), (14, 1)] {
            let byte = sector[base + offset]
            guard byte >> 4 < 10, byte & 0x0F < 10 else { return nil }
            value += (Int(byte >> 4) * 10 + Int(byte & 0x0F)) * scale
        }
        return value
    }

    /// Every sector of every raw data track: sync 00 FF×10 00, mode byte 1 (MODE1/2352) or 2 (MODE2/2352) — or 0
    /// in the pre-gap before INDEX 01 — and header address = the LBA it goes to + 150 (BCD). Throws a refusal naming the first bad sector.
    func checkRawDataTracks(_ layout: CueDiscLayout) throws {
        let sync: [UInt8] = [0x00] + [UInt8](repeating: 0xFF, count: 10) + [0x00]
        for p in layout.placements where p.track.mode == .mode1Raw || p.track.mode == .mode2Raw {
            let mode: UInt8 = p.track.mode == .mode1Raw ? 1 : 2
            let first = p.startLBA - p.track.preGapInFileBlocks
            let total = p.track.preGapInFileBlocks + p.track.blocks
            var done = 0
            while done < total {
                let count = min(64, total - done)
                let bytes = try read(path: p.track.path, offset: p.track.fileOffsetBytes + Int64(done) * 2352,
                                     count: count, sectorBytes: 2352)
                for i in 0..<count {
                    let sector = bytes[(i * 2352)..<((i + 1) * 2352)]
                    let lba = first + done + i
                    let base = sector.startIndex
                    let frames = lba + 150
                    // The pre-gap before INDEX 01 may hold mode 0 sectors (the empty sector, ECMA-130 §14.3), as
                    // this burner writes a generated gap and a rip gives it back.
                    let inPreGap = done + i < p.track.preGapInFileBlocks
                    let sectorMode = inPreGap && sector[base + 15] == 0 ? 0 : mode
                    let header = [CueDiscLayout.bcd(frames / 4500), CueDiscLayout.bcd(frames / 75 % 60),
                                  CueDiscLayout.bcd(frames % 75), sectorMode]
                    let problem: String? = !sector.prefix(12).elementsEqual(sync) ? "has no sync pattern"
                        : sector[base + 15] != sectorMode ? "is mode \(sector[base + 15]), not \(p.track.mode.rawValue)"
                        : !sector[(base + 12)..<(base + 16)].elementsEqual(header)
                            ? "carries the address of another place on the disc (its cue sheet moved it)" : nil
                    if let problem {
                        if inPreGap, p.preGapLBA < 0, Self.headerFrames(sector) == lba {
                            throw BurnError.imageInvalid(path: layout.cue.cuePath, problems: [
                                "'\(layout.cue.cuePath)': the INDEX 00 sectors of track \(p.track.number) carry the addresses "
                                    + "of LBA -150...-1, the disc's mandatory 2-second pre-gap, which the burner writes "
                                    + "itself (DiscBurn puts a first track's INDEX 00 sectors from LBA 0 on, as libburn and "
                                    + "cdrdao do); remove those \(p.track.preGapInFileBlocks) sectors from the file and the "
                                    + "INDEX 00 line"])
                        }
                        throw BurnError.imageInvalid(path: layout.cue.cuePath, problems: [
                            "'\(layout.cue.cuePath)': track \(p.track.number) sector \(done + i) (disc LBA \(lba)) \(problem); it cannot be "
                                + "burned exactly as a raw \(p.track.mode.rawValue) sector"])
                    }
                }
                done += count
            }
        }
    }
}
