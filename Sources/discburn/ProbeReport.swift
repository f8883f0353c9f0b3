import MMC

/// The JSON shape of `discburn probe --json` (keys are a public interface: add, never rename).
struct ProbeReport: Encodable {
    struct Drive: Encodable {
        var vendor, product, revision: String
        var serialNumber: String?
        var profiles: [String]
        var writeModes: [String: [String]]
        var burnFree: Bool
        var testWrite: TestWrite
        var bufferSizeBytes: Int?
        var maximumWriteSpeedKilobytesPerSecond: Int?
        var maximumReadSpeedKilobytesPerSecond: Int?
    }
    struct TestWrite: Encodable { var cd, dvd: Bool }
    struct Speed: Encodable {
        var kilobytesPerSecond: Int
        var speed: String
    }
    struct Media: Encodable {
        var present: Bool
        var profile: String?
        var profileCode: String?
        var discStatus: String?
        var erasable: Bool?
        var sessions: Int?
        var lastSessionState: String?
        var tracks: Int?
        var nextWritableAddress: UInt32?
        var freeBlocks: UInt64
        var freeBytes: UInt64
        var blockSizeBytes: Int?
        var readableBlocks: UInt64?
        var formatted: Bool?
        var writeSpeeds: [Speed]
        var manufacturerID: String?
        var mediaTypeID: String?
        var atipLeadOutLBA: Int?
    }

    var device: String
    /// What the drive can do. JSON key `capabilities`: `drive` is the event's device name (EventOutput).
    var drive: Drive
    var media: Media
    var notes: [String]

    enum CodingKeys: String, CodingKey {
        case device, drive = "capabilities", media, notes
    }

    init(device: String, result: ProbeResult) {
        self.device = device
        let d = result.drive
        drive = Drive(vendor: d.vendor, product: d.product, revision: d.revision, serialNumber: d.serialNumber,
                      profiles: d.profiles.map(\.shortName).uniqued(),
                      writeModes: d.writeModes.mapValues { $0.map(\.rawValue) },
                      burnFree: d.bufferUnderrunFree, testWrite: TestWrite(cd: d.testWriteCD, dvd: d.testWriteDVD),
                      bufferSizeBytes: d.bufferSizeBytes,
                      maximumWriteSpeedKilobytesPerSecond: d.maximumWriteSpeedKilobytesPerSecond,
                      maximumReadSpeedKilobytesPerSecond: d.maximumReadSpeedKilobytesPerSecond)
        let m = result.media
        guard m.present else {
            media = Media(present: false, freeBlocks: 0, freeBytes: 0, writeSpeeds: [])
            notes = result.notes
            return
        }
        media = Media(present: true, profile: m.profile.shortName, profileCode: hex4(m.profile.rawValue),
                      discStatus: m.discStatus?.rawValue, erasable: m.erasable, sessions: m.sessions,
                      lastSessionState: m.lastSessionState.map(ProbeReport.sessionStateName),
                      tracks: m.tracks, nextWritableAddress: m.nextWritableAddress, freeBlocks: m.freeBlocks,
                      freeBytes: m.freeBytes, blockSizeBytes: m.blockSizeBytes, readableBlocks: m.readableBlocks,
                      formatted: m.formatted,
                      writeSpeeds: m.writeSpeedsKilobytesPerSecond.map {
                          Speed(kilobytesPerSecond: $0, speed: m.speedMultiple(kilobytesPerSecond: $0))
                      },
                      manufacturerID: m.manufacturerID, mediaTypeID: m.mediaTypeID, atipLeadOutLBA: m.atipLeadOutLBA)
        notes = result.notes
    }
}

extension ProbeReport {
    /// "empty", "incomplete" (open), "damaged" or "complete" (READ DISC INFORMATION byte 2 bits 3-2).
    static func sessionStateName(_ state: SessionState) -> String {
        switch state {
        case .empty: return "empty"
        case .incomplete: return "incomplete"
        case .reservedOrDamaged: return "reserved or damaged"
        case .complete: return "complete"
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
