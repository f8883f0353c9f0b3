import SCSI

/// READ DISC STRUCTURE format 20h, layer boundary information of DVD+R DL / DVD-R DL (MMC-6 §6.22.3.2.12):
/// byte 0 bit 7 Init Status (the L0 data zone capacity is fixed: recording has started or a SEND DISC STRUCTURE
/// 20h was accepted), bytes 4-7 L0 data zone capacity in blocks. Takes the payload after the 4-byte header.
public struct LayerBoundaryInformation: Sendable, Hashable {
    public var initialized: Bool
    public var layerZeroBlocks: UInt32

    public init(initialized: Bool, layerZeroBlocks: UInt32) {
        self.initialized = initialized
        self.layerZeroBlocks = layerZeroBlocks
    }

    public init(_ payload: [UInt8]) throws(MMCParseError) {
        let r = ByteReader(payload)
        guard r.count >= 8 else {
            throw MMCParseError("READ DISC STRUCTURE 20h", "\(r.count) byte(s); layer boundary information needs 8")
        }
        do {
            initialized = try r.bit(at: 0, 7)
            layerZeroBlocks = try r.uint32(at: 4)
        } catch {
            throw MMCParseError("READ DISC STRUCTURE 20h", "\(error)")
        }
    }

    public init(_ structure: DiscStructure) throws(MMCParseError) { try self.init(structure.payload) }
}
