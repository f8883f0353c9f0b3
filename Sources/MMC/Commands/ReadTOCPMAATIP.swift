import SCSI

// READ TOC/PMA/ATIP (43h), MMC-6 §6.26. Three of its response formats are modelled here, one command value each:
// format 0000b (TOC) as `ReadTOC`, 0001b (session information) as `ReadSessionInformation`, 0100b (ATIP) as `ReadATIP`.
//
// CDB (10 bytes): byte 1 bit 1 = MSF; byte 2 bits 3-0 = Format; byte 6 = Track/Session Number;
// bytes 7-8 = Allocation Length; byte 9 = Control.

/// Builds a READ TOC/PMA/ATIP CDB. MMC-6 §6.26.2.
private func readTOCPMAATIPCDB(format: UInt8, msf: Bool, number: UInt8, allocationLength: UInt16) -> CDB {
    precondition(format <= 0x0F, "READ TOC/PMA/ATIP format is 4 bits")
    var w = ByteWriter(CDB(opcode: 0x43, length: 10).bytes)
    w.setBits(1, mask: 0x02, msf)
    w.set(2, format)
    w.set(6, number)
    w.setUInt16(7, allocationLength)
    return w.cdb
}

/// MSF → LBA as MMC-6 defines it for CD addresses (§4.2.3.2, "MSF address format"): addresses below 90 minutes lie
/// after the 2-second pre-gap (−150); 90 minutes and above wrap to negative LBAs in the lead-in (−450 150).
private func msfToLogicalBlockAddress(minute: UInt8, second: UInt8, frame: UInt8) -> Int {
    let blocks = (Int(minute) * 60 + Int(second)) * 75 + Int(frame)
    return minute < 90 ? blocks - 150 : blocks - 450_150
}

/// The 4-bit CONTROL field of a Q sub-channel / TOC track descriptor (MMC-6 §6.26.3.2, Q sub-channel control
/// field); the same nibble is the Track Mode field of the Write Parameters page (MMC-6 §7.5).
public struct QSubchannelControl: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Bit 0: audio with pre-emphasis, or (data track) recorded incrementally.
    public static let preEmphasisOrIncremental = QSubchannelControl(rawValue: 1 << 0)
    /// Bit 1: digital copy permitted.
    public static let digitalCopyPermitted = QSubchannelControl(rawValue: 1 << 1)
    /// Bit 2: data track (clear: audio track).
    public static let dataTrack = QSubchannelControl(rawValue: 1 << 2)
    /// Bit 3: four-channel audio (reserved for data tracks).
    public static let fourChannelAudio = QSubchannelControl(rawValue: 1 << 3)
}

// MARK: - Format 0000b: TOC

/// READ TOC/PMA/ATIP with format 0000b: the formatted TOC. MMC-6 §6.26.
///
/// `startingTrack` is the first track whose descriptor is returned (0 and 1 both mean "from the first track";
/// AAh asks for the lead-out only).
public struct ReadTOC: MMCCommand {
    public static let name = "READ TOC/PMA/ATIP (TOC)"

    /// Addresses as MSF (byte 0 reserved, then M, S, F) instead of LBA.
    public let msf: Bool
    public let startingTrack: UInt8
    public let allocationLength: UInt16

    public init(msf: Bool = false, startingTrack: UInt8 = 1, allocationLength: UInt16 = 804) {
        precondition(startingTrack <= 99 || startingTrack == 0xAA, "track number is 0-99 or AAh (lead-out)")
        self.msf = msf
        self.startingTrack = startingTrack
        self.allocationLength = allocationLength
    }

