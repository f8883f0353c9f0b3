import CCdio
#if canImport(Glibc)
import Glibc
#endif

/// A track of a bin/cue as `image info` reports it (placed as the burn places it; see `DiscImage.inspectTracks`).
public struct ImageTrack: Sendable, Equatable, Codable {
    public var number: Int
    /// audio | mode1 | mode2 | mode2-xa | cdi | psx
    public var mode: String
    public var sectorBytes: Int
    public var startLBA: Int64
    public var blocks: Int64

    public init(number: Int, mode: String, sectorBytes: Int, startLBA: Int64, blocks: Int64) {
        self.number = number
        self.mode = mode
        self.sectorBytes = sectorBytes
        self.startLBA = startLBA
        self.blocks = blocks
    }
}

/// Checks on track image files before anything reads them.
public enum TrackImageReader {
    /// .nrg and .toc cannot be validated before libcdio parses them: refused with the way out.
    static func refuseUncheckedFormats(path: String) throws {
        let lower = path.lowercased()
        if lower.hasSuffix(".nrg") {
            throw DiscImageError.unsupported(path: path, detail: "Nero .nrg images are not supported (they cannot "
                + "be checked before libcdio reads them); convert it to .iso or bin/cue, e.g. with nrg2iso")
        }
        if lower.hasSuffix(".toc") {
            throw DiscImageError.unsupported(path: path, detail: "cdrdao .toc images are not supported (they cannot "
                + "be checked before libcdio reads them); convert it to bin/cue, e.g. with toc2cue")
        }
    }

    /// Reads the cue text (size-capped) and makes sure every FILE it names exists, naming the first that does not.
    static func checkCue(path: String) throws -> CueSheet {
        let file = try ImageFile(path: path)
        guard file.sizeBytes > 0 else { throw DiscImageError.emptyFile(path: path) }
        guard file.sizeBytes <= Int64(CueSheet.maximumBytes) else {
            throw DiscImageError.notADiscImage(path: path, detail: "\(file.sizeBytes) bytes is too big for a cue sheet")
        }
        let text = String(decoding: try file.read(at: 0, count: CueSheet.maximumBytes), as: UTF8.self)
        let sheet = try CueSheet.parse(text, path: path)
        for name in sheet.files {
            let full = DiscImage.resolve(name, relativeTo: path)
            var info = stat()
            guard stat(full, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                throw DiscImageError.missingTrackFile(cue: path, file: full)
            }
        }
        return sheet
    }

    /// libcdio logs to stderr by default; our errors are our own one-liners.
    /// `cdio/logging.h` is not in the CCdio module map, so the setter is looked up at run time.
    static func silenceLibcdio() {
        typealias Handler = @convention(c) (Int32, UnsafePointer<CChar>?) -> Void
        typealias Setter = @convention(c) (Handler?) -> Handler?
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "cdio_log_set_handler") else { return }
        let setter = unsafeBitCast(symbol, to: Setter.self)
        _ = setter { _, _ in }
    }
}
