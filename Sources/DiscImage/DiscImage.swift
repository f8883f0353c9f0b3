import CCdio
#if canImport(Glibc)
import Glibc
#endif

/// Entry points: inspect, validate and open images. Read-only; everything handed out is a Swift value.
public enum DiscImage {
    /// True for the extensions whose files are track descriptions read through libcdio.
    public static func isTrackImage(path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".cue") || lower.hasSuffix(".toc") || lower.hasSuffix(".nrg")
    }

    /// Opens the file and refuses what cannot be an image (directory, empty file).
    static func openFile(_ path: String) throws -> ImageFile {
        let file = try ImageFile(path: path, allowBlockDevice: true)
        guard file.sizeBytes > 0 else { throw DiscImageError.emptyFile(path: path) }
        return file
    }

    /// The ISO 9660 file system of an image: a plain ISO, or the first data track of a bin/cue.
    /// `startLBA`: the disc address the image was mastered for (`mkisofs -C S,N` masters for N).
    public static func fileSystem(path: String, preferJoliet: Bool = false, startLBA: Int64 = 0) throws -> ISOFileSystem {
        if isTrackImage(path: path) {
            try TrackImageReader.refuseUncheckedFormats(path: path)
            guard let located = try locateDataTrack(path: path) else {
                throw DiscImageError.unsupported(
                    path: path, detail: "no data track with an ISO 9660 file system; nothing to list")
            }
            return located
        }
        let file = try openFile(path)
        do {
            return try ISOFileSystem(reader: BlockReader(file: file, layout: .iso(firstLBA: startLBA)),
                                     preferJoliet: preferJoliet)
        } catch DiscImageError.notADiscImage(let path, let detail) {
            if try UDFVolume.detect(BlockReader(file: file)) != nil {
                throw DiscImageError.unsupported(
                    path: path, detail: "the image has only a UDF file system, no ISO 9660 tree; read it without --iso9660")
            }
            throw DiscImageError.notADiscImage(path: path, detail: FileSignature.describe(file) ?? detail)
        }
    }

    /// Describes the image; throws only when it is not an image at all. Damage is in `validation.problems`.
    /// `startLBA`: the disc address the image is to be read at (the NWA it is burned to; 0 for a first session).
    public static func inspect(path: String, startLBA: Int64 = 0) throws -> ImageInfo {
        if isTrackImage(path: path) { return try inspectTracks(path: path) }
        let file = try openFile(path)
        let reader = BlockReader(file: file, layout: .iso(firstLBA: startLBA))
        let udf = try UDFVolume.detect(reader)
        var fileSystem: ISOFileSystem?
        do {
            fileSystem = try ISOFileSystem(reader: reader)
        } catch DiscImageError.notADiscImage(let path, let detail) where udf == nil {
            throw DiscImageError.notADiscImage(path: path, detail: FileSignature.describe(file) ?? detail)
        } catch where udf != nil {
            fileSystem = nil
        }
        let format: ImageFormat = fileSystem == nil ? .udf : (udf == nil ? .iso9660 : .iso9660AndUDF)
        var info = ImageInfo(
            path: path, format: format, sizeBytes: file.sizeBytes, primary: fileSystem?.primary,
            nameSpace: fileSystem?.nameSpace, joliet: fileSystem?.hasJoliet ?? false,
            rockRidge: fileSystem?.hasRockRidge ?? false, udf: udf, bootCatalog: nil,
            hybrid: try HybridLayout.read(file), tracks: [],
            validation: ImageValidation(sizeBytes: file.sizeBytes, blockBytes: 2048,
                                        volumeBlocks: volumeBlocks(iso: fileSystem, udf: udf)))
        if let fileSystem, let reason = fileSystem.notMasteredReason(startLBA: startLBA) {
            info.validation.rootBelowStartLBA = true
            info.validation.add(reason)
            return info
        }
        if fileSystem == nil, let udf, startLBA == 0, info.validation.problems.isEmpty {
            // UDF only: its tree is the only check there is. A volume this reader does not support (VAT,
            // sparable) is not damage and stays burnable; a damaged one is refused like a damaged ISO.
            do {
                info.validation.checkTree(try UDFFileSystem(reader: reader, standard: udf.standard))
            } catch let error as DiscImageError {
                if case .corrupt = error { info.validation.add("\(error)") }
            }
        }
        if let fileSystem {
            if let catalog = fileSystem.descriptors.bootCatalogLBA {
                info.bootCatalog = try BootCatalog.read(reader, lba: catalog)
            }
            info.validation.checkTree(fileSystem)
            checkWithLibiso9660(path: path, expectedVolumeId: fileSystem.primary.volumeId, into: &info.validation)
        }
        return info
    }

    /// The blocks the volume needs: the larger of the ISO 9660 volume space and the UDF partitions' end.
    static func volumeBlocks(iso: ISOFileSystem?, udf: UDFVolume?) -> Int64? {
        switch (iso?.primary.volumeSpaceBlocks, udf?.volumeBlocks) {
        case let (iso?, udf?): return max(iso, udf)
        case let (iso?, nil): return iso
        case let (nil, udf?): return udf
        case (nil, nil): return nil
        }
    }

    /// The burn engine's check: sizes, truncation, readable descriptors and tree. Throws only for non-images.
    /// `startLBA`: where it will be written; an image for a later session must have been mastered for it.
    public static func validate(path: String, startLBA: Int64 = 0) throws -> ImageValidation {
        try inspect(path: path, startLBA: startLBA).validation
    }

    /// Second opinion from libiso9660, asked only after our own reader accepted the descriptors: it must open the
    /// superblock and agree on the volume id.
    static func checkWithLibiso9660(path: String, expectedVolumeId: String, into validation: inout ImageValidation) {
        guard validation.problems.isEmpty else { return }
        guard let theirs = libiso9660VolumeId(path: path) else {
            validation.add("libiso9660 cannot read the volume descriptors")
            return
        }
        if theirs != expectedVolumeId {
            validation.add("volume id disagrees: libiso9660 reads '\(theirs)', DiscImage reads '\(expectedVolumeId)'")
        }
    }

    /// `iso9660_open` reads the primary (and Joliet) descriptors; nil when it cannot.
    static func libiso9660VolumeId(path: String) -> String? {
        TrackImageReader.silenceLibcdio()
        guard let iso = iso9660_open(path) else { return nil }
        defer { _ = iso9660_close(iso) }
        var volumeId: UnsafeMutablePointer<CChar>?
        guard iso9660_ifs_get_volume_id(iso, &volumeId) != 0, let volumeId else { return nil }
        defer { free(volumeId) }
        return String(cString: volumeId).trimmingTrailingSpaces
    }
}

extension String {
    var trimmingTrailingSpaces: String { String(reversed().drop(while: { $0 == " " }).reversed()) }
}
