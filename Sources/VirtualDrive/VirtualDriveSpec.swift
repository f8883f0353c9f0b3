/// What to put in a virtual drive, parsed from the text after "virtual:".
///
/// Forms:
/// - `MEDIA` — a fresh blank disc held in memory ("dvd+r", "bd-re", "none", ...).
/// - `MEDIA:DIR` — a recordable disc whose state persists in DIR (DIR/media.bin and DIR/state.json), so a later
///   process opening the same DIR sees what earlier ones wrote. A missing DIR is created at the first change to
///   store (a WRITE, MODE SELECT, FORMAT, ...), never by looking; one process at a time (see `StateDirectory`).
/// - `cd-rom:IMAGE`, `dvd-rom:IMAGE`, `bd-rom:IMAGE` — a pressed disc whose user data is the image file
///   (read-only; capacity = image size / 2048, rounded up).
/// - Options at the end: `?speed=16x&attention=1&becoming=3&latency=20`
///   - `speed=Nx` simulated write speed (the drive buffer drains at N × the family's 1× rate); default unthrottled.
///     A throttled drive has buffer underruns when the host does not keep its buffer fed (see `DriveBuffer`).
///   - `latency=MS` a slow drive: every command takes MS milliseconds more (0...10000; default 0).
///   - `attention=1` after load, the first command gets UNIT ATTENTION 6/28/00 (medium may have changed).
///   - `becoming=N` after that, N medium-access commands get NOT READY 2/04/01 (becoming ready).
///   - `next=MEDIA[:DIR]` (or `next=MEDIA:IMAGE` for a pressed kind) the disc a user puts in after the first
///     eject: see `VirtualDisc` and "Media change" on `VirtualDrive`. The value may contain ':' and '/' but not
///     '&' or '?' (no escaping); it must not name the drive's own DIR.
///   - `unreadable=A-B[,...]` bad sectors, `slow=A-B:MS[,...]` slow zones (see `VirtualDriveSpecFaults.swift`).
///   - Real-drive behaviours (`drive=PRESET`, `tao-close-track-error=1`, `long-write=S`, ...) and medium states
///     (`intermediate=1`, `pow=1`, `open-track=N`, ...): see `VirtualDriveSpecBehaviours.swift`.
public struct VirtualDriveSpec: Sendable, Hashable, CustomStringConvertible {
    public var media: VirtualMediaKind
    /// Directory holding a recordable disc's state; nil keeps the disc in memory.
    public var directory: String?
    /// Image file of a pressed disc.
    public var imagePath: String?
    /// Simulated write speed as a multiple of 1× (CD 176.4 kB/s, DVD 1,385 kB/s, BD 4,496 kB/s); nil: unthrottled.
    public var writeSpeedMultiplier: Double?
    /// Report UNIT ATTENTION 6/28/00 to the first command after the disc is loaded.
    public var unitAttentionOnLoad: Bool
    /// Medium-access commands answered NOT READY 2/04/01 (becoming ready) after the unit attention.
    public var becomingReadyCommands: Int
    /// Extra time every command takes (a slow drive), milliseconds.
    public var commandLatencyMilliseconds: Int
    /// The disc inserted after the first eject (`next=`); nil: the tray stays empty.
    public var nextDisc: VirtualDisc?
    /// Faults injected from the start (`unreadable=`, `slow=`); `VirtualDrive.clearFaults()` removes them too.
    public var faults: [VirtualFault]
    /// Real-drive behaviours as given (`drive=`, `tao-close-track-error=`, ...); `behaviours` is the effect.
    public var behaviourOptions = DriveBehaviourOptions()
    /// How a fresh disc starts (`intermediate=`, `fast-blanked=`, `bg-suspended=`, `pow=`, `open-track=`).
    public var mediumOptions = MediumStateOptions()

    /// The behaviours in effect: the preset's, overridden by each option given.
    public var behaviours: DriveBehaviours { behaviourOptions.effective }

    public init(media: VirtualMediaKind, directory: String? = nil, imagePath: String? = nil,
                writeSpeedMultiplier: Double? = nil, unitAttentionOnLoad: Bool = false,
                becomingReadyCommands: Int = 0, commandLatencyMilliseconds: Int = 0, nextDisc: VirtualDisc? = nil,
                faults: [VirtualFault] = []) {
        self.media = media
        self.directory = directory
        self.imagePath = imagePath
        self.writeSpeedMultiplier = writeSpeedMultiplier
        self.unitAttentionOnLoad = unitAttentionOnLoad
        self.becomingReadyCommands = becomingReadyCommands
        self.commandLatencyMilliseconds = commandLatencyMilliseconds
        self.nextDisc = nextDisc
        self.faults = faults
    }

