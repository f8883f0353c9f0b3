/// bin/cue: tracks as the burn reads and places them (`BurnableCue`); .toc and .nrg are refused; an ISO 9660 file
/// system in a cue's first data track through our own reader over raw sectors.
extension DiscImage {
    /// A bin/cue described as `burn` will burn it: the cue sheet read and checked by `BurnableCue` (the burn's
    /// own parser: what it refuses, this refuses with the same words), each track at the disc address the burn
    /// puts it (`BurnableCue.discPlacements`), its length as the TOC will show it (to the next track's INDEX 01).
    /// .toc and .nrg are refused by name. The ISO 9660 file system of the first data track, when there is one.
    static func inspectTracks(path: String) throws -> ImageInfo {
        try TrackImageReader.refuseUncheckedFormats(path: path)
        _ = try openFile(path)
        let cue = try BurnableCue.load(cuePath: path)
        let placements = cue.discPlacements
        let tracks = placements.enumerated().map { n, p in
            ImageTrack(number: p.track.number, mode: modeName(p.track.mode), sectorBytes: p.track.mode.fileSectorBytes,
                       startLBA: Int64(p.startLBA),
                       blocks: Int64((n + 1 < placements.count ? placements[n + 1].startLBA : p.endLBA) - p.startLBA))
        }
        let totalBlocks = Int64(cue.totalBlocks)
        var validation = ImageValidation(
            blocks: totalBlocks, blockBytes: tracks[0].sectorBytes, volumeBlocks: totalBlocks,
            blocksPresent: totalBlocks, truncated: false, missingBlocks: 0, problems: [])
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
        var dataBytes: Int64 = 0
        for file in Set(cue.tracks.map(\.path)) { dataBytes &+= try ImageFile(path: file).sizeBytes }
        return ImageInfo(
            path: path, format: .cue, sizeBytes: dataBytes, primary: fileSystem?.primary,
            nameSpace: fileSystem?.nameSpace, joliet: fileSystem?.hasJoliet ?? false,
            rockRidge: fileSystem?.hasRockRidge ?? false, udf: nil, bootCatalog: nil,
            hybrid: HybridLayout(mbrPartitions: [], hasGPT: false), tracks: tracks, validation: validation)
    }

    static func modeName(_ mode: BurnableCue.TrackMode) -> String {
        switch mode {
        case .audio: return "audio"
        case .mode1, .mode1Raw: return "mode1"
        case .mode2Raw: return "mode2"
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
