import SCSI

/// Media Type field of READ DISC STRUCTURE (CDB byte 1 bits 3-0). MMC-6 §6.23.
public enum DiscStructureMediaType: UInt8, Sendable, Hashable, CaseIterable {
    /// 0000b: DVD and HD DVD structures.
    case dvd = 0
    /// 0001b: BD structures.
    case bd = 1
}

/// Format Code of READ DISC STRUCTURE (CDB byte 7). MMC-6 §6.23 (format code tables for DVD and BD). Codes
/// mean different structures per media type (00h is the DVD physical format, or the BD disc information).
/// An open set.
public struct DiscStructureFormat: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// DVD 00h: physical format information (lead-in control data); BD 00h: disc information (DI).
    public static let physical = DiscStructureFormat(rawValue: 0x00)
    /// BD 00h, by its BD name.
    public static let bdDiscInformation = DiscStructureFormat(rawValue: 0x00)
    public static let copyright = DiscStructureFormat(rawValue: 0x01)
    public static let discKey = DiscStructureFormat(rawValue: 0x02)
    public static let burstCuttingArea = DiscStructureFormat(rawValue: 0x03)
    public static let discManufacturingInformation = DiscStructureFormat(rawValue: 0x04)
    /// DVD-RAM / BD 08h: disc definition structure.
    public static let discDefinitionStructure = DiscStructureFormat(rawValue: 0x08)
    /// DVD-RAM / BD 0Ah: spare area information.
    public static let spareAreaInformation = DiscStructureFormat(rawValue: 0x0A)
    /// DVD-R/-RW 0Eh: pre-recorded information in the lead-in (land pre-pits: manufacturer ID).
    public static let dvdRPreRecordedInformation = DiscStructureFormat(rawValue: 0x0E)
    /// DVD-R/-RW 10h: physical format information of the control data zone in the lead-in.
    public static let dvdRControlDataZonePhysicalFormat = DiscStructureFormat(rawValue: 0x10)
    /// DVD+R/+RW 11h: ADIP information.
    public static let dvdPlusADIP = DiscStructureFormat(rawValue: 0x11)
    /// DVD+R DL / DVD-R DL 20h: layer boundary information (L0 data zone capacity).
    public static let layerBoundary = DiscStructureFormat(rawValue: 0x20)
    /// DVD-R DL 21h: shifted middle area start address.
    public static let shiftedMiddleAreaStartAddress = DiscStructureFormat(rawValue: 0x21)
    /// DVD-R DL 22h: jump interval size.
    public static let jumpIntervalSize = DiscStructureFormat(rawValue: 0x22)
    /// DVD-R DL 23h: manual layer jump start address.
    public static let manualLayerJumpStartAddress = DiscStructureFormat(rawValue: 0x23)
    /// DVD-R DL 24h: remapping address.
    public static let remappingAddress = DiscStructureFormat(rawValue: 0x24)
    /// DVD+R/+RW 30h: disc control blocks; BD 30h: physical access control.
    public static let discControlBlocks = DiscStructureFormat(rawValue: 0x30)
    /// C0h: write protection status.
    public static let writeProtectionStatus = DiscStructureFormat(rawValue: 0xC0)
    /// FFh: the list of structures the drive can return for this medium.
    public static let discStructureList = DiscStructureFormat(rawValue: 0xFF)
}

/// READ DISC STRUCTURE, opcode ADh. MMC-6 §6.23.
///
/// CDB (12 bytes): byte 1 bits 3-0 = Media Type; bytes 2-5 = Address; byte 6 = Layer Number; byte 7 = Format
/// Code; bytes 8-9 = allocation length; byte 10 bits 7-6 = AGID; byte 11 = control.
/// Response: bytes 0-1 = data length (the bytes that follow the field), 2-3 reserved, then the structure.
public struct ReadDiscStructure: MMCCommand {
    public static let name = "READ DISC STRUCTURE"

