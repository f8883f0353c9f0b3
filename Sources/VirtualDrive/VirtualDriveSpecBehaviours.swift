/// The text form of real-drive behaviours and medium states in a spec (`virtual:MEDIA[:DIR]?...`). Sources for
/// every behaviour: Vendor-notes/drive-behaviours.md.
///
/// Drive behaviours (`DriveBehaviours`), each off unless given or bundled by `drive=`:
/// - `drive=PRESET` the behaviours of one real drive: lg-gh22ls30, lg-ggw-h20, pioneer-bdr-205,
///   pioneer-dvr-k04ra, lite-on-ltr-48125s (`DrivePreset`). Options given beside it override the preset's.
/// - `tao-close-track-error=1`, `busy-after-immed=1`, `nwa-minus-150=1`, `rti-ff-strict=1`, `streaming-junk=1`,
///   `whole-packets=1` (1 or 0).
/// - `long-write=SECONDS` (0...3600), `recovered=N` (0 = off, 1...1000000), `reset-at=LBA` (−150...2^31).
///
/// Medium states (`MediumStateOptions`), for a fresh disc of the right kind only:
/// - `intermediate=1` (dvd-rw), `fast-blanked=1` (dvd-rw), `bg-suspended=1` (dvd+rw), `pow=1` (bd-r),
///   `open-track=BLOCKS` (recordable sequential media, 1 ... capacity).
extension VirtualDriveSpec {
    static let behaviourOptionNames = ["drive", "tao-close-track-error", "long-write", "busy-after-immed",
                                       "nwa-minus-150", "rti-ff-strict", "streaming-junk", "recovered", "reset-at",
                                       "whole-packets"]
    static let mediumOptionNames = ["intermediate", "fast-blanked", "bg-suspended", "pow", "open-track"]

    /// Applies `key=value` when it is a behaviour option; false for other keys.
    mutating func applyBehaviourOption(_ key: String, _ value: String) throws -> Bool {
        var o = behaviourOptions
        switch key {
        case "drive":
            guard let preset = DrivePreset(rawValue: value.lowercased()) else {
                throw ParseError(message: "drive=\(value): unknown drive; known drives: "
                                 + DrivePreset.allCases.map(\.rawValue).joined(separator: ", "))
            }
            o.preset = preset
        case "tao-close-track-error": o.taoCloseTrackError = try Self.parseBool(value, key: key)
        case "busy-after-immed": o.busyAfterImmediate = try Self.parseBool(value, key: key)
        case "nwa-minus-150": o.nwaMinus150 = try Self.parseBool(value, key: key)
        case "rti-ff-strict": o.readTrackInformationFFStrict = try Self.parseBool(value, key: key)
        case "streaming-junk": o.streamingJunk = try Self.parseBool(value, key: key)
        case "whole-packets": o.wholePackets = try Self.parseBool(value, key: key)
        case "long-write": o.longWriteSeconds = try Self.parseInt(value, key: key, 0...3600, "seconds")
        case "recovered": o.recoveredEvery = try Self.parseInt(value, key: key, 0...1_000_000, "a count N")
        case "reset-at": o.resetAtLBA = try Self.parseInt(value, key: key, -150...(1 << 31), "an LBA")
        default: return false
        }
        behaviourOptions = o
        return true
    }

    /// Applies `key=value` when it is a medium state option; false for other keys.
    mutating func applyMediumOption(_ key: String, _ value: String) throws -> Bool {
        switch key {
        case "intermediate": mediumOptions.intermediate = try Self.parseBool(value, key: key)
        case "fast-blanked": mediumOptions.fastBlanked = try Self.parseBool(value, key: key)
        case "bg-suspended": mediumOptions.backgroundFormatSuspended = try Self.parseBool(value, key: key)
        case "pow": mediumOptions.pseudoOverwrite = try Self.parseBool(value, key: key)
        case "open-track":
            let blocks = try Self.parseInt(value, key: key, 0...(1 << 31), "a block count")
            mediumOptions.openTrackBlocks = blocks > 0 ? blocks : nil
        default: return false
        }
        return true
    }

    /// Refuses a medium state the medium cannot be in.
    func checkMediumOptions() throws {
        let m = mediumOptions
        func require(_ ok: Bool, _ option: String, _ media: String) throws {
            guard ok else { throw ParseError(message: "\(option)=1 needs a \(media) disc, not \(self.media.rawValue)") }
        }
        try require(!m.intermediate || media == .dvdRW, "intermediate", "dvd-rw")
        try require(!m.fastBlanked || media == .dvdRW, "fast-blanked", "dvd-rw")
        try require(!m.backgroundFormatSuspended || media == .dvdPlusRW, "bg-suspended", "dvd+rw")
        try require(!m.pseudoOverwrite || media == .bdR, "pow", "bd-r")
        if m.intermediate && m.fastBlanked {
            throw ParseError(message: "intermediate=1 and fast-blanked=1 exclude each other")
        }
        if let blocks = m.openTrackBlocks {
            guard media.isSequential, !media.isPressed else {
                throw ParseError(message: "open-track=\(blocks) needs a recordable sequential disc (cd-r, dvd+r, bd-r, ...)")
            }
            guard blocks <= media.blankCapacityBlocks, !m.intermediate, !m.pseudoOverwrite else {
                throw ParseError(message: "open-track=\(blocks): more than the disc holds, or combined with a formatted state")
            }
        }
    }

    static func parseInt(_ value: String, key: String, _ range: ClosedRange<Int>, _ what: String) throws -> Int {
        guard let n = Int(value), range.contains(n) else {
            throw ParseError(message: "\(key)=\(value): expected \(what) in \(range.lowerBound)...\(range.upperBound)")
        }
        return n
    }

    /// Behaviour options for `description`, in a fixed order.
    var behaviourOptionTexts: [String] {
        let o = behaviourOptions
        var texts = [String]()
        func flag(_ name: String, _ v: Bool?) { if let v { texts.append("\(name)=\(v ? 1 : 0)") } }
        func number(_ name: String, _ v: Int?) { if let v { texts.append("\(name)=\(v)") } }
        if let preset = o.preset { texts.append("drive=\(preset.rawValue)") }
        flag("tao-close-track-error", o.taoCloseTrackError)
        number("long-write", o.longWriteSeconds)
        flag("busy-after-immed", o.busyAfterImmediate)
        flag("nwa-minus-150", o.nwaMinus150)
        flag("rti-ff-strict", o.readTrackInformationFFStrict)
        flag("streaming-junk", o.streamingJunk)
        number("recovered", o.recoveredEvery)
        number("reset-at", o.resetAtLBA)
        flag("whole-packets", o.wholePackets)
        return texts
    }

    /// Medium state options for `description`.
    var mediumOptionTexts: [String] {
        let m = mediumOptions
        var texts = [String]()
        if m.intermediate { texts.append("intermediate=1") }
        if m.fastBlanked { texts.append("fast-blanked=1") }
        if m.backgroundFormatSuspended { texts.append("bg-suspended=1") }
        if m.pseudoOverwrite { texts.append("pow=1") }
        if let blocks = m.openTrackBlocks { texts.append("open-track=\(blocks)") }
        return texts
    }
}
