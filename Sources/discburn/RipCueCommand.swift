import Burning
import Foundation
import MMC

/// `discburn rip OUT.cue`: a CD ripped to OUT.bin + OUT.cue (whole 2352-byte sectors, see `CueRipper`).
extension RipCommand {
    func ripToCue(json: Bool) async throws {
        guard !resume, map == nil, session == nil else {
            throw CLIError("a rip to .cue reads the whole first session in one go: leave out --resume, --map and --session")
        }
        let drive = try DriveOpener.drive(for: driveOptions)
        let ripper = CueRipper(drive: drive, cuePath: output)
        let tracks = try await ripper.plan()
        let sectors = tracks.reduce(0) { $0 + $1.sectors }
        EventOutput.emit("plan", CueRipPlanEvent(cuePath: output, tracks: tracks, sectors: sectors))
        if !json { print("Ripping \(tracks.count) track(s), \(sectors) sectors of 2352 bytes, to \(output)") }
        let progress = ProgressPrinter(drive: driveOptions.drive)
        let result = try ripper.run(tracks) { done, total in
            guard done % 256 == 0 || done == total else { return }
            progress.show(ProgressEvent(phase: "reading", done: UInt64(done) * 2352, total: UInt64(total) * 2352))
        }
        progress.end()
        EventOutput.emit("result", CueRipResultEvent(result: "ok", cuePath: result.cuePath, binPath: result.binPath,
                                                     tracks: result.tracks, sha256: result.sha256, md5: result.md5))
        guard !json else { return }
        for t in result.tracks { print(String(format: "  track %02d %@ %d sectors from LBA %d", t.number, t.mode, t.sectors, t.startLBA)) }
        print("Wrote \(result.binPath) and \(result.cuePath)\nSHA-256 \(result.sha256) (bin)")
    }
}

struct CueRipPlanEvent: Encodable {
    var cuePath: String
    var tracks: [CueRipper.Track]
    var sectors: Int
}

struct CueRipResultEvent: Encodable {
    var result: String
    var cuePath: String
    var binPath: String
    var tracks: [CueRipper.Track]
    var sha256: String
    var md5: String
}