    public let mediaType: DiscStructureMediaType
    public let address: UInt32
    public let layer: UInt8
    public let format: DiscStructureFormat
    /// Authentication Grant ID (2 bits), for the copy-protection structures only.
    public let authenticationGrantID: UInt8
    public let allocationLength: UInt16

    public init(mediaType: DiscStructureMediaType = .dvd, address: UInt32 = 0, layer: UInt8 = 0,
                format: DiscStructureFormat, authenticationGrantID: UInt8 = 0, allocationLength: UInt16 = 4100) {
        precondition(authenticationGrantID <= 3, "AGID is 2 bits")
        self.mediaType = mediaType
        self.address = address
        self.layer = layer
        self.format = format
        self.authenticationGrantID = authenticationGrantID
        self.allocationLength = allocationLength
    }

    public var cdb: CDB {
        var w = ByteWriter(CDB(opcode: 0xAD, length: 12).bytes)
        w.set(1, mediaType.rawValue)
        w.setUInt32(2, address)
        w.set(6, layer)
        w.set(7, format.rawValue)
        w.setUInt16(8, allocationLength)
        w.set(10, authenticationGrantID << 6)
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    /// Returns the structure bytes within min(data length + 2, received); decode them with the typed decoders
    /// below. Fewer than 4 bytes, or a data length below 2, throws.
    public func parse(_ data: [UInt8]) throws(MMCParseError) -> DiscStructure {
        try MMCParseError.wrap(Self.name) {
            let r = ByteReader(data)
            guard data.count >= 4 else { throw MMCParseError(Self.name, "header needs 4 bytes, got \(data.count)") }
            let dataLength = try r.uint16(at: 0)
            guard dataLength >= 2 else { throw MMCParseError(Self.name, "data length \(dataLength) < 2") }
            let announced = Int(dataLength) + 2
            return DiscStructure(dataLength: dataLength,
                                 payload: r.clamped(at: 4, length: announced - 4).bytes,
                                 truncated: announced > data.count)
        }
    }
}

/// A disc structure as returned: its announced length and the bytes after the 4-byte header. MMC-6 §6.23.
public struct DiscStructure: Sendable, Hashable {
    public let dataLength: UInt16
    public let payload: [UInt8]
    /// Fewer bytes came than announced.
    public let truncated: Bool

    public init(dataLength: UInt16, payload: [UInt8], truncated: Bool) {
        self.dataLength = dataLength
        self.payload = payload
        self.truncated = truncated
    }
}

/// DVD Book Type (disc category). MMC-6 §6.23 (DVD book type table). An open set.
public struct DVDBookType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let dvdROM = DVDBookType(rawValue: 0x0)
    public static let dvdRAM = DVDBookType(rawValue: 0x1)
    public static let dvdR = DVDBookType(rawValue: 0x2)
    public static let dvdRW = DVDBookType(rawValue: 0x3)
    public static let hdDVDROM = DVDBookType(rawValue: 0x4)
    public static let hdDVDRAM = DVDBookType(rawValue: 0x5)
    public static let hdDVDR = DVDBookType(rawValue: 0x6)
    public static let dvdPlusRW = DVDBookType(rawValue: 0x9)
    public static let dvdPlusR = DVDBookType(rawValue: 0xA)
    public static let dvdPlusRWDL = DVDBookType(rawValue: 0xD)
    public static let dvdPlusRDL = DVDBookType(rawValue: 0xE)

    public var description: String {
        switch self {
        case .dvdROM: return "DVD-ROM"
        case .dvdRAM: return "DVD-RAM"
        case .dvdR: return "DVD-R"
        case .dvdRW: return "DVD-RW"
        case .hdDVDROM: return "HD DVD-ROM"
        case .hdDVDRAM: return "HD DVD-RAM"
        case .hdDVDR: return "HD DVD-R"
        case .dvdPlusRW: return "DVD+RW"
        case .dvdPlusR: return "DVD+R"
        case .dvdPlusRWDL: return "DVD+RW DL"
        case .dvdPlusRDL: return "DVD+R DL"
        default: return "book type \(rawValue)"
        }
    }
}

