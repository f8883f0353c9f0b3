import MMC
import SCSI

/// The next writable address, read right before the first WRITE (after MODE SELECT page 05h: LG GSA-4082B
/// dislikes it earlier, libburn) and sanitised the way libburn mmc.c mmc_get_nwa does (MMC-NOTES "NWA").
enum NextWritableAddress {
    /// READ TRACK INFORMATION for the track to be written: track FFh (the invisible track) is valid only on CD,
    /// DVD+R and DVD+R DL (mmc5r03c, libburn mmc_read_track_info); elsewhere the last track by number, which READ
    /// DISC INFORMATION gives.
    static func target(profile: Profile, session: DriveSession) throws -> ReadTrackInformation.Target {
        switch profile {
        case .cdR, .cdRW, .dvdPlusR, .dvdPlusRDL: return .track(0xFF)
        default: return .track(UInt32(try session.lastTrackNumber()))
        }
    }

    /// The NWA to write at, or a refusal naming why there is none.
    /// - Pioneer BDR-205 and LITE-ON LTR-48125S report −150 on blank media: an NWA before the track start on a
    ///   blank disc means the track start (libburn).
    /// - The Damage bit or NWA_V = 0: "do not write here" (MMC-6 §6.27.3; libburn refuses).
    static func read(profile: Profile, blank: Bool, session: DriveSession) throws -> UInt64 {
        let target = try target(profile: profile, session: session)
        let info = try session.send(ReadTrackInformation(target: target))
        return try sanitise(info, blank: blank, device: session.deviceName)
    }

    static func sanitise(_ info: TrackInformation, blank: Bool, device: String) throws -> UInt64 {
        if info.damage {
            throw BurnError.invalidNextWritableAddress(device: device, reason: info.nwaValid
                ? "the track is damaged (Damage bit)" : "the track is damaged and not writable (Damage bit, NWA_V = 0)")
        }
        guard let raw = info.nextWritableAddress else {
            throw BurnError.invalidNextWritableAddress(device: device, reason: "NWA_V = 0")
        }
        let nwa = Int64(Int32(bitPattern: raw))
        let start = Int64(info.trackStartAddress)
        if nwa < start {
            guard blank else {
                throw BurnError.invalidNextWritableAddress(device: device, reason: "NWA \(nwa) lies before its track at \(start)")
            }
            return UInt64(start)
        }
        return UInt64(nwa)
    }
}