    /// Why a spec string was refused.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    static let optionNames = ["speed", "attention", "becoming", "latency", "next", "unreadable", "slow"]
        + behaviourOptionNames + mediumOptionNames

    /// Parses "MEDIA[:PATH][?key=value&...]"; a leading "virtual:" is accepted and skipped.
    public init(parsing text: String) throws {
        var body = Substring(text)
        if body.hasPrefix("virtual:") { body = body.dropFirst("virtual:".count) }
        var options = Substring("")
        if let q = body.lastIndex(of: "?") {
            options = body[body.index(after: q)...]
            body = body[..<q]
        }
        let name: Substring
        var path: String?
        if let colon = body.firstIndex(of: ":") {
            name = body[..<colon]
            path = String(body[body.index(after: colon)...])
        } else {
            name = body
        }
        guard let media = VirtualMediaKind(rawValue: name.lowercased()) else {
            let valid = VirtualMediaKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ParseError(message: "unknown virtual medium \"\(name)\"; valid media: \(valid)")
        }
        self.init(media: media)
        try assignPath(path)
        try applyOptions(options)
        try checkMediumOptions()
    }

    private mutating func assignPath(_ path: String?) throws {
        if let path, path.isEmpty {
            throw ParseError(message: "empty path after \"\(media.rawValue):\"")
        }
        if media.isPressed {
            guard let path else {
                throw ParseError(message: "\(media.rawValue) is a pressed disc and needs an image file: "
                                 + "virtual:\(media.rawValue):IMAGE.iso")
            }
            imagePath = path
        } else if media == .none {
            if path != nil { throw ParseError(message: "\"none\" (empty drive) takes no path") }
        } else {
            directory = path
        }
    }

    private mutating func applyOptions(_ options: Substring) throws {
        guard !options.isEmpty else { return }
        for pair in options.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].isEmpty else {
                throw ParseError(message: "option \"\(pair)\" is not key=value")
            }
            let key = parts[0].lowercased(), value = String(parts[1])
            switch key {
            case "speed": writeSpeedMultiplier = try Self.parseSpeed(value)
            case "attention": unitAttentionOnLoad = try Self.parseBool(value, key: key)
            case "becoming":
                guard let n = Int(value), (0...1000).contains(n) else {
                    throw ParseError(message: "becoming=\(value): expected a count 0...1000")
                }
                becomingReadyCommands = n
            case "latency":
                guard let n = Int(value), (0...10_000).contains(n) else {
                    throw ParseError(message: "latency=\(value): expected milliseconds 0...10000")
                }
                commandLatencyMilliseconds = n
            case "next": nextDisc = try parseNextDisc(value)
            case "unreadable": faults += try Self.parseUnreadable(value)
            case "slow": faults += try Self.parseSlow(value)
            default:
                if try applyBehaviourOption(key, value) || applyMediumOption(key, value) { continue }
                throw ParseError(message: "unknown option \"\(key)\"; valid options: "
                                 + Self.optionNames.joined(separator: ", "))
            }
        }
    }

    private func parseNextDisc(_ value: String) throws -> VirtualDisc {
        let disc: VirtualDisc
        do {
            disc = try VirtualDisc(parsing: value)
        } catch {
            throw ParseError(message: "next=\(value): \(error)")
        }
        if let own = directory, disc.directory == own {
            throw ParseError(message: "next=\(value): the next disc must live in another directory than \(own)")
        }
        return disc
    }

    static func parseSpeed(_ value: String) throws -> Double {
        var digits = Substring(value)
        if digits.last == "x" || digits.last == "X" { digits = digits.dropLast() }
        guard let x = Double(digits), x.isFinite, x > 0, x <= 1000 else {
            throw ParseError(message: "speed=\(value): expected a multiple of 1× such as 16x")
        }
        return x
    }

    static func parseBool(_ value: String, key: String) throws -> Bool {
        switch value.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ParseError(message: "\(key)=\(value): expected 1 or 0")
        }
    }

    /// The spec in the form `init(parsing:)` reads (without the "virtual:" prefix).
    public var description: String {
        var s = media.rawValue
        if let p = imagePath ?? directory { s += ":" + p }
        var options = [String]()
        if let x = writeSpeedMultiplier {
            options.append("speed=" + (x == x.rounded() ? String(Int(x)) : String(x)) + "x")
        }
        if unitAttentionOnLoad { options.append("attention=1") }
        if becomingReadyCommands > 0 { options.append("becoming=\(becomingReadyCommands)") }
        if commandLatencyMilliseconds > 0 { options.append("latency=\(commandLatencyMilliseconds)") }
        if let nextDisc { options.append("next=\(nextDisc)") }
        options += faultOptions
        options += behaviourOptionTexts + mediumOptionTexts
        if !options.isEmpty { s += "?" + options.joined(separator: "&") }
        return s
    }
}
