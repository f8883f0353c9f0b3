import DiscImage

/// What a file to burn turned out to be, decided before anything is written.
public struct CheckedImage: Sendable, Hashable {
    public var blocks: UInt64
    /// Not ISO 9660 or UDF: burned byte for byte as data.
    public var isData: Bool
    /// Printed with the plan (never silent): the data notice, or what `--force` let through.
    public var notes: [String]
}

/// The image checks of a burn. An image lands at the disc's next writable address; only an image mastered for
/// that address mounts there (mkisofs -C S,N; MMC-NOTES "Appending a session"), so the check knows it.
enum ImageCheck {
    static func check(_ source: ImageSource, startLBA: UInt64, options: BurnOptions, device: String = "DEV") throws -> CheckedImage {
        guard source.sizeBytes > 0 else {
            throw BurnError.imageInvalid(path: source.path, problems: ["the file is empty"])
        }
        let path = source.path
        // A track image is never burned as data: that burned a cue sheet's text (issue 11).
        try BurnPlanner.refuseTrackImage(path)
        let validation: ImageValidation
        do {
            validation = try DiscImage.validate(path: path, startLBA: Int64(startLBA))
        } catch DiscImageError.notADiscImage(_, let detail) {
            // At NWA > 0 a session is mounted through its own volume descriptors at N+16: a file without them
            // there (a cut-out tail of an image, one that starts mid-file-system) would hide the disc's files.
            // Raw data is appended only when asked for with --data.
            if startLBA > 0, !options.data {
                throw BurnError.sessionImageWithoutDescriptors(path: path, device: device, nextWritableAddress: startLBA)
            }
            // cdrecord, growisofs and xorriso burn any data; so does DiscBurn, saying so unless --data asked for it.
            let note = "\(path) is not an ISO 9660 or UDF image (\(detail)): burning it as data, byte for byte "
                + "(--data: no notice)"
            return CheckedImage(blocks: source.blocks, isData: true, notes: options.data ? [] : [note])
        } catch {
            guard options.force else { throw BurnError.imageInvalid(path: path, problems: ["\(error)"]) }
            return CheckedImage(blocks: source.blocks, isData: false, notes: ["--force: burning a damaged image (\(error))"])
        }
        if validation.rootBelowStartLBA {
            throw BurnError.imageNotMasteredForAddress(path: path, device: device, nextWritableAddress: startLBA)
        }
        if validation.truncated || !validation.isBurnable {
            guard options.force else {
                if validation.truncated {
                    throw BurnError.imageTruncated(path: path, missingBlocks: validation.missingBlocks)
                }
                throw BurnError.imageInvalid(path: path, problems: validation.problems)
            }
            return CheckedImage(blocks: source.blocks, isData: false,
                                notes: ["--force: burning an image that is not fit to burn ("
                                        + validation.problems.prefix(2).joined(separator: "; ") + ")"])
        }
        return CheckedImage(blocks: source.blocks, isData: false, notes: [])
    }
}
