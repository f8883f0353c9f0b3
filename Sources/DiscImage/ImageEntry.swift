/// One file, directory or symbolic link in an image's tree, as DiscImage hands it out.
public struct ImageEntry: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case file
        case directory = "dir"
        case symlink
    }

    /// A run of consecutive logical blocks holding (part of) a file's data. ECMA-119 §6.5.
    public struct Extent: Sendable, Equatable {
        public var lba: Int64
        public var lengthBytes: Int64
    }

    /// Absolute path inside the image, "/" for the root; components are the names as recorded.
    public var path: String
    /// The name as recorded (Rock Ridge NM, Joliet UCS-2, or ISO 9660 without ";1"). May contain "/" on hostile
    /// images; `Extractor` neutralises that.
    public var name: String
    public var kind: Kind
    /// Full size; for multi-extent files (ISO 9660 level 3) the sum of all extents.
    public var sizeBytes: Int64
    public var extents: [Extent] {
        get { (firstExtent.map { [$0] } ?? []) + moreExtents }
        set {
            firstExtent = newValue.first
            moreExtents = Array(newValue.dropFirst())
        }
    }
    /// Stored apart so that the common single-extent entry allocates no array.
    public var firstExtent: Extent?
    var moreExtents: [Extent] = []
    /// Modification time: Rock Ridge TF modify stamp, else the directory record date.
    public var modificationDate: ISODate?
    /// Rock Ridge PX mode bits (permissions and file type), when present.
    public var mode: UInt32?
    public var uid: UInt32?
    public var gid: UInt32?
    public var symlinkTarget: String?
    /// Depth below the root (root = 0).
    public var depth: Int
    /// UDF entries: every piece of the data in order (recorded, zero-filled, embedded); `extents` lists the
    /// recorded ones. Nil for ISO 9660 entries.
    var udfPieces: [UDFPiece]?
    /// UDF entries: the disc address of the file entry, a directory's identity for the loop check.
    var udfEntryLBA: Int64?

    public init(path: String, name: String, kind: Kind, sizeBytes: Int64, firstExtent: Extent?,
                modificationDate: ISODate?, depth: Int) {
        self.path = path
        self.name = name
        self.kind = kind
        self.sizeBytes = sizeBytes
        self.firstExtent = firstExtent
        self.modificationDate = modificationDate
        self.depth = depth
    }

    /// Permission bits (rwx for user/group/other plus setuid/setgid/sticky) when Rock Ridge recorded them.
    public var permissions: UInt32? { mode.map { $0 & 0o7777 } }
}

/// Which name space the tree is read through, best first.
public enum NameSpace: String, Sendable, Codable {
    case rockRidge
    case joliet
    case iso9660
}
