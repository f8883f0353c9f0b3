import DiscImage

/// The `image info --json` document. Keys are stable; absent values are null.
struct ImageInfoJSON: Encodable {
    struct BootEntry: Encodable {
        var platform: String
        var platformId: Int
        var bootable: Bool
        var emulation: String
        var loadLBA: Int64
        var sectorCount512: Int
    }

    struct Track: Encodable {
        var number: Int
        var mode: String
        var sectorBytes: Int
        var startLBA: Int64
        var blocks: Int64
    }

    var path: String
    var format: String
    var sizeBytes: Int64
    var volumeId: String?
    /// Blocks the burn plan writes.
    var blocks: Int64
    var blockSize: Int
    var volumeBlocks: Int64?
    var nameSpace: String?
    var joliet: Bool
    var rockRidge: Bool
    var udf: Bool
    var udfStandard: String?
    var udfVolumeId: String?
    var systemId: String?
    var publisherId: String?
    var preparerId: String?
    var applicationId: String?
    var creationDate: String?
    var modificationDate: String?
    var bootable: Bool
    var bootPlatforms: [String]
    var usbBootable: Bool
    var usbBootableReason: String
    var elTorito: [BootEntry]?
    var hybrid: String
    var tracks: [Track]?
    var truncated: Bool
    var missingBlocks: Int64
    var problems: [String]

    init(_ info: ImageInfo) {
        path = info.path
        format = info.format.rawValue
        sizeBytes = info.sizeBytes
        volumeId = info.volumeId
        blocks = info.validation.blocks
        blockSize = info.validation.blockBytes
        volumeBlocks = info.validation.volumeBlocks
        nameSpace = info.nameSpace?.rawValue
        joliet = info.joliet
        rockRidge = info.rockRidge
        udf = info.udf != nil
        udfStandard = info.udf?.standard
        udfVolumeId = info.udf?.volumeId
        systemId = info.primary?.systemId
        publisherId = info.primary?.publisherId
        preparerId = info.primary?.preparerId
        applicationId = info.primary?.applicationId
        creationDate = info.primary?.creationDate?.iso8601
        modificationDate = info.primary?.modificationDate?.iso8601
        bootPlatforms = (info.biosBootable ? ["BIOS"] : []) + (info.uefiBootable ? ["UEFI"] : [])
        bootable = !bootPlatforms.isEmpty
        usbBootable = info.usbBootable.yes
        usbBootableReason = info.usbBootable.reason
        elTorito = info.bootCatalog?.entries.map {
            BootEntry(platform: $0.platform.description, platformId: Int($0.platform.rawValue), bootable: $0.bootable,
                      emulation: ImageInfoText.emulationName($0.emulation), loadLBA: $0.loadLBA,
                      sectorCount512: Int($0.sectorCount512))
        }
        hybrid = info.hybrid.summary
        tracks = info.tracks.isEmpty ? nil : info.tracks.map {
            Track(number: $0.number, mode: $0.mode, sectorBytes: $0.sectorBytes, startLBA: $0.startLBA,
                  blocks: $0.blocks)
        }
        truncated = info.validation.truncated
        missingBlocks = info.validation.missingBlocks
        problems = info.validation.problems
    }
}
