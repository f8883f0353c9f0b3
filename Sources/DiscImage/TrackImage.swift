import CCdio
#if canImport(Glibc)
import Glibc
#endif

/// A track of a bin/cue, cdrdao .toc or Nero .nrg image, as libcdio's image drivers report it.
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

/// Opens track images through libcdio, after checking what libcdio will be handed.
public enum TrackImageReader {
    /// Tracks of a .cue image; each FILE is checked to exist and the sheet to be well-formed first.
    ///
    /// .toc and .nrg are refused by name: libcdio's readers for them trust what they read (a garbage .nrg makes
    /// cdio_open_nrg crash) and DiscImage has no Swift validator for them, so they never reach the C library.
    public static func tracks(path: String) throws -> (sheet: CueSheet?, tracks: [ImageTrack]) {
        try refuseUncheckedFormats(path: path)
        let sheet = try checkCue(path: path)
        silenceLibcdio()
        guard let handle = cdio_open_cue(path) else {
            throw DiscImageError.notADiscImage(path: path, detail: "libcdio cannot open it as a track image")
        }
        defer { cdio_destroy(handle) }
        return (sheet, readTracks(handle, sheet: sheet))
    }

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

    static func readTracks(_ handle: OpaquePointer, sheet: CueSheet?) -> [ImageTrack] {
        let first = Int(cdio_get_first_track_num(handle))
        let count = Int(cdio_get_num_tracks(handle))
        guard first >= 1, count >= 1, count <= 99, first + count - 1 <= 99 else { return [] }
        var tracks: [ImageTrack] = []
        for number in first..<(first + count) {
            let track = track_t(number)
            let format = cdio_get_track_format(handle, track)
            let green = cdio_get_track_green(handle, track) != 0
            let lsn = cdio_get_track_lsn(handle, track)
            let sectors = cdio_get_track_sec_count(handle, track)
            let fromSheet = sheet?.tracks.first { $0.number == number }
            tracks.append(ImageTrack(
                number: number, mode: modeName(format, green: green),
                sectorBytes: fromSheet?.sectorBytes ?? (format == TRACK_FORMAT_AUDIO ? 2352 : 2048),
                startLBA: Int64(max(0, lsn)), blocks: Int64(sectors)))
        }
        return tracks
    }

    static func modeName(_ format: track_format_t, green: Bool) -> String {
        switch format {
        case TRACK_FORMAT_AUDIO: return "audio"
        case TRACK_FORMAT_DATA: return "mode1"
        case TRACK_FORMAT_XA: return green ? "mode2-xa" : "mode2"
        case TRACK_FORMAT_CDI: return "cdi"
        case TRACK_FORMAT_PSX: return "psx"
        default: return "unknown"
        }
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
