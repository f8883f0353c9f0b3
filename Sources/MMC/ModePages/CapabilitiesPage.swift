import SCSI

/// CD/DVD Capabilities and Mechanical Status mode page, page code 2Ah. MMC-3 §5.5.10 (legacy: MMC-6 keeps the
/// page code reserved for it and replaces it with features from GET CONFIGURATION, but drives still answer it;
/// tgt and QEMU do).
///
/// Bytes: 2 = read bits (DVD-RAM 5, DVD-R 4, DVD-ROM 3, Method 2 bit 2, CD-RW 1, CD-R 0); 3 = write bits
/// (DVD-RAM 5, DVD-R 4, Test Write 2, CD-RW 1, CD-R 0); 4 = BUF 7, Multi Session 6, Mode 2 Form 2 5, Form 1 4,
/// Digital Port 2 3, Port 1 2, Composite 1, Audio Play 0; 5 = Read Bar Code 7, UPC 6, ISRC 5, C2 4,
/// R-W de-interleaved 3, R-W 2, CD-DA accurate 1, CD-DA commands 0; 6 = Loading Mechanism Type 7-5, Eject 3,
/// Prevent Jumper 2, Lock State 1, Lock 0; 7 = R-W in lead-in 5, side change 4, S/W slot selection 3,
/// disc present 2, separate mute 1, separate volume 0; 8-9 = maximum read speed (obsolete); 10-11 = volume
/// levels; 12-13 = buffer size (KiB); 14-15 = current read speed (obsolete); 18-19 = maximum write speed
/// (obsolete); 20-21 = current write speed (obsolete); 22-23 = copy management revision; 27 bits 1-0 =
/// rotation control selected; 28-29 = current write speed selected; 30-31 = number of write speed performance
/// descriptors; 32… = descriptors of 4 bytes (reserved, rotation control bits 1-0, write speed kB/s).
public struct CapabilitiesPage: Sendable, Hashable {
    /// One Logical Unit Write Speed Performance Descriptor (4 bytes).
    public struct WriteSpeedDescriptor: Sendable, Hashable {
        public let rotationControl: RotationControl
        public let writeSpeedKilobytesPerSecond: UInt16
        public init(rotationControl: RotationControl, writeSpeedKilobytesPerSecond: UInt16) {
            self.rotationControl = rotationControl
            self.writeSpeedKilobytesPerSecond = writeSpeedKilobytesPerSecond
        }
    }

