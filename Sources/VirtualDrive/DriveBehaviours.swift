/// Documented behaviours of real drives that a `VirtualDrive` can imitate, each a spec option (see
/// `VirtualDriveSpecBehaviours.swift` for the text form and Vendor-notes/drive-behaviours.md for the source of
/// each one). All are off by default: a plain virtual drive is the strict reading of MMC-6.
public struct DriveBehaviours: Sendable, Hashable {
    /// `tao-close-track-error=1`: CLOSE TRACK (001b) on CD-R/RW while page 05h says TAO → 5/2C/00, also in a real
    /// burn. LG GH22LS30 (libburn write.c, ts A91202).
    public var taoCloseTrackError = false
    /// `long-write=SECONDS`: WRITE and READ BUFFER CAPACITY answer 2/04/08 for this long (drive clock) at the start
    /// of each track and every 1 GiB written (libburn: lead-in and recalibration stall drives; MMC-NOTES). 0 = off.
    public var longWriteSeconds = 0
    /// Blocks between two `long-write` stalls after a track start (1 GiB); tests set it smaller (no text form).
    var longWriteIntervalBlocks = (1 << 30) / 2048
    /// `busy-after-immed=1`: after an IMMED SYNCHRONIZE CACHE, CLOSE, BLANK or FORMAT, TEST UNIT READY and READ
    /// DISC INFORMATION answer GOOD while it runs, other medium commands 2/04/07 (Pioneer DVR-K04RA; growisofs).
    public var busyAfterImmediate = false
    /// `nwa-minus-150=1`: READ TRACK INFORMATION on a blank medium reports NWA −150 (Pioneer BDR-205, LITE-ON
    /// LTR-48125S; libburn mmc.c).
    public var nwaMinus150 = false
    /// `rti-ff-strict=1`: READ TRACK INFORMATION of track FFh → 5/24/00 except on CD and DVD+R (DL) (MMC-NOTES).
    public var readTrackInformationFFStrict = false
    /// `streaming-junk=1`: WRITE(12) with the Streaming bit and fewer than 32 blocks stores junk (the inverted
    /// bytes) and answers GOOD. LG GGW-H20 (libburn write.c).
    public var streamingJunk = false
    /// `recovered=N`: every Nth WRITE and every CLOSE TRACK/SESSION succeed but answer sense key 1, alternating
    /// 1/73/01 and 1/0C/01. 0 = off.
    public var recoveredEvery = 0
    /// `reset-at=LBA`: a power-on reset when writing reaches this LBA (once): the WRITE covering it gets 6/29/00
    /// and is not done, page 05h returns to its defaults, buffered data not yet recorded is lost.
    public var resetAtLBA: Int?
    /// `whole-packets=1`: on DVD+R (DL), DVD-R/-RW incremental and BD-R every WRITE must be whole packets (16
    /// blocks, 32 on BD) else 5/21/02 (MMC-NOTES "Writing, per media family").
    public var wholePackets = false

    public init() {}
}

/// A real drive whose documented behaviours a `VirtualDrive` imitates as a bundle (`drive=NAME`).
public enum DrivePreset: String, Sendable, Hashable, CaseIterable {
    case lgGH22LS30 = "lg-gh22ls30"
    case lgGGWH20 = "lg-ggw-h20"
    case pioneerBDR205 = "pioneer-bdr-205"
    case pioneerDVRK04RA = "pioneer-dvr-k04ra"
    case liteOnLTR48125S = "lite-on-ltr-48125s"

    /// The behaviours the preset switches on.
    public var behaviours: DriveBehaviours {
        var b = DriveBehaviours()
        switch self {
        case .lgGH22LS30: b.taoCloseTrackError = true
        case .lgGGWH20: b.streamingJunk = true
        case .pioneerBDR205:
            b.nwaMinus150 = true
            b.busyAfterImmediate = true  // Pioneer command references: TEST UNIT READY GOOD while closing
        case .pioneerDVRK04RA: b.busyAfterImmediate = true
        case .liteOnLTR48125S: b.nwaMinus150 = true
        }
        return b
    }
}

/// Behaviour options as given in a spec: nil = not given (the preset's value, else off). Keeping "given" apart
/// from "effective" lets `description` print exactly what was parsed.
public struct DriveBehaviourOptions: Sendable, Hashable {
    public var preset: DrivePreset?
    public var taoCloseTrackError: Bool?
    public var longWriteSeconds: Int?
    public var busyAfterImmediate: Bool?
    public var nwaMinus150: Bool?
    public var readTrackInformationFFStrict: Bool?
    public var streamingJunk: Bool?
    public var recoveredEvery: Int?
    public var resetAtLBA: Int?
    public var wholePackets: Bool?
    /// Test hook: `DriveBehaviours.longWriteIntervalBlocks` (not part of the text form).
    var longWriteIntervalBlocks: Int?

    public init() {}

    /// The preset's behaviours with every given option applied over them.
    public var effective: DriveBehaviours {
        var b = preset?.behaviours ?? DriveBehaviours()
        if let v = taoCloseTrackError { b.taoCloseTrackError = v }
        if let v = longWriteSeconds { b.longWriteSeconds = v }
        if let v = busyAfterImmediate { b.busyAfterImmediate = v }
        if let v = nwaMinus150 { b.nwaMinus150 = v }
        if let v = readTrackInformationFFStrict { b.readTrackInformationFFStrict = v }
        if let v = streamingJunk { b.streamingJunk = v }
        if let v = recoveredEvery { b.recoveredEvery = v }
        if let v = resetAtLBA { b.resetAtLBA = v }
        if let v = wholePackets { b.wholePackets = v }
        if let v = longWriteIntervalBlocks { b.longWriteIntervalBlocks = v }
        return b
    }
}

/// How a fresh disc starts (options that describe the medium, not the drive). Applied when the disc is created
/// (in memory, or a DIR without state.json); a DIR that already holds a disc keeps its own state.
public struct MediumStateOptions: Sendable, Hashable {
    /// `intermediate=1` (dvd-rw): restricted overwrite in the "intermediate" state of a quick format (15h), and
    /// FORMAT UNIT 15h on this drive leaves that state (until CLOSE SESSION 010b). libburn cookbook.
    public var intermediate = false
    /// `fast-blanked=1` (dvd-rw): minimally blanked, feature 0021h (incremental) not current, DAO only; BLANK
    /// 001b on this drive leaves that state (a full blank or a format clears it). MMC-NOTES.
    public var fastBlanked = false
    /// `bg-suspended=1` (dvd+rw): formatted, background format suspended (READ DISC INFORMATION BG status 01b);
    /// WRITE → 5/2C/00 until FORMAT UNIT 26h with the Restart bit. libburn mmc.c.
    public var backgroundFormatSuspended = false
    /// `pow=1` (bd-r): formatted with Pseudo-OverWrite (FORMAT UNIT 32h sub-type 00b): feature 0038h current.
    public var pseudoOverwrite = false
    /// `open-track=BLOCKS` (sequential media): an interrupted burn left track 1 incomplete with BLOCKS blocks
    /// written (zeros) and the session open.
    public var openTrackBlocks: Int?

    public init() {}

    var isEmpty: Bool { self == MediumStateOptions() }
}