/// DVD physical format information (format 00h, media type DVD). MMC-6 §6.23 (Physical Format Information).
///
/// Payload bytes: 0 = Book Type (7-4), Part Version (3-0); 1 = Disc Size (7-4), Maximum Rate (3-0);
/// 2 = Number of Layers (6-5), Track Path (4), Layer Type (3-0); 3 = Linear Density (7-4), Track Density (3-0);
/// 5-7 = starting physical sector of the data area; 9-11 = end physical sector of the data area;
/// 13-15 = end physical sector in layer 0; 16 bit 7 = BCA present.
public struct DVDPhysicalFormat: Sendable, Hashable {
    public enum TrackPath: Sendable, Hashable { case parallel, opposite }

    /// Layer Type bits: embossed (0), recordable (1), rewritable (2).
    public struct LayerType: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let embossed = LayerType(rawValue: 1 << 0)
        public static let recordable = LayerType(rawValue: 1 << 1)
        public static let rewritable = LayerType(rawValue: 1 << 2)
    }

    public let bookType: DVDBookType
    public let partVersion: UInt8
    /// 0 = 120 mm, 1 = 80 mm.
    public let discSize: UInt8
    /// Maximum read rate code (0 = 2.52 Mbps, 1 = 5.04, 2 = 10.08, 3 = 20.16, 4 = 30.24, Fh = not specified).
    public let maximumRate: UInt8
    /// Field value + 1.
    public let numberOfLayers: Int
    public let trackPath: TrackPath
    public let layerType: LayerType
    public let linearDensity: UInt8
    public let trackDensity: UInt8
    public let startingPhysicalSectorOfDataArea: UInt32
    public let endPhysicalSectorOfDataArea: UInt32
    public let endPhysicalSectorInLayer0: UInt32
    public let burstCuttingAreaPresent: Bool

    /// Needs payload bytes 0-15; byte 16 (BCA flag) is optional.
    public init(_ payload: [UInt8]) throws(MMCParseError) {
        self = try MMCParseError.wrap("DVD PHYSICAL FORMAT") {
            let r = ByteReader(payload)
            return DVDPhysicalFormat(
                bookType: DVDBookType(rawValue: try r.bits(at: 0, lowBit: 4, width: 4)),
                partVersion: try r.bits(at: 0, lowBit: 0, width: 4),
                discSize: try r.bits(at: 1, lowBit: 4, width: 4), maximumRate: try r.bits(at: 1, lowBit: 0, width: 4),
                numberOfLayers: Int(try r.bits(at: 2, lowBit: 5, width: 2)) + 1,
                trackPath: try r.bit(at: 2, 4) ? .opposite : .parallel,
                layerType: LayerType(rawValue: try r.bits(at: 2, lowBit: 0, width: 4)),
                linearDensity: try r.bits(at: 3, lowBit: 4, width: 4),
                trackDensity: try r.bits(at: 3, lowBit: 0, width: 4),
                startingPhysicalSectorOfDataArea: try r.uint24(at: 5),
                endPhysicalSectorOfDataArea: try r.uint24(at: 9),
                endPhysicalSectorInLayer0: try r.uint24(at: 13),
                burstCuttingAreaPresent: payload.count > 16 ? try r.bit(at: 16, 7) : false)
        }
    }

    public init(_ structure: DiscStructure) throws(MMCParseError) { try self.init(structure.payload) }

    public init(bookType: DVDBookType, partVersion: UInt8, discSize: UInt8, maximumRate: UInt8, numberOfLayers: Int,
                trackPath: TrackPath, layerType: LayerType, linearDensity: UInt8, trackDensity: UInt8,
                startingPhysicalSectorOfDataArea: UInt32, endPhysicalSectorOfDataArea: UInt32,
                endPhysicalSectorInLayer0: UInt32, burstCuttingAreaPresent: Bool) {
        self.bookType = bookType
        self.partVersion = partVersion
        self.discSize = discSize
        self.maximumRate = maximumRate
        self.numberOfLayers = numberOfLayers
        self.trackPath = trackPath
        self.layerType = layerType
        self.linearDensity = linearDensity
        self.trackDensity = trackDensity
        self.startingPhysicalSectorOfDataArea = startingPhysicalSectorOfDataArea
        self.endPhysicalSectorOfDataArea = endPhysicalSectorOfDataArea
        self.endPhysicalSectorInLayer0 = endPhysicalSectorInLayer0
        self.burstCuttingAreaPresent = burstCuttingAreaPresent
    }
}

