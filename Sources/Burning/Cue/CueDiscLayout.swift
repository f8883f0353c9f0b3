import DiscImage
import MMC

/// Where a `BurnableCue`'s tracks go on a blank CD written session-at-once, and the SEND CUE SHEET that
/// announces them (MMC-6 §6.33; libburn doc/cookbook.txt "Composing a Cue Sheet").
///
/// Data forms (MMC-6 §6.33.3.11/12, and cdrecord drv_mmc.c's table from data block type to data form):
/// - AUDIO: 00h, 2352 bytes a sector from the host (data block type 0, raw).
/// - MODE1/2048: 10h, 2048 bytes from the host; the drive adds sync, header, EDC/ECC (data block type 8).
/// - MODE1/2352 and MODE2/2352: 00h with the data bit (4h) in CTL: the host sends whole 2352-byte sectors, as
///   they are in the bin, and the drive records them as they are (data block type 0; cdrecord maps block type 0
///   to form 00h). So mode 2 XA form 1 and form 2 sectors reach the disc byte for byte.
/// The first track's pre-gap runs from LBA −150 (absolute 00:00:00): its generated part (at least the mandatory
/// 2 seconds, or its PREGAP if longer), then its INDEX 00 sectors from the file, so a hidden first track (audio
/// before INDEX 01) lies at LBA 0 and on, and index 1 moves past LBA 0 (`BurnableCue.firstTrackPreGapBlocks`).
/// The gaps (the first track's generated pre-gap, PREGAP, POSTGAP) are sent by the host in the track's own form: zeros for AUDIO and MODE1/2048, and for the raw data modes mode 0 sectors (sync, header with
/// the sector's address, 2336 zero bytes: ECMA-130 §14.3), the empty sector that needs no EDC/ECC.
public struct CueDiscLayout: Sendable, Hashable {
    public struct Placement: Sendable, Hashable {
        public var track: BurnableCue.Track
        /// INDEX 00 (the pre-gap's first sector); equal to `startLBA` without a pre-gap.
        public var preGapLBA: Int
        /// INDEX 01.
        public var startLBA: Int
        /// One past the track's last sector, its post-gap included.
        public var endLBA: Int
        /// Bytes a sector of this track takes in a WRITE.
        public var hostSectorBytes: Int { track.mode == .mode1 ? 2048 : 2352 }
        public var dataForm: CueSheetEntry.DataForm { track.mode == .mode1 ? .mode1 : .audio }
        public var controlAddress: UInt8 { track.control << 4 | 0x01 }
    }

    public let cue: BurnableCue
    public let placements: [Placement]
    public var leadOutLBA: Int { placements.last?.endLBA ?? 0 }
    /// Sectors from LBA 0 to the lead-out.
    public var blocks: Int { leadOutLBA }

    public init(_ cue: BurnableCue) {
        self.cue = cue
        placements = cue.discPlacements.map {
            Placement(track: $0.track, preGapLBA: $0.preGapLBA, startLBA: $0.startLBA, endLBA: $0.endLBA)
        }
    }

    /// The cue sheet: lead-in, each track's index points (00 when it has a pre-gap, 01, 02…, and a last index
    /// for its post-gap, as libburn write.c places a post-gap), the lead-out.
    public var cueSheet: SendCueSheet {
        let first = placements[0], last = placements[placements.count - 1]
        let leadInForm: CueSheetEntry.DataForm = first.track.mode.isData ? .mode1Generated : .audioGenerated
        let leadOutForm: CueSheetEntry.DataForm = last.track.mode.isData ? .mode1Generated : .audioGenerated
        var entries = [CueSheetEntry(controlAddress: first.controlAddress, trackNumber: 0, index: 0,
                                     dataForm: leadInForm, frames: 0)]
        for p in placements {
            func entry(_ index: Int, _ lba: Int) -> CueSheetEntry {
                CueSheetEntry(controlAddress: p.controlAddress, trackNumber: UInt8(p.track.number),
                              index: UInt8(index), dataForm: p.dataForm, frames: UInt32(lba + 150))
            }
            if p.preGapLBA < p.startLBA { entries.append(entry(0, p.preGapLBA)) }
            entries.append(entry(1, p.startLBA))
            for (i, offset) in p.track.extraIndexOffsets.enumerated() { entries.append(entry(i + 2, p.startLBA + offset)) }
            if p.track.postGapBlocks > 0 {
                entries.append(entry(p.track.extraIndexOffsets.count + 2, p.endLBA - p.track.postGapBlocks))
            }
        }
        entries.append(CueSheetEntry(controlAddress: last.controlAddress, trackNumber: CueSheetEntry.leadOutTrackNumber,
                                     index: 1, dataForm: leadOutForm, frames: UInt32(leadOutLBA + 150)))
        return SendCueSheet(entries: entries)
    }

    /// What is sent, in order from LBA −150: runs of generated gap sectors and of sectors read from the files.
    public enum Run: Sendable, Hashable {
        case gap(lba: Int, blocks: Int)
        case file(lba: Int, blocks: Int, path: String, offsetBytes: Int64)

        public var lba: Int { switch self { case .gap(let l, _), .file(let l, _, _, _): return l } }
        public var blocks: Int { switch self { case .gap(_, let b), .file(_, let b, _, _): return b } }
    }

    public func runs(of p: Placement) -> [Run] {
        var runs: [Run] = []
        let t = p.track
        let generated = p.startLBA - p.preGapLBA - t.preGapInFileBlocks
        if generated > 0 { runs.append(.gap(lba: p.preGapLBA, blocks: generated)) }
        let fileStart = p.startLBA - t.preGapInFileBlocks
        runs.append(.file(lba: fileStart, blocks: t.preGapInFileBlocks + t.blocks, path: t.path,
                          offsetBytes: t.fileOffsetBytes))
        if t.postGapBlocks > 0 { runs.append(.gap(lba: p.endLBA - t.postGapBlocks, blocks: t.postGapBlocks)) }
        return runs
    }

    /// A gap sector of `p`'s track at `lba`: zeros, or a mode 0 sector for the raw data modes.
    public static func gapSector(_ p: Placement, lba: Int) -> [UInt8] {
        var sector = [UInt8](repeating: 0, count: p.hostSectorBytes)
        guard p.track.mode == .mode1Raw || p.track.mode == .mode2Raw else { return sector }
        for i in 1...10 { sector[i] = 0xFF }
        let frames = lba + 150
        sector[12] = bcd(frames / 4500)
        sector[13] = bcd(frames / 75 % 60)
        sector[14] = bcd(frames % 75)
        sector[15] = 0  // mode 0
        return sector
    }

    static func bcd(_ value: Int) -> UInt8 { UInt8((value / 10) << 4 | (value % 10)) }
}
