import SCSI

extension OpticalDrive {
    /// Reads what the loaded medium is and how much of it is free. Queries that do not apply to the medium, or
    /// that the drive refuses, leave their fields empty and add a note.
    func probeMedium(profile: Profile, notes: inout ProbeNotes) throws -> (MediaInfo, BufferCapacity?) {
        var media = MediaInfo(present: true, profile: profile)
        let disc = try send(ReadDiscInformation())
        media.discStatus = MediaInfo.Status(disc.discStatus)
        media.erasable = disc.erasable
        media.sessions = Int(disc.numberOfSessions)
        media.lastSessionState = disc.lastSessionState
        media.tracks = Int(disc.lastTrackInLastSession)

        if let capacity = notes.optional("READ CAPACITY", { try send(ReadCapacity(), policy: .none) }) {
            media.blockSizeBytes = capacity.blockLengthBytes == 0 ? 2048 : Int(capacity.blockLengthBytes)
            media.readableBlocks = disc.discStatus == .empty ? 0 : capacity.blocks
        }
        if profile.isReadOnly {
            media.freeBlocks = 0
        } else if profile.isOverwritable {
            readOverwritableCapacity(into: &media, notes: &notes)
        } else if disc.discStatus == .empty || disc.discStatus == .appendable {
            // Track FFh is valid only on CD, DVD+R and DVD+R DL (mmc5r03c; libburn mmc.c mmc_read_track_info asks
            // the last track by number elsewhere, and drives refuse FFh there: rti-ff-strict).
            let target: ReadTrackInformation.Target = [.cdR, .cdRW, .dvdPlusR, .dvdPlusRDL].contains(profile)
                ? .track(0xFF) : .track(UInt32(disc.lastTrackInLastSession))
            if let track = notes.optional("READ TRACK INFORMATION (track to write)", {
                try send(ReadTrackInformation(target: target), policy: .none)
            }) {
                media.nextWritableAddress = track.nextWritableAddress
                // Pioneer BDR-205 and LITE-ON LTR-48125S report NWA -150 on blank media: the track start is
                // meant (libburn mmc.c mmc_get_nwa).
                if let nwa = track.nextWritableAddress, disc.discStatus == .empty,
                   Int64(Int32(bitPattern: nwa)) < Int64(track.trackStartAddress) {
                    media.nextWritableAddress = track.trackStartAddress
                }
                media.freeBlocks = UInt64(track.freeBlocks)
            }
        }
        if profile.family == .cd, !profile.isReadOnly {
            media.atipLeadOutLBA = notes.optional("READ ATIP") { try send(ReadATIP(), policy: .none) }?
                .lastPossibleLeadOutStartLBA
        }
        if profile.isWritable {
            let speeds = notes.optional("GET PERFORMANCE (write speeds)") {
                try send(GetPerformance.writeSpeeds(), policy: .none)
            } ?? []
            media.writeSpeedsKilobytesPerSecond = Array(Set(speeds.map { Int($0.writeSpeedKilobytesPerSecond) }))
                .filter { $0 > 0 }.sorted(by: >)
        }
        readManufacturer(into: &media, notes: &notes)
        let buffer = notes.optional("READ BUFFER CAPACITY") { try send(ReadBufferCapacity(), policy: .none) }
        return (media, buffer)
    }

    /// Overwritable media: free space is the whole formatted capacity (writability is decided by profile,
    /// not by disc status: a formatted DVD+RW answers "complete").
    private func readOverwritableCapacity(into media: inout MediaInfo, notes: inout ProbeNotes) {
        guard let formats = notes.optional("READ FORMAT CAPACITIES", {
            try send(ReadFormatCapacities(), policy: .none)
        }) else { return }
        switch formats.current.descriptorType {
        case .formatted:
            media.formatted = true
            media.freeBlocks = UInt64(formats.current.blocks)
        default:
            media.formatted = false
            media.freeBlocks = UInt64(formats.current.blocks)
        }
        if media.blockSizeBytes == 0 { media.blockSizeBytes = 2048 }
    }

    /// Manufacturer and media type as recorded on the disc, where the medium carries them.
    private func readManufacturer(into media: inout MediaInfo, notes: inout ProbeNotes) {
        let profile = media.profile
        switch profile {
        case .dvdPlusR, .dvdPlusRW, .dvdPlusRDL, .dvdPlusRWDL:
            if let adip = notes.optional("READ DISC STRUCTURE (ADIP)", {
                try DVDPlusADIPInformation(send(ReadDiscStructure(mediaType: .dvd, format: .dvdPlusADIP),
                                                           policy: .none))
            }) {
                media.manufacturerID = adip.discManufacturerID
                media.mediaTypeID = adip.mediaTypeID
            }
        case _ where profile.family == .bd:
            if let info = notes.optional("READ DISC STRUCTURE (BD disc information)", {
                try BDDiscInformation(send(ReadDiscStructure(mediaType: .bd, format: .physical),
                                                      policy: .none))
            }) {
                media.manufacturerID = info.discManufacturerID
                media.mediaTypeID = info.mediaTypeID
            }
        default:
            break
        }
        if media.manufacturerID?.isEmpty == true { media.manufacturerID = nil }
        if media.mediaTypeID?.isEmpty == true { media.mediaTypeID = nil }
    }
}

extension MediaInfo.Status {
    init(_ status: DiscStatus) {
        switch status {
        case .empty: self = .blank
        case .appendable: self = .appendable
        case .complete: self = .complete
        case .other: self = .other
        }
    }
}
