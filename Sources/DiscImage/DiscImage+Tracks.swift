/// bin/cue, .toc and .nrg: tracks through libcdio; an ISO 9660 file system in a cue's first data track through
/// our own reader over raw sectors.
extension DiscImage {
    static func inspectTracks(path: String) throws -> ImageInfo {
        try TrackImageReader.refuseUncheckedFormats(path: path)
        let file = try openFile(path)
        let (sheet, tracks) = try TrackImageReader.tracks(path: path)
        guard !tracks.isEmpty else {
            throw DiscImageError.corrupt(path: path, detail: "libcdio found no tracks")
        }
        let lower = path.lowercased()
        let format: ImageFormat = lower.hasSuffix(".cue") ? .cue : (lower.hasSuffix(".toc") ? .toc : .nrg)
        let totalBlocks = tracks.reduce(Int64(0)) { $0 &+ $1.blocks }
        var validation = ImageValidation(
            blocks: totalBlocks, blockBytes: tracks[0].sectorBytes, volumeBlocks: totalBlocks,
            blocksPresent: totalBlocks, truncated: false, missingBlocks: 0, problems: [])
        if let sheet { try checkTrackFiles(sheet, cuePath: path, into: &validation) }
        let fileSystem = try? locateDataTrack(path: path)
        if let fileSystem, let dataTrack = tracks.first(where: { $0.mode != "audio" }) {
            let volume = fileSystem.primary.volumeSpaceBlocks
            if volume > dataTrack.blocks {
                validation.truncated = true
                validation.missingBlocks = volume - dataTrack.blocks
                validation.add("data track \(dataTrack.number) holds \(dataTrack.blocks) of the \(volume) blocks "
                    + "its file system needs, \(validation.missingBlocks) missing")
            }
            validation.checkTree(fileSystem)
        }
        // Size of the track data: the files a cue names (the .toc/.nrg file itself otherwise).
        let dataBytes = try sheet?.files.reduce(Int64(0)) {
            $0 &+ (try ImageFile(path: resolve($1, relativeTo: path)).sizeBytes)
        } ?? file.sizeBytes
        return ImageInfo(
            path: path, format: format, sizeBytes: dataBytes, primary: fileSystem?.primary,
            nameSpace: fileSystem?.nameSpace, joliet: fileSystem?.hasJoliet ?? false,
            rockRidge: fileSystem?.hasRockRidge ?? false, udf: nil, bootCatalog: nil,
            hybrid: HybridLayout(mbrPartitions: [], hasGPT: false), tracks: tracks, validation: validation)
    }

    /// Each track file must be a whole number of its tracks' sectors.
    static func checkTrackFiles(_ sheet: CueSheet, cuePath: String, into validation: inout ImageValidation) throws {
        for name in sheet.files {
            guard let sectorBytes = sheet.tracks.first(where: { $0.file == name })?.sectorBytes, sectorBytes > 0
            else { continue }
            let data = try ImageFile(path: resolve(name, relativeTo: cuePath))
            if data.sizeBytes % Int64(sectorBytes) != 0 {
                validation.add("'\(name)' is \(data.sizeBytes) bytes, not a multiple of its \(sectorBytes)-byte "
                    + "sectors (\(data.sizeBytes % Int64(sectorBytes)) bytes over)")
            }
        }
    }

    static func resolve(_ name: String, relativeTo cuePath: String) -> String {
        guard !name.hasPrefix("/"), let slash = cuePath.lastIndex(of: "/") else { return name }
        return String(cuePath[..<slash]) + "/" + name
    }

    /// The first MODE1/MODE2 track of a cue sheet, read as 2048-byte blocks if it holds ISO 9660.
    static func locateDataTrack(path: String) throws -> ISOFileSystem? {
        guard path.lowercased().hasSuffix(".cue") else { return nil }
        let sheet = try TrackImageReader.checkCue(path: path)
        guard let track = sheet.tracks.first(where: { $0.mode.hasPrefix("MODE") }) else { return nil }
        let userDataOffset: Int
        switch (track.mode.hasPrefix("MODE1"), track.sectorBytes) {
        case (_, 2048): userDataOffset = 0
        case (true, 2352): userDataOffset = 16
        case (false, 2352): userDataOffset = 24
        case (false, 2336): userDataOffset = 8
        default: return nil
        }
        let layout = SectorLayout(sectorBytes: track.sectorBytes, userDataOffset: userDataOffset,
                                  startOffsetBytes: track.startSector * Int64(track.sectorBytes))
        let file = try ImageFile(path: resolve(track.file, relativeTo: path))
        return try ISOFileSystem(reader: BlockReader(file: file, layout: layout))
    }
}
