import MMC
import SCSI

/// One feature descriptor as GET CONFIGURATION returns it (MMC-6 §5.2.2): code, version, persistent and
/// current bits, and the feature-dependent data.
struct FeatureDescriptor {
    var code: FeatureCode
    var version: UInt8
    var persistent: Bool
    var current: Bool
    var data: [UInt8]

    var bytes: [UInt8] {
        var w = ByteWriter(count: 4)
        w.setUInt16(0, code.rawValue)
        w.set(2, version << 2 | (persistent ? 0x02 : 0) | (current ? 0x01 : 0))
        w.set(3, UInt8(data.count))
        return w.bytes + data
    }
}

/// The drive's feature set: a "BD writer" that reads and writes every medium of `VirtualMediaKind`
/// (MMC-6 §5.3). The current bits follow the loaded medium.
struct FeatureSet {
    let media: VirtualMediaKind
    let isBlank: Bool
    let capacityBlocks: Int
    let serialNumber: String
    /// A DVD-RW in restricted overwrite mode (profile 0013h instead of 0014h).
    var restrictedOverwrite = false
    /// A fast-blanked DVD-RW: Incremental Streaming Writable (0021h) not current.
    var incrementalNotCurrent = false
    /// A BD-R formatted with Pseudo-OverWrite: feature 0038h current.
    var pseudoOverwrite = false

    var currentProfile: Profile { restrictedOverwrite ? .dvdRWRestrictedOverwrite : media.profile }

    /// Profiles in the profile list, most preferred first (MMC-6 §5.3.2).
    static let profiles: [Profile] = [
        .bdRE, .bdRSequential, .bdROM, .dvdPlusRDL, .dvdPlusR, .dvdPlusRW, .dvdRWSequential,
        .dvdRWRestrictedOverwrite, .dvdRAM, .dvdRSequential, .dvdROM, .cdRW, .cdR, .cdROM,
    ]

    var descriptors: [FeatureDescriptor] {
        let present = media.isPresent
        let family = media.family
        let written = present && !isBlank
        return [
            profileList,
            FeatureDescriptor(code: .core, version: 2, persistent: true, current: true,
                              data: [0, 0, 0, 0x01, 0x03, 0, 0, 0]),  // SCSI interface; INQ2, DBE
            FeatureDescriptor(code: .morphing, version: 1, persistent: true, current: true, data: [0x02, 0, 0, 0]),
            FeatureDescriptor(code: .removableMedium, version: 2, persistent: true, current: true,
                              data: [0x20 | 0x10 | 0x08 | 0x01, 0, 0, 0]),  // tray, Load, Eject, Lock
            randomReadable(current: written),
            FeatureDescriptor(code: .multiRead, version: 1, persistent: false, current: family == .cd, data: []),
            FeatureDescriptor(code: .cdRead, version: 2, persistent: false, current: family == .cd,
                              data: [0x02, 0, 0, 0]),  // C2 flags
            FeatureDescriptor(code: .dvdRead, version: 2, persistent: false, current: family == .dvd,
                              data: [0x01, 0, 0x03, 0]),  // MULTI110; DualRW, DualR
            randomWritable(current: media.isOverwritable && !isBlank),
            incrementalStreaming(current: [.cdR, .cdRW, .dvdR, .dvdRW, .bdR].contains(media) && !restrictedOverwrite
                                 && !incrementalNotCurrent),
            FeatureDescriptor(code: .formattable, version: 1, persistent: false,
                              current: [.dvdPlusRW, .dvdRAM, .bdRE, .bdR, .dvdRW].contains(media),
                              data: [0x01, 0, 0, 0, 0, 0, 0, 0]),  // Cert
            FeatureDescriptor(code: .hardwareDefectManagement, version: 1, persistent: false,
                              current: [.dvdRAM, .bdRE].contains(media), data: [0x80, 0, 0, 0]),  // SSA
            FeatureDescriptor(code: .restrictedOverwrite, version: 0, persistent: false, current: restrictedOverwrite,
                              data: []),
            FeatureDescriptor(code: .dvdPlusRW, version: 1, persistent: false, current: media == .dvdPlusRW,
                              data: [0x01, 0x02, 0, 0]),  // Write; Quick Start
            FeatureDescriptor(code: .dvdPlusR, version: 1, persistent: false, current: media == .dvdPlusR,
                              data: [0x01, 0, 0, 0]),  // Write
            FeatureDescriptor(code: .cdTrackAtOnce, version: 2, persistent: false, current: family == .cd && !media.isPressed,
                              data: [0x40 | 0x04 | 0x02, 0, 0x05, 0x01]),  // BUF, Test Write, CD-RW; data types
            FeatureDescriptor(code: .cdMastering, version: 1, persistent: false, current: family == .cd && !media.isPressed,
                              data: [0x40 | 0x20 | 0x08 | 0x04 | 0x02, 0x00, 0x10, 0x00]),  // BUF SAO Raw TW CD-RW; cue 4 KiB
            FeatureDescriptor(code: .dvdRWrite, version: 1, persistent: false, current: [.dvdR, .dvdRW].contains(media) && !restrictedOverwrite,
                              data: [0x40 | 0x04 | 0x02, 0, 0, 0]),  // BUF, Test Write, DVD-RW SL
            FeatureDescriptor(code: .layerJumpRecording, version: 0, persistent: false, current: false,
                              data: [0, 0, 0, 1, 16, 0, 0, 0]),  // one link size: 16
            FeatureDescriptor(code: .bdRPseudoOverwrite, version: 0, persistent: false, current: pseudoOverwrite,
                              data: [0, 0, 0, 0]),
            FeatureDescriptor(code: .dvdPlusRDL, version: 1, persistent: false, current: media == .dvdPlusRDL,
                              data: [0x01, 0, 0, 0]),  // Write
            bdRead(current: family == .bd),
            bdWrite(current: [.bdR, .bdRE].contains(media)),
            FeatureDescriptor(code: .realTimeStreaming, version: 4, persistent: false, current: true,
                              data: [0x1F, 0, 0, 0]),  // RBCB, SCS, MP2A, WSPD, SW
            driveSerialNumber,
        ]
    }

