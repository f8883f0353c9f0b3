import Foundation
import MMC
import SCSI

/// A CD ripped to bin/cue (`discburn rip OUT.cue`): the tracks of the first session from READ TOC (MMC-6 §6.26),
/// every track read as whole 2352-byte sectors with READ CD (§6.20, main channel F8h) into one OUT.bin, and a cue
/// sheet naming it: AUDIO for tracks without the data bit, MODE1/2352 or MODE2/2352 from the first sector's mode
/// byte, FLAGS from the TOC's control bits. A track runs from its TOC start to the next one's (so a following
/// track's pre-gap stays with it, as the TOC shows it); a first track whose TOC start lies past LBA 0 is read
/// from LBA 0 and its sectors before INDEX 01 become INDEX 00 (a hidden first track). An unreadable sector stops the rip: a bin/cue must be
/// exact (rip to an .iso for the bad-sector map).
public final class CueRipper: @unchecked Sendable {
    public struct Track: Sendable, Hashable, Encodable {
        public var number: Int
        public var mode: String
        /// The first sector read: INDEX 01's LBA, or 0 for a hidden first track.
        public var startLBA: Int
        /// Sectors read, the pre-gap included.
        public var sectors: Int
        public var flags: [String]
        /// Sectors before INDEX 01 that are in the bin (the first track's pre-gap past LBA 0: INDEX 00).
        public var preGapSectors: Int = 0
    }

    public struct Result: Sendable {
        public var cuePath: String
        public var binPath: String
        public var tracks: [Track]
        public var sha256: String
        public var md5: String
    }

    let drive: OpticalDrive
    let cuePath: String
    let binPath: String
    public var sectorsPerRead = 16

    public init(drive: OpticalDrive, cuePath: String) {
        self.drive = drive
        self.cuePath = cuePath
        binPath = String(cuePath.dropLast(4)) + ".bin"
    }

    /// Reads the TOC and plans the tracks; refuses an output that exists (nothing is overwritten).
    public func plan() async throws -> [Track] {
        for path in [cuePath, binPath] where FileManager.default.fileExists(atPath: path) {
            throw RipError.outputExists(path: path)
        }
        let probe = try await drive.probe()
        guard probe.media.present else { throw RipError.noMedium(device: drive.deviceName) }
        guard probe.media.profile.family == .cd else {
            throw RipError.cannotWrite(path: cuePath, reason: "a bin/cue holds a CD and the disc is a "
                + "\(probe.media.profile.shortName); rip it to an .iso")
        }
        let toc = try await drive.send(ReadTOC())
        let entries = toc.entries.filter { !$0.isLeadOut }
        guard let leadOut = toc.entries.first(where: \.isLeadOut), !entries.isEmpty else {
            throw RipError.blankMedium(device: drive.deviceName)
        }
        let session = DriveSession(transport: drive.transport)
        var tracks: [Track] = []
        for (n, entry) in entries.enumerated() {
            let start = entry.logicalBlockAddress
            let end = n + 1 < entries.count ? entries[n + 1].logicalBlockAddress : leadOut.logicalBlockAddress
            guard start >= 0, end > start, end - start <= 450_000 else {
                throw RipError.mapMismatch(path: cuePath, reason: "the TOC gives track \(entry.trackNumber) "
                    + "an impossible extent \(start)..<\(end)")
            }
            var flags: [String] = []
            if entry.control.contains(.digitalCopyPermitted) { flags.append("DCP") }
            var mode = "AUDIO"
            if entry.isDataTrack {
                let first = try session.send(ReadCD(wholeSectorsAt: UInt32(start), blocks: 1))
                guard first.count == 2352 else {
                    throw BurnError.imageUnreadable(path: "the disc in \(drive.deviceName)",
                                                    reason: "short READ CD at LBA \(start)")
                }
                mode = first[15] == 2 ? "MODE2/2352" : "MODE1/2352"
            } else {
                if entry.control.contains(.fourChannelAudio) { flags.append("4CH") }
                if entry.control.contains(.preEmphasisOrIncremental) { flags.append("PRE") }
            }
            // A first track whose INDEX 01 lies past LBA 0 has a pre-gap longer than the mandatory 2 seconds
            // recorded from LBA 0 (a hidden first track, libburn doc/cookbook.txt): it goes into the bin as INDEX 00.
            let preGap = n == 0 ? start : 0
            tracks.append(Track(number: Int(entry.trackNumber), mode: mode, startLBA: start - preGap,
                                sectors: end - start + preGap, flags: flags, preGapSectors: preGap))
        }
        return tracks
    }

    /// Reads the tracks into OUT.bin, then writes OUT.cue. `progress` gets sectors done. On failure the partial
    /// OUT.bin is removed (it was created here) and no OUT.cue is written.
    public func run(_ tracks: [Track], progress: (Int, Int) -> Void = { _, _ in }) throws -> Result {
        do {
            return try read(tracks, progress: progress)
        } catch {
            try? FileManager.default.removeItem(atPath: binPath)
            throw error
        }
    }

    private func read(_ tracks: [Track], progress: (Int, Int) -> Void) throws -> Result {
        let session = DriveSession(transport: drive.transport)
        guard FileManager.default.createFile(atPath: binPath, contents: nil),
              let out = FileHandle(forWritingAtPath: binPath) else {
            throw RipError.cannotWrite(path: binPath, reason: "cannot create it")
        }
        defer { try? out.close() }
        let hasher = StreamHasher()
        var finished = false
        defer { if !finished { hasher.cancel() } }
        let total = tracks.reduce(0) { $0 + $1.sectors }
        var done = 0
        for track in tracks {
            var sector = 0
            while sector < track.sectors {
                let count = min(sectorsPerRead, track.sectors - sector)
                let lba = track.startLBA + sector
                let command = ReadCD(wholeSectorsAt: UInt32(lba), blocks: UInt32(count),
                                     expectedSectorType: track.mode == "AUDIO" ? .cdda : .any)
                let data = try session.send(command)
                guard data.count == count * 2352 else {
                    throw BurnError.imageUnreadable(path: "the disc in \(drive.deviceName)",
                                                    reason: "short READ CD at LBA \(lba) (\(data.count) bytes)")
                }
                try out.write(contentsOf: data)
                try hasher.update(data)
                sector += count
                done += count
                progress(done, total)
            }
        }
        try out.synchronize()
        let digests = try hasher.finish()
        finished = true
        try Data(cueText(tracks).utf8).write(to: URL(fileURLWithPath: cuePath), options: .withoutOverwriting)
        return Result(cuePath: cuePath, binPath: binPath, tracks: tracks, sha256: digests.sha256, md5: digests.md5)
    }

    /// The cue sheet: one FILE, each track's INDEX 01 at its offset in the bin.
    func cueText(_ tracks: [Track]) -> String {
        let name = (binPath as NSString).lastPathComponent
        var text = "FILE \"\(name)\" BINARY\n"
        var offset = 0
        for track in tracks {
            text += String(format: "  TRACK %02d %@\n", track.number, track.mode)
            if !track.flags.isEmpty { text += "    FLAGS " + track.flags.joined(separator: " ") + "\n" }
            func index(_ number: Int, _ at: Int) -> String {
                String(format: "    INDEX %02d %02d:%02d:%02d\n", number, at / 4500, at / 75 % 60, at % 75)
            }
            if track.preGapSectors > 0 { text += index(0, offset) }
            text += index(1, offset + track.preGapSectors)
            offset += track.sectors
        }
        return text
    }
}