/// DVD+R/+RW ADIP information (format 11h): the 256 ADIP bytes of the lead-in, as ECMA-337/349 lay them out.
/// MMC-6 §6.23 (ADIP Information); ADIP byte layout per ECMA-349 (physical format information in ADIP).
///
/// Payload bytes: 0 = disc category (book type, 7-4) and version (3-0); 19-26 = disc manufacturer ID (8 ASCII);
/// 27-29 = media type ID (3 ASCII); 30 = product revision number. Offsets 19-26 and 27-29 are confirmed by the
/// public dvd+rw-mediainfo tool's "Media ID" output; byte 30 is from ECMA-349 alone (not cross-checked).
public struct DVDPlusADIPInformation: Sendable, Hashable {
    public let bookType: DVDBookType
    public let partVersion: UInt8
    public let discManufacturerID: String
    public let mediaTypeID: String
    /// Nil when byte 30 was not received.
    public let productRevision: UInt8?

    /// Needs payload bytes 0-29.
    public init(_ payload: [UInt8]) throws(MMCParseError) {
        let name = "DVD+R ADIP INFORMATION"
        (bookType, partVersion, discManufacturerID, mediaTypeID, productRevision) = try MMCParseError.wrap(name) {
            let r = ByteReader(payload)
            guard payload.count >= 30 else {
                throw MMCParseError(name, "ADIP needs 30 bytes for the media ID, got \(payload.count)")
            }
            return (DVDBookType(rawValue: try r.bits(at: 0, lowBit: 4, width: 4)),
                    try r.bits(at: 0, lowBit: 0, width: 4),
                    try r.ascii(at: 19, length: 8), try r.ascii(at: 27, length: 3),
                    payload.count > 30 ? try r.uint8(at: 30) : nil)
        }
    }

    public init(_ structure: DiscStructure) throws(MMCParseError) { try self.init(structure.payload) }

    /// "MANUFACT/TYP" as burners print it.
    public var mediaID: String { discManufacturerID + "/" + mediaTypeID }
}

/// DVD-R/-RW pre-recorded information in the lead-in (format 0Eh): the land pre-pit field packs, 8 bytes each
/// (byte 0 = field ID). MMC-6 §6.23 (Pre-recorded Information in Lead-in).
///
/// The disc manufacturer ID is 12 ASCII bytes split over field ID 3 (payload bytes 17-22, pack at 16) and field
/// ID 4 (payload bytes 25-30, pack at 24). These offsets and the field-ID check are confirmed by the public
/// dvd+rw-mediainfo tool, not against the DVD-R book itself.
public struct DVDRPreRecordedInformation: Sendable, Hashable {
    public let discManufacturerID: String

    /// Needs payload bytes 0-30 with field IDs 3 at byte 16 and 4 at byte 24; otherwise throws.
    public init(_ payload: [UInt8]) throws(MMCParseError) {
        let name = "DVD-R PRE-RECORDED INFORMATION"
        discManufacturerID = try MMCParseError.wrap(name) {
            let r = ByteReader(payload)
            guard payload.count >= 31 else {
                throw MMCParseError(name, "needs 31 bytes for the manufacturer ID, got \(payload.count)")
            }
            guard try r.uint8(at: 16) == 3, try r.uint8(at: 24) == 4 else {
                throw MMCParseError(name, "field packs 3 and 4 not where expected")
            }
            return try ByteReader(try r.slice(at: 17, length: 6) + r.slice(at: 25, length: 6)).ascii(at: 0, length: 12)
        }
    }

