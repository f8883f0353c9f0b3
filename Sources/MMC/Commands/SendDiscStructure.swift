import SCSI

/// SEND DISC STRUCTURE, opcode BFh (MMC-6 §6.34; called SEND DVD STRUCTURE in older drafts).
///
/// CDB (12 bytes): byte 1 bits 3-0 = media type (0000b DVD, 0001b BD; reserved in the older SEND DVD STRUCTURE,
/// so 0 is right for DVD either way); byte 7 = format code; bytes 8-9 = parameter list length; byte 10 bits 7-6 =
/// AGID (0 here). The parameter list starts with a 2-byte data length
/// (bytes that follow it) and 2 reserved bytes.
///
/// Only the layer boundary (format 20h) is built so far: on blank DVD+R DL (and DVD-R DL) media it sets the L0
/// data zone capacity, i.e. where the image crosses from layer 0 to layer 1. It must be sent before the first
/// write; READ DISC STRUCTURE format 20h tells the default and whether it can still be changed. growisofs puts the
/// boundary at half the image rounded up to a multiple of 16 blocks (one ECC block); keeping it a multiple of 16
/// is advisable (not enforced: the rule was not confirmed in the spec text). Lite-On drives were reported to
/// calibrate during this command, hence the long timeout.
public struct SendDiscStructure: MMCCommand, Hashable {
    public typealias Response = Void
    public static let name = "SEND DISC STRUCTURE"

    /// MEDIA TYPE field (4 bits).
    public let mediaType: UInt8
    /// FORMAT CODE (byte 7).
    public let formatCode: UInt8
    /// The parameter list sent to the drive, data length header included.
    public let parameterList: [UInt8]

    /// Layer boundary information (format 20h): bytes 0-1 data length (000Ah), bytes 2-7 reserved, bytes 8-11
    /// L0 data zone capacity in blocks (the number of user blocks on layer 0, i.e. the first L1 LBA).
    public static func layerBoundary(layer0DataZoneBlocks: UInt32) -> SendDiscStructure {
        var w = ByteWriter(count: 12)
        w.setUInt16(0, 10)                          // data length: bytes after this field
        w.setUInt32(8, layer0DataZoneBlocks)        // L0 data zone capacity
        return SendDiscStructure(mediaType: 0, formatCode: 0x20, parameterList: w.bytes)
    }

    /// Same, given the last LBA that should be on layer 0 (capacity = that LBA + 1).
    /// - Precondition: `layer0EndLBA < UInt32.max` (programmer error).
    public static func layerBoundary(layer0EndLBA: UInt32) -> SendDiscStructure {
        precondition(layer0EndLBA < UInt32.max, "layer 0 end LBA out of range")
        return layerBoundary(layer0DataZoneBlocks: layer0EndLBA + 1)
    }

    private init(mediaType: UInt8, formatCode: UInt8, parameterList: [UInt8]) {
        precondition(mediaType <= 0x0F, "MEDIA TYPE is a 4-bit field")
        precondition(parameterList.count <= Int(UInt16.max), "parameter list too long")
        self.mediaType = mediaType
        self.formatCode = formatCode
        self.parameterList = parameterList
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 12)
        w.set(0, 0xBF)
        w.set(1, mediaType & 0x0F)                  // media type
        w.set(7, formatCode)                        // format code
        w.setUInt16(8, UInt16(parameterList.count)) // parameter list length
        return w.cdb
    }

    public var transfer: DataTransfer { .toDevice(parameterList) }

    public var timeout: Duration { .seconds(200) }
}