    public var cdb: CDB {
        readTOCPMAATIPCDB(format: 0, msf: msf, number: startingTrack, allocationLength: allocationLength)
    }
    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    /// Parses the 4-byte header and every complete 8-byte track descriptor.
    ///
    /// Truncation policy: only bytes within min(announced, received) are read. A final descriptor that is not
    /// complete is dropped (not thrown) and `truncated` is set: tgt answers 2 bytes short, cutting the lead-out
    /// address, and the tracks before it are still good. A header that cannot be read, or a data length below 2
    /// (shorter than the header's own track numbers), throws.
    public func parse(_ data: [UInt8]) throws(MMCParseError) -> TableOfContents {
        try MMCParseError.wrap(Self.name) {
            let r = ByteReader(data)
            let dataLength = try r.uint16(at: 0)
            guard dataLength >= 2 else {
                throw MMCParseError(Self.name, "TOC data length \(dataLength) is shorter than the header")
            }
            let announced = Int(dataLength) + 2
            let end = min(announced, data.count)
            var entries: [TOCEntry] = []
            var offset = 4
            while offset + 8 <= end {
                entries.append(try TOCEntry(r, at: offset, msf: msf))
                offset += 8
            }
            return TableOfContents(
                dataLength: dataLength, firstTrackNumber: try r.uint8(at: 2), lastTrackNumber: try r.uint8(at: 3),
                entries: entries, truncated: announced > data.count || offset < end)
        }
    }
}

/// One TOC track descriptor (8 bytes). MMC-6 §6.26.3.2.
public struct TOCEntry: Sendable, Hashable {
    /// Track number of the lead-out descriptor.
    public static let leadOutTrackNumber: UInt8 = 0xAA

    /// Q sub-channel ADR (byte 1 bits 7-4); 1 = current position data.
    public let adr: UInt8
    /// Q sub-channel CONTROL (byte 1 bits 3-0).
    public let control: QSubchannelControl
    /// Byte 2; AAh for the lead-out.
    public let trackNumber: UInt8
    /// Bytes 4-7 as received: an LBA (two's complement) or, when `isMSF`, 00h M S F.
    public let address: UInt32
    /// Whether `address` is in MSF form (the command had MSF set).
    public let isMSF: Bool

    public init(adr: UInt8, control: QSubchannelControl, trackNumber: UInt8, address: UInt32, isMSF: Bool) {
        self.adr = adr
        self.control = control
        self.trackNumber = trackNumber
        self.address = address
        self.isMSF = isMSF
    }

    init(_ r: ByteReader, at offset: Int, msf: Bool) throws {
        adr = try r.bits(at: offset + 1, lowBit: 4, width: 4)
        control = QSubchannelControl(rawValue: try r.bits(at: offset + 1, lowBit: 0, width: 4))
        trackNumber = try r.uint8(at: offset + 2)
        address = try r.uint32(at: offset + 4)
        isMSF = msf
    }

    public var isLeadOut: Bool { trackNumber == Self.leadOutTrackNumber }
    public var isDataTrack: Bool { control.contains(.dataTrack) }
    public var isCopyPermitted: Bool { control.contains(.digitalCopyPermitted) }

    /// The start address as an LBA, converting MSF (MMC-6 §4.2.3.2) when needed.
    public var logicalBlockAddress: Int {
        guard isMSF else { return Int(Int32(bitPattern: address)) }
        return msfToLogicalBlockAddress(
            minute: UInt8(truncatingIfNeeded: address >> 16), second: UInt8(truncatingIfNeeded: address >> 8),
            frame: UInt8(truncatingIfNeeded: address))
    }
}

/// The formatted TOC (format 0000b). MMC-6 §6.26.3.2.
public struct TableOfContents: Sendable, Hashable {
    /// Bytes 0-1: length of the data that follows this field, as announced.
    public let dataLength: UInt16
    public let firstTrackNumber: UInt8
    public let lastTrackNumber: UInt8
    /// Every complete descriptor, in the order received, the lead-out (AAh) included.
    public let entries: [TOCEntry]
    /// True when fewer bytes came than announced, or a trailing partial descriptor was dropped.
    public let truncated: Bool

    public init(dataLength: UInt16, firstTrackNumber: UInt8, lastTrackNumber: UInt8, entries: [TOCEntry],
                truncated: Bool) {
        self.dataLength = dataLength
        self.firstTrackNumber = firstTrackNumber
        self.lastTrackNumber = lastTrackNumber
        self.entries = entries
        self.truncated = truncated
    }

    /// The lead-out descriptor (track AAh), if it was received whole.
    public var leadOut: TOCEntry? { entries.first(where: \.isLeadOut) }
    /// The track descriptors without the lead-out.
    public var tracks: [TOCEntry] { entries.filter { !$0.isLeadOut } }
}

// MARK: - Format 0001b: session information

/// READ TOC/PMA/ATIP with format 0001b: first and last complete session and where the last one starts (the
/// multi-session info an ISO 9660 appender needs). MMC-6 §6.26.
public struct ReadSessionInformation: MMCCommand {
    public static let name = "READ TOC/PMA/ATIP (session information)"