    public init(_ structure: DiscStructure) throws(MMCParseError) { try self.init(structure.payload) }
}

/// BD disc information (format 00h, media type BD): the first DI unit. MMC-6 §6.23 refers to the BD format
/// books for the unit's contents.
///
/// DI unit bytes: 0-1 = "DI"; 2 = DI format; 3 = units per block (7-3) and layer (2-0); 5 = sequence number;
/// 6 bits 6-0 = bytes in use; 8-10 = disc type identifier ("BDO", "BDW", "BDR"); 11 = size (7-6), class (5-4),
/// version (3-0); for BD-R/RE: 100-105 = disc manufacturer ID, 106-108 = media type ID, 111 = product revision.
/// Offsets 100 and 106 are confirmed by dvd+rw-mediainfo's "Media ID" output and by the Aaru decoder (which also
/// gives 111); the BD books themselves were not available to check.
public struct BDDiscInformation: Sendable, Hashable {
    public let discInformationFormat: UInt8
    public let unitsPerBlock: UInt8
    public let layer: UInt8
    public let sequenceNumber: UInt8
    public let bytesInUse: UInt8
    /// "BDO" (BD-ROM), "BDW" (BD-RE) or "BDR" (BD-R).
    public let discTypeIdentifier: String
    public let discSize: UInt8
    public let discClass: UInt8
    public let discVersion: UInt8
    /// BD-R/RE only, and only when bytes 100-111 were received.
    public let discManufacturerID: String?
    public let mediaTypeID: String?
    public let productRevision: UInt8?

    /// Needs "DI" and bytes 0-11 of the first unit.
    public init(_ payload: [UInt8]) throws(MMCParseError) {
        let name = "BD DISC INFORMATION"
        self = try MMCParseError.wrap(name) {
            let r = ByteReader(payload)
            guard payload.count >= 12 else { throw MMCParseError(name, "DI unit needs 12 bytes, got \(payload.count)") }
            guard try r.uint16(at: 0) == 0x4449 else { throw MMCParseError(name, "no \"DI\" identifier") }
            let type = try r.ascii(at: 8, length: 3)
            let writable = (type == "BDR" || type == "BDW") && payload.count >= 112
            return BDDiscInformation(
                discInformationFormat: try r.uint8(at: 2), unitsPerBlock: try r.bits(at: 3, lowBit: 3, width: 5),
                layer: try r.bits(at: 3, lowBit: 0, width: 3), sequenceNumber: try r.uint8(at: 5),
                bytesInUse: try r.bits(at: 6, lowBit: 0, width: 7), discTypeIdentifier: type,
                discSize: try r.bits(at: 11, lowBit: 6, width: 2), discClass: try r.bits(at: 11, lowBit: 4, width: 2),
                discVersion: try r.bits(at: 11, lowBit: 0, width: 4),
                discManufacturerID: writable ? try r.ascii(at: 100, length: 6) : nil,
                mediaTypeID: writable ? try r.ascii(at: 106, length: 3) : nil,
                productRevision: writable ? try r.uint8(at: 111) : nil)
        }
    }

    public init(_ structure: DiscStructure) throws(MMCParseError) { try self.init(structure.payload) }

    public init(discInformationFormat: UInt8, unitsPerBlock: UInt8, layer: UInt8, sequenceNumber: UInt8,
                bytesInUse: UInt8, discTypeIdentifier: String, discSize: UInt8, discClass: UInt8, discVersion: UInt8,
                discManufacturerID: String?, mediaTypeID: String?, productRevision: UInt8?) {
        self.discInformationFormat = discInformationFormat
        self.unitsPerBlock = unitsPerBlock
        self.layer = layer
        self.sequenceNumber = sequenceNumber
        self.bytesInUse = bytesInUse
        self.discTypeIdentifier = discTypeIdentifier
        self.discSize = discSize
        self.discClass = discClass
        self.discVersion = discVersion
        self.discManufacturerID = discManufacturerID
        self.mediaTypeID = mediaTypeID
        self.productRevision = productRevision
    }
}
