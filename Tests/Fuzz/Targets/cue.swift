// libFuzzer target: the cue sheet parser (what decides whether libcdio ever sees a sheet).
@testable import DiscImage

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCue(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let sheet = try? CueSheet.parse(text, path: "fuzz.cue") {
        precondition(!sheet.files.isEmpty && !sheet.tracks.isEmpty)
        for track in sheet.tracks { precondition((1...99).contains(track.number) && track.startSector >= 0) }
    }
    return 0
}