    public let msf: Bool
    public let allocationLength: UInt16

    public init(msf: Bool = false, allocationLength: UInt16 = 12) {
        self.msf = msf
        self.allocationLength = allocationLength
    }

    public var cdb: CDB { readTOCPMAATIPCDB(format: 1, msf: msf, number: 0, allocationLength: allocationLength) }
    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    /// Needs the 4-byte header; the descriptor fields are nil when not received whole (tgt answers short).
    public func parse(_ data: [UInt8]) throws(MMCParseError) -> SessionInformation {
        try MMCParseError.wrap(Self.name) {
            let r = ByteReader(data)
            let dataLength = try r.uint16(at: 0)
            guard dataLength >= 2 else {
                throw MMCParseError(Self.name, "data length \(dataLength) is shorter than the header")
            }
            let announced = Int(dataLength) + 2
            let body = r.clamped(at: 0, length: announced)
            let hasTrack = body.count >= 7
            let hasAddress = body.count >= 12
            return SessionInformation(
                dataLength: dataLength,
                firstCompleteSession: try r.uint8(at: 2), lastCompleteSession: try r.uint8(at: 3),
                adr: hasTrack ? try body.bits(at: 5, lowBit: 4, width: 4) : nil,
                control: hasTrack ? QSubchannelControl(rawValue: try body.bits(at: 5, lowBit: 0, width: 4)) : nil,
                firstTrackInLastSession: hasTrack ? try body.uint8(at: 6) : nil,
                startOfFirstTrackInLastSession: hasAddress ? try body.uint32(at: 8) : nil,
                addressIsMSF: msf, truncated: announced > data.count || body.count < 12)
        }
    }
}

/// Session information (format 0001b). MMC-6 §6.26.3.3.
public struct SessionInformation: Sendable, Hashable {
    public let dataLength: UInt16
    public let firstCompleteSession: UInt8
    public let lastCompleteSession: UInt8
    public let adr: UInt8?
    public let control: QSubchannelControl?
    /// First track number in the last complete session; nil if not received.
    public let firstTrackInLastSession: UInt8?
    /// Start address of that track (LBA, or 00h M S F when `addressIsMSF`); nil if not received whole.
    public let startOfFirstTrackInLastSession: UInt32?
    public let addressIsMSF: Bool
    public let truncated: Bool

    public init(dataLength: UInt16, firstCompleteSession: UInt8, lastCompleteSession: UInt8, adr: UInt8?,
                control: QSubchannelControl?, firstTrackInLastSession: UInt8?,
                startOfFirstTrackInLastSession: UInt32?, addressIsMSF: Bool, truncated: Bool) {
        self.dataLength = dataLength
        self.firstCompleteSession = firstCompleteSession
        self.lastCompleteSession = lastCompleteSession
        self.adr = adr
        self.control = control
        self.firstTrackInLastSession = firstTrackInLastSession
        self.startOfFirstTrackInLastSession = startOfFirstTrackInLastSession
        self.addressIsMSF = addressIsMSF
        self.truncated = truncated
    }
}

// MARK: - Format 0100b: ATIP

/// READ TOC/PMA/ATIP with format 0100b: the ATIP of a CD-R/RW (MSF bit set, as MMC-6 requires for ATIP).
/// MMC-6 §6.26.
public struct ReadATIP: MMCCommand {
    public static let name = "READ TOC/PMA/ATIP (ATIP)"

    public let allocationLength: UInt16

    public init(allocationLength: UInt16 = 32) { self.allocationLength = allocationLength }

