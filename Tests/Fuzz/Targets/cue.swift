// libFuzzer target: the cue sheet parsers (the inspection one, and the burn's with its disc placement).
@testable import DiscImage

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCue(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let sheet = try? CueSheet.parse(text, path: "fuzz.cue") {
        precondition(!sheet.files.isEmpty && !sheet.tracks.isEmpty)
        for track in sheet.tracks { precondition((1...99).contains(track.number) && track.startSector >= 0) }
    }
    // The burn's parser (also `image info`'s) and its disc placement: accepted sheets place their tracks
    // contiguously from LBA -150 to the lead-out at totalBlocks.
    if let cue = try? BurnableCue.parse(text, cuePath: "/fuzz/f.cue", fileBytes: { _ in 2352 * 1000 }) {
        let placements = cue.discPlacements
        precondition(placements.first?.preGapLBA == -BurnableCue.firstTrackPreGapBlocks)
        for (previous, next) in zip(placements, placements.dropFirst()) { precondition(next.preGapLBA == previous.endLBA) }
        for p in placements { precondition(p.preGapLBA <= p.startLBA && p.startLBA < p.endLBA) }
        precondition(placements.last?.endLBA == cue.totalBlocks)
    }
    return 0
}
