/// Everything the outside world can do wrong to an image. Each case renders one line: the cause and the fix.
public enum DiscImageError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case isDirectory(path: String)
    case notRegularFile(path: String, kind: String)
    case emptyFile(path: String)
    case notADiscImage(path: String, detail: String)
    case truncated(path: String, haveBlocks: Int64, needBlocks: Int64)
    case corrupt(path: String, detail: String)
    case missingTrackFile(cue: String, file: String)
    case unsupported(path: String, detail: String)
    case notFound(path: String, inImage: String)
    case readFailed(path: String, offsetBytes: Int64, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return "cannot open '\(path)': \(reason); check the path and permissions"
        case .isDirectory(let path):
            return "'\(path)' is a directory, not an image file; give the path of an .iso, .cue, .toc or .nrg file"
        case .notRegularFile(let path, let kind):
            return "'\(path)' is \(kind), not a regular file; give the path of an image file"
        case .emptyFile(let path):
            return "'\(path)' is empty (0 bytes); re-create or re-download the image"
        case .notADiscImage(let path, let detail):
            return "'\(path)' is not a disc image (\(detail)); give an ISO 9660/UDF image or a .cue sheet"
        case .truncated(let path, let have, let need):
            return "'\(path)' is truncated: \(have) of \(need) blocks present, \(need - have) missing; "
                + "re-download or re-create the image"
        case .corrupt(let path, let detail):
            return "'\(path)' is damaged: \(detail); re-create or re-download the image"
        case .missingTrackFile(let cue, let file):
            return "cue sheet '\(cue)' refers to '\(file)', which does not exist; "
                + "put the track file next to the cue sheet or fix its FILE line"
        case .unsupported(let path, let detail):
            return "'\(path)': \(detail)"
        case .notFound(let path, let image):
            return "'\(path)' not found in '\(image)'; list the image with 'discburn image ls' to see its paths"
        case .readFailed(let path, let offset, let reason):
            return "cannot read '\(path)' at byte \(offset): \(reason); check the file and the disk it is on"
        }
    }
}