    public var cdb: CDB { readTOCPMAATIPCDB(format: 4, msf: true, number: 0, allocationLength: allocationLength) }
    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    /// Needs bytes 0-14 (header through the last possible lead-out start) within min(announced, received).
    public func parse(_ data: [UInt8]) throws(MMCParseError) -> ATIP {
        try MMCParseError.wrap(Self.name) {
            let whole = ByteReader(data)
            let dataLength = try whole.uint16(at: 0)
            let r = whole.clamped(at: 0, length: Int(dataLength) + 2)
            guard r.count >= 15 else {
                throw MMCParseError(Self.name, "ATIP descriptor incomplete: \(r.count) of 15 bytes needed")
            }
            return ATIP(
                dataLength: dataLength,
                indicativeTargetWritingPower: try r.bits(at: 4, lowBit: 4, width: 3),
                referenceSpeed: try r.bits(at: 4, lowBit: 0, width: 3),
                unrestrictedUse: try r.bit(at: 5, 6),
                discIsRewritable: try r.bit(at: 6, 6),
                discSubType: try r.bits(at: 6, lowBit: 3, width: 3),
                a1Valid: try r.bit(at: 6, 2), a2Valid: try r.bit(at: 6, 1), a3Valid: try r.bit(at: 6, 0),
                leadInStart: ATIP.Time(minute: try r.uint8(at: 8), second: try r.uint8(at: 9),
                                       frame: try r.uint8(at: 10)),
                lastPossibleLeadOutStart: ATIP.Time(minute: try r.uint8(at: 12), second: try r.uint8(at: 13),
                                                    frame: try r.uint8(at: 14)))
        }
    }
}

/// ATIP descriptor (format 0100b). MMC-6 §6.26.3.6.
public struct ATIP: Sendable, Hashable {
    /// An ATIP time as M:S:F (75 frames a second).
    public struct Time: Sendable, Hashable, CustomStringConvertible {
        public let minute: UInt8
        public let second: UInt8
        public let frame: UInt8
        public init(minute: UInt8, second: UInt8, frame: UInt8) {
            self.minute = minute
            self.second = second
            self.frame = frame
        }
        /// LBA per MMC-6 §4.2.3.2: M < 90 → (M·60+S)·75+F−150; M ≥ 90 (lead-in) → (M·60+S)·75+F−450 150.
        public var logicalBlockAddress: Int { msfToLogicalBlockAddress(minute: minute, second: second, frame: frame) }
        public var description: String {
            "\(minute):" + (second < 10 ? "0" : "") + "\(second):" + (frame < 10 ? "0" : "") + "\(frame)"
        }
    }

    public let dataLength: UInt16
    /// Byte 4 bits 6-4 (bit 7 of an ATIP CD-R/RW byte 4 is fixed to one). Recommended write power code.
    public let indicativeTargetWritingPower: UInt8
    /// Byte 4 bits 2-0.
    public let referenceSpeed: UInt8
    /// URU, byte 5 bit 6.
    public let unrestrictedUse: Bool
    /// Disc Type, byte 6 bit 6: 1 = CD-RW (phase change), 0 = CD-R.
    public let discIsRewritable: Bool
    /// Disc Sub-type, byte 6 bits 5-3.
    public let discSubType: UInt8
    public let a1Valid: Bool
    public let a2Valid: Bool
    public let a3Valid: Bool
    /// ATIP start time of lead-in, bytes 8-10.
    public let leadInStart: Time
    /// ATIP last possible start time of lead-out, bytes 12-14.
    public let lastPossibleLeadOutStart: Time

    public init(dataLength: UInt16, indicativeTargetWritingPower: UInt8, referenceSpeed: UInt8, unrestrictedUse: Bool,
                discIsRewritable: Bool, discSubType: UInt8, a1Valid: Bool, a2Valid: Bool, a3Valid: Bool,
                leadInStart: Time, lastPossibleLeadOutStart: Time) {
        self.dataLength = dataLength
        self.indicativeTargetWritingPower = indicativeTargetWritingPower
        self.referenceSpeed = referenceSpeed
        self.unrestrictedUse = unrestrictedUse
        self.discIsRewritable = discIsRewritable
        self.discSubType = discSubType
        self.a1Valid = a1Valid
        self.a2Valid = a2Valid
        self.a3Valid = a3Valid
        self.leadInStart = leadInStart
        self.lastPossibleLeadOutStart = lastPossibleLeadOutStart
    }

    /// Lead-in start as an LBA (negative: the lead-in MSF is ≥ 90 minutes, so (M·60+S)·75+F−450 150).
    public var leadInStartLBA: Int { leadInStart.logicalBlockAddress }
    /// Last possible lead-out start as an LBA ((M·60+S)·75+F−150); 79:59:74 → 359 849.
    public var lastPossibleLeadOutStartLBA: Int { lastPossibleLeadOutStart.logicalBlockAddress }
}