    /// Profile List (0000h): 4 bytes per profile, CurrentP for the loaded one.
    private var profileList: FeatureDescriptor {
        var data = [UInt8]()
        for p in Self.profiles {
            data += [UInt8(p.rawValue >> 8), UInt8(p.rawValue & 0xFF), p == currentProfile ? 0x01 : 0x00, 0]
        }
        return FeatureDescriptor(code: .profileList, version: 0, persistent: true, current: true, data: data)
    }

    /// Random Readable (0010h): logical block size, blocking, PP = 0 (no error recovery page).
    private func randomReadable(current: Bool) -> FeatureDescriptor {
        var w = ByteWriter(count: 8)
        w.setUInt32(0, 2048)
        w.setUInt16(4, UInt16(media.blockingFactor))
        return FeatureDescriptor(code: .randomReadable, version: 0, persistent: false, current: current, data: w.bytes)
    }

    /// Random Writable (0020h): last LBA, logical block size, blocking, PP = 0.
    private func randomWritable(current: Bool) -> FeatureDescriptor {
        var w = ByteWriter(count: 12)
        w.setUInt32(0, int: current ? max(0, capacityBlocks - 1) : 0)
        w.setUInt32(4, 2048)
        w.setUInt16(8, UInt16(media.blockingFactor))
        return FeatureDescriptor(code: .randomWritable, version: 1, persistent: false, current: current, data: w.bytes)
    }

    /// Incremental Streaming Writable (0021h): data block types (Mode 1 = type 8, and CD types 0 and 10),
    /// BUF, one link size (7 for CD, 16 for DVD/BD), padded to 4 bytes.
    private func incrementalStreaming(current: Bool) -> FeatureDescriptor {
        let cd = media.family == .cd || !media.isPresent
        let types: UInt16 = cd ? 0x0501 : 0x0100
        let data: [UInt8] = [UInt8(types >> 8), UInt8(types & 0xFF), 0x01, 1, cd ? 7 : 16, 0, 0, 0]
        return FeatureDescriptor(code: .incrementalStreamingWritable, version: 1, persistent: false,
                                 current: current, data: data)
    }

    /// BD Read (0040h): 4 reserved bytes, then 16-bit class 0-3 version bitmaps for BD-RE, BD-R, BD-ROM.
    private func bdRead(current: Bool) -> FeatureDescriptor {
        var w = ByteWriter(count: 28)
        w.setUInt16(4, 0x0006)   // BD-RE class 0: versions 1, 2
        w.setUInt16(12, 0x0006)  // BD-R class 0: versions 1, 2
        w.setUInt16(20, 0x0002)  // BD-ROM class 0: version 1
        return FeatureDescriptor(code: .bdRead, version: 1, persistent: false, current: current, data: w.bytes)
    }

    /// BD Write (0041h): SVNR, then class 0-3 version bitmaps for BD-RE and BD-R writing.
    private func bdWrite(current: Bool) -> FeatureDescriptor {
        var w = ByteWriter(count: 20)
        w.set(0, 0x01)           // SVNR
        w.setUInt16(4, 0x0006)   // BD-RE class 0
        w.setUInt16(12, 0x0006)  // BD-R class 0
        return FeatureDescriptor(code: .bdWrite, version: 2, persistent: false, current: current, data: w.bytes)
    }

    /// Drive Serial Number (0108h): ASCII, padded with spaces to a multiple of 4.
    private var driveSerialNumber: FeatureDescriptor {
        var serial = Array(serialNumber.utf8)
        while serial.count % 4 != 0 { serial.append(0x20) }
        return FeatureDescriptor(code: .driveSerialNumber, version: 0, persistent: true, current: true, data: serial)
    }
}
