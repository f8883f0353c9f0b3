import Foundation

/// A loaded disc: its state plus its blocks, and where both persist (DIR/state.json and DIR/media.bin) when the
/// spec names a directory.
final class MediumStorage {
    var state: MediumState
    let sectors: SectorStore
    /// DIR of a persisted disc; nil for in-memory and pressed discs.
    let directory: String?
    /// Image of a pressed disc.
    let imagePath: String?
    /// state.json writes that were fsynced with their directory, for tests of durability.
    private(set) var durableStateSaves = 0
    /// The bytes of the last durable state.json save: saving the same state durably again is a no-op (a second
    /// SYNCHRONIZE CACHE, as growisofs sends, costs no journal commits).
    private var durableStateBytes: [UInt8]?
    /// DIR of a persisted disc: created lazily, locked while this disc is in a drive.
    private(set) var stateDirectory: StateDirectory?
    /// Whole CD sectors of tracks recorded along a cue sheet (DIR/raw.bin, or memory).
    lazy var rawSectors = RawSectorStore(directory: stateDirectory)

    static let stateFileName = "state.json"
    static let mediaFileName = "media.bin"

    private init(state: MediumState, sectors: SectorStore, directory: String?, imagePath: String?) {
        self.state = state
        self.sectors = sectors
        self.directory = directory
        self.imagePath = imagePath
    }

    /// A fresh blank disc in memory; for a pressed kind, a pressed disc of `pressedPlaceholderBlocks` zero blocks.
    static func blank(_ media: VirtualMediaKind) -> MediumStorage {
        let state = media.isPressed ? MediumState(pressed: media, blocks: pressedPlaceholderBlocks) : MediumState(blank: media)
        return MediumStorage(state: state, sectors: MemorySectorStore(), directory: nil, imagePath: nil)
    }

    /// A copy for a test write: same state, reads from this disc's blocks, writes discarded, never persisted.
    func simulatedCopy() -> MediumStorage {
        MediumStorage(state: state, sectors: SimulatedSectorStore(base: sectors), directory: nil, imagePath: nil)
    }

    /// Size of a pressed disc created without an image (`VirtualDrive(media: .dvdROM)`): 16 blocks of zeros.
    static let pressedPlaceholderBlocks = 16

    /// Opens what `spec` describes: a pressed image, a persisted DIR (created when missing), or a blank disc; a disc
    /// created now starts in the states of `spec.mediumOptions`.
    static func open(_ spec: VirtualDriveSpec) throws -> MediumStorage {
        if spec.media.isPressed {
            guard let image = spec.imagePath else {
                throw VirtualDriveError.invalidSpec("\(spec.media.rawValue) needs an image file")
            }
            return try pressed(spec.media, image: image)
        }
        if let dir = spec.directory, spec.media != .none {
            return try persisted(spec.media, directory: dir, fresh: spec.mediumOptions)
        }
        let storage = blank(spec.media)
        if !spec.media.isPressed { storage.state.apply(spec.mediumOptions) }
        return storage
    }

    private static func pressed(_ media: VirtualMediaKind, image: String) throws -> MediumStorage {
        let store: FileSectorStore
        let size: Int
        do {
            store = try FileSectorStore(path: image, writable: false)
            size = try store.sizeBytes()
        } catch {
            throw VirtualDriveError.io("cannot open image: \(error)")
        }
        let blocks = (size + blockBytes - 1) / blockBytes
        guard blocks > 0 else { throw VirtualDriveError.invalidSpec("image \(image) is empty") }
        return MediumStorage(state: MediumState(pressed: media, blocks: blocks), sectors: store, directory: nil,
                             imagePath: image)
    }

    /// `fresh` sets up a disc created now (a DIR without state.json); an existing disc keeps its state. Nothing
    /// is created here unless `fresh` asks for a medium state (see `StateDirectory`); an existing DIR is locked.
    private static func persisted(_ media: VirtualMediaKind, directory: String,
                                  fresh: MediumStateOptions) throws -> MediumStorage {
        let place = StateDirectory(path: directory)
        let statePath = place.file(stateFileName)
        let state: MediumState
        let stored = FileManager.default.fileExists(atPath: statePath)
        if stored {
            state = try loadState(statePath)
            guard state.media == media else {
                throw VirtualDriveError.stateMismatch(
                    "\(directory) holds a \(state.media.rawValue) disc, not \(media.rawValue)")
            }
        } else {
            var blank = MediumState(blank: media)
            blank.apply(fresh)
            state = blank
        }
        if place.exists { try place.lock() }  // after the kind check: a wrong kind is the more useful error
        let store = try LazyFileSectorStore(directory: place, fileName: mediaFileName)
        let storage = MediumStorage(state: state, sectors: store, directory: directory, imagePath: nil)
        storage.stateDirectory = place
        if !stored, !fresh.isEmpty { try storage.saveState() }
        return storage
    }

    private static func loadState(_ path: String) throws -> MediumState {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            var state = try JSONDecoder().decode(MediumState.self, from: data).validated()
            state.version = MediumState.currentVersion  // written back in the current layout
            return state
        } catch let e as MediumState.Invalid {
            throw VirtualDriveError.stateMismatch("\(path): \(e.reason)")
        } catch {
            throw VirtualDriveError.stateMismatch("\(path): cannot decode: \(error)")
        }
    }

    /// Writes DIR/state.json atomically (no-op for in-memory discs): a temporary file renamed over it, so a reader
    /// or a crash sees the old or the new state, never a mix. `durable` also fsyncs the file and DIR.
    func saveState(durable: Bool = true) throws {
        guard let directory else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let path = (directory as NSString).appendingPathComponent(Self.stateFileName)
        try stateDirectory?.prepareForWriting()
        do {
            let bytes = [UInt8](try encoder.encode(state))
            if durable, bytes == durableStateBytes { return }
            durableStateBytes = nil
            try DurableFile.replace(path, with: bytes, durable: durable)
            if durable {
                durableStateBytes = bytes
                durableStateSaves += 1
            }
        } catch {
            throw VirtualDriveError.io("cannot write \(path): \(error)")
        }
    }
}

/// Errors opening a virtual drive (spec, image, state directory).
public enum VirtualDriveError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidSpec(String)
    case io(String)
    case stateMismatch(String)
    /// A request to the drive object itself (such as `corrupt(lba:blocks:)`) that cannot be carried out.
    case invalidRequest(String)
    /// Another drive (another DiscBurn process, or another drive in this one) holds the disc in `directory`.
    case inUse(directory: String, pid: Int32?)

    public var description: String {
        switch self {
        case .invalidSpec(let m): return "invalid virtual drive spec: \(m)"
        case .io(let m): return "virtual drive I/O error: \(m)"
        case .stateMismatch(let m): return "virtual drive state: \(m)"
        case .invalidRequest(let m): return "virtual drive: \(m)"
        case .inUse(let directory, let pid):
            let owner = pid.map { "PID \($0)" } ?? "another process"
            return "virtual disc \(directory) is in use by \(owner); wait for it to finish or use another directory."
        }
    }
}