    /// Loading Mechanism Type (byte 6 bits 7-5). An open set.
    public struct LoadingMechanismType: RawRepresentable, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let caddy = LoadingMechanismType(rawValue: 0)
        public static let tray = LoadingMechanismType(rawValue: 1)
        public static let popUp = LoadingMechanismType(rawValue: 2)
        public static let changerIndividualDiscs = LoadingMechanismType(rawValue: 4)
        public static let changerMagazine = LoadingMechanismType(rawValue: 5)
    }

    public let parametersSavable: Bool
    /// Page length from the header.
    public let pageLength: Int
    /// Bytes of the page present (header included), after clipping to the declared length.
    public let receivedBytes: Int

    public let readCDR: Bool, readCDRW: Bool, method2: Bool, readDVDROM: Bool, readDVDR: Bool, readDVDRAM: Bool
    public let writeCDR: Bool, writeCDRW: Bool, testWrite: Bool, writeDVDR: Bool, writeDVDRAM: Bool
    public let audioPlay: Bool, composite: Bool, digitalPort1: Bool, digitalPort2: Bool
    public let mode2Form1: Bool, mode2Form2: Bool, multiSession: Bool
    /// BUF: buffer under-run free recording supported (byte 4 bit 7).
    public let bufferUnderrunFree: Bool
    public let cdDACommandsSupported: Bool, cdDAStreamIsAccurate: Bool, rwSupported: Bool
    public let rwDeinterleavedAndCorrected: Bool, c2PointersSupported: Bool
    public let readsISRC: Bool, readsUPC: Bool, readsBarCode: Bool
    public let lock: Bool, lockState: Bool, preventJumper: Bool, eject: Bool
    public let loadingMechanismType: LoadingMechanismType
    public let separateVolumeLevels: Bool, separateChannelMute: Bool, changerSupportsDiscPresent: Bool
    public let softwareSlotSelection: Bool, sideChangeCapable: Bool, rwInLeadIn: Bool
    /// Bytes 8-9 (obsolete in MMC-3).
    public let maximumReadSpeedKilobytesPerSecond: UInt16
    public let numberOfVolumeLevels: UInt16
    /// Bytes 12-13.
    public let bufferSizeKilobytes: UInt16
    /// Bytes 14-15 (obsolete).
    public let currentReadSpeedKilobytesPerSecond: UInt16
    /// Bytes 18-19 (obsolete).
    public let maximumWriteSpeedKilobytesPerSecond: UInt16
    /// Bytes 28-29 when the page has them, else the obsolete bytes 20-21, else 0.
    public let currentWriteSpeedKilobytesPerSecond: UInt16
    public let copyManagementRevision: UInt16
    /// Byte 27 bits 1-0.
    public let rotationControl: RotationControl
    /// Bytes 30-31 as announced; `writeSpeedDescriptors` holds only those fully present.
    public let announcedWriteSpeedDescriptorCount: UInt16
    public let writeSpeedDescriptors: [WriteSpeedDescriptor]

    /// Decodes page 2Ah. Total over drive data: fields past the bytes present read as zero/false, and only
    /// write speed descriptors wholly inside both the declared page and the received bytes are kept. Only a
    /// different page code throws.
    public init(_ page: ModePage) throws(MMCParseError) {
        guard page.code == .capabilities, !page.isSubpageFormat else {
            throw MMCParseError("CAPABILITIES PAGE", "expected page 2Ah, got \(page.code)")
        }
        let end = min(page.data.count, page.headerLength + page.declaredPageLength)
        let d = Array(page.data.prefix(end))
        func bit(_ i: Int, _ b: Int) -> Bool { i < d.count && d[i] & (1 << UInt8(b)) != 0 }
        func u16(_ i: Int) -> UInt16 { i + 1 < d.count ? UInt16(d[i]) << 8 | UInt16(d[i + 1]) : 0 }
        func byte(_ i: Int) -> UInt8 { i < d.count ? d[i] : 0 }

        parametersSavable = page.parametersSavable
        pageLength = page.declaredPageLength
        receivedBytes = d.count
        (readCDR, readCDRW, method2) = (bit(2, 0), bit(2, 1), bit(2, 2))
        (readDVDROM, readDVDR, readDVDRAM) = (bit(2, 3), bit(2, 4), bit(2, 5))
        (writeCDR, writeCDRW, testWrite) = (bit(3, 0), bit(3, 1), bit(3, 2))
        (writeDVDR, writeDVDRAM) = (bit(3, 4), bit(3, 5))
        (audioPlay, composite, digitalPort1, digitalPort2) = (bit(4, 0), bit(4, 1), bit(4, 2), bit(4, 3))
        (mode2Form1, mode2Form2, multiSession, bufferUnderrunFree) = (bit(4, 4), bit(4, 5), bit(4, 6), bit(4, 7))
        (cdDACommandsSupported, cdDAStreamIsAccurate, rwSupported) = (bit(5, 0), bit(5, 1), bit(5, 2))
        (rwDeinterleavedAndCorrected, c2PointersSupported) = (bit(5, 3), bit(5, 4))
        (readsISRC, readsUPC, readsBarCode) = (bit(5, 5), bit(5, 6), bit(5, 7))
        (lock, lockState, preventJumper, eject) = (bit(6, 0), bit(6, 1), bit(6, 2), bit(6, 3))
        loadingMechanismType = LoadingMechanismType(rawValue: byte(6) >> 5)
        (separateVolumeLevels, separateChannelMute, changerSupportsDiscPresent) = (bit(7, 0), bit(7, 1), bit(7, 2))
        (softwareSlotSelection, sideChangeCapable, rwInLeadIn) = (bit(7, 3), bit(7, 4), bit(7, 5))
        maximumReadSpeedKilobytesPerSecond = u16(8)
        numberOfVolumeLevels = u16(10)
        bufferSizeKilobytes = u16(12)
        currentReadSpeedKilobytesPerSecond = u16(14)
        maximumWriteSpeedKilobytesPerSecond = u16(18)
        currentWriteSpeedKilobytesPerSecond = d.count >= 30 ? u16(28) : u16(20)
        copyManagementRevision = u16(22)
        rotationControl = RotationControl(rawValue: byte(27) & 0x03)
        announcedWriteSpeedDescriptorCount = u16(30)
        var descriptors: [WriteSpeedDescriptor] = []
        var offset = 32
        while descriptors.count < Int(announcedWriteSpeedDescriptorCount), offset + 4 <= d.count {
            descriptors.append(WriteSpeedDescriptor(rotationControl: RotationControl(rawValue: d[offset + 1] & 0x03),
                                                    writeSpeedKilobytesPerSecond: u16(offset + 2)))
            offset += 4
        }
        writeSpeedDescriptors = descriptors
    }
}
