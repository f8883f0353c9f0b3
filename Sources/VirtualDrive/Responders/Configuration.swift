import MMC
import SCSI

/// GET CONFIGURATION (46h), MMC-6 §6.6.
extension DriveCore {
    /// RT 00b: all features from the Starting Feature Number; 01b: current ones; 10b: only that feature
    /// (header alone when the drive lacks it); 11b: 5/24/00. The header's Data Length counts every byte
    /// available after itself, however short the allocation length.
    func getConfiguration(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xFC)
        try c.requireZero(bytes: 4...6)
        let requestType = c.bits(1, lowBit: 0, width: 2)
        let start = UInt16(c.uint16(2))
        let allocation = c.uint16(7)
        let features = featureSet.descriptors
        let chosen: [FeatureDescriptor]
        switch requestType {
        case 0: chosen = features.filter { $0.code.rawValue >= start }
        case 1: chosen = features.filter { $0.code.rawValue >= start && $0.current }
        case 2: chosen = features.filter { $0.code.rawValue == start }
        default: throw CheckCondition.invalidField(byte: 1, bit: 1)
        }
        let body = chosen.flatMap(\.bytes)
        var header = ByteWriter(count: 8)
        header.setUInt32(0, UInt32(4 + body.count))
        header.setUInt16(6, featureSet.currentProfile.rawValue)
        return allocate(header.bytes + body, allocation)
    }

    var featureSet: FeatureSet {
        FeatureSet(media: media, isBlank: loaded?.state.isBlank ?? true,
                   capacityBlocks: loaded?.state.capacityBlocks ?? 0, serialNumber: serialNumber,
                   restrictedOverwrite: loaded?.state.isInRestrictedOverwrite ?? false,
                   incrementalNotCurrent: loaded.map { $0.state.media == .dvdRW && !$0.state.isIncrementalStreamingCurrent } ?? false,
                   pseudoOverwrite: loaded?.state.isPOW ?? false)
    }
}
