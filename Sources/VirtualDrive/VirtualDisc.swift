/// A disc that can be put into a virtual drive: a media kind plus where its content lives — a DIR for a
/// recordable disc (persisted, see `VirtualDriveSpec`), an IMAGE for a pressed one, or neither for a fresh blank
/// disc in memory. Used by the `next=` spec option and `VirtualDrive.insert(_:)`.
///
/// Text form: `MEDIA[:DIR]` or `MEDIA:IMAGE` for pressed kinds ("dvd+r:/tmp/dir2", "dvd-rom:/x.iso", "bd-r").
public struct VirtualDisc: Sendable, Hashable, CustomStringConvertible {
    public var media: VirtualMediaKind
    /// Directory holding a recordable disc's state; nil keeps the disc in memory.
    public var directory: String?
    /// Image file of a pressed disc.
    public var imagePath: String?

    public init(media: VirtualMediaKind, directory: String? = nil, imagePath: String? = nil) {
        self.media = media
        self.directory = directory
        self.imagePath = imagePath
    }

    /// Parses `MEDIA[:PATH]` with the rules of `VirtualDriveSpec` (a pressed kind needs an image; the path may
    /// contain ':' and '/'). "none" is refused: an empty tray is not a disc. No options are accepted.
    public init(parsing text: String) throws {
        guard !text.contains("?"), !text.contains("&") else {
            throw VirtualDriveSpec.ParseError(message: "disc \"\(text)\": options ('?', '&') are not allowed here")
        }
        let spec = try VirtualDriveSpec(parsing: text)
        guard spec.media != .none else {
            throw VirtualDriveSpec.ParseError(message: "disc \"\(text)\": \"none\" is not a disc")
        }
        self.init(media: spec.media, directory: spec.directory, imagePath: spec.imagePath)
    }

    /// The disc part of a drive spec (its options are dropped).
    public init(_ spec: VirtualDriveSpec) {
        self.init(media: spec.media, directory: spec.directory, imagePath: spec.imagePath)
    }

    /// A drive spec holding just this disc, as `MediumStorage.open` takes it.
    var driveSpec: VirtualDriveSpec { VirtualDriveSpec(media: media, directory: directory, imagePath: imagePath) }

    /// `MEDIA[:PATH]`, the form `init(parsing:)` reads.
    public var description: String {
        guard let path = imagePath ?? directory else { return media.rawValue }
        return media.rawValue + ":" + path
    }
}
