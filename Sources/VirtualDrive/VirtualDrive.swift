import Foundation
import MMC
import SCSI

/// A software MMC drive: answers CDBs as a strict, spec-following "BD writer" would, for every medium in
/// `VirtualMediaKind`, with media held in memory, persisted in a directory, or pressed from an image file.
///
/// It is the in-memory twin of a real transport: every layer above `SCSITransport` can be tested with bytes
/// and no hardware. Commands are processed one at a time under a lock. See `VirtualDriveSpec` for the
/// "virtual:" device syntax, `VirtualFault` for fault injection, `MediumState` for the state file.
///
/// Every command checks its CDB: wrong CDB length, reserved bits or bytes set, NACA/LINK in CONTROL, or an
/// unsupported field value → 5/24/00 with a field pointer; an unknown opcode → 5/20/00; medium-access
/// commands without a disc → 2/3A/01 (tray closed) or 2/3A/02 (tray open). Data-in never exceeds the CDB's
/// allocation length nor the host buffer. Decisions where the spec leaves room (each documented where made):
/// - Reading an unrecorded block inside the capacity → 8/00/00 BLANK CHECK; past the capacity → 5/21/00.
/// - Writing: sequential media only at an open track's NWA (5/21/02); never past the user area (5/21/00); a
///   finalized disc has no NWA, so 5/21/02; pressed media 7/27/00; unformatted overwritable media 5/30/10.
/// - A formatted DVD+RW or BD-RE answers disc status "complete" (0 free blocks, track size = capacity), DVD-RAM
///   "other"; fresh DVD+RW and BD-RE are unformatted, DVD-RAM comes formatted.
/// - A blank DVD-R/RW reports 2,298,496 both as last possible lead-out and as free blocks.
/// - A DVD-RW records sequentially (0014h) until FORMAT UNIT 10h/15h makes it restricted overwrite (0013h,
///   2,297,888 blocks, writes in whole 16-block packets else 5/21/02); BLANK returns it to 0014h. See
///   `RestrictedOverwrite.swift`.
/// - GET CONFIGURATION and GET EVENT STATUS NOTIFICATION do not consume a pending unit attention.
/// - One process at a time holds a given state directory (flock on DIR/lock; another process gets
///   `VirtualDriveError.inUse` naming the PID); drives within one process share it and the last writer of
///   state.json wins. A DIR written by one drive is read by another drive opened on it afterwards (`MEDIA:DIR`
///   with the same MEDIA) — a burned disc moved to another drive. Opening and reading create nothing: a missing
///   DIR, state.json and media.bin appear with the first change to store (`StateDirectory`). SYNCHRONIZE CACHE
///   and CLOSE make the disc durable (fsync of media.bin, state.json replaced atomically, DIR fsynced).
///
/// Media change (see `MediaChange.swift`): `eject()`, `insert(_:)`, START STOP UNIT, and `next=` in the spec (a
/// disc a user puts in after the first eject). GESN reports MediaRemoval / NewMedia once each; a new disc gives
/// 6/28/00 once.
///
/// The write side (see `WriteData.swift`, `SessionAtOnce.swift`, `TestWriteSimulation.swift`, `DriveBuffer`):
/// - Page 05h is checked at WRITE where real drives use it (CD-R/RW, DVD-R/-RW): CD takes TAO (with a 2048-byte
///   data block type, 8 or 10) or SAO; DVD-R/-RW take incremental or DAO; anything else → 5/64/00 ILLEGAL MODE
///   FOR THIS TRACK. The page a fresh disc comes with counts as valid, as on drives that ship with TAO (CD) and
///   incremental (DVD-R) defaults. DVD+R, BD and overwritable media ignore the page.
/// - CD SAO: SEND CUE SHEET, then WRITEs from the cue sheet's first pre-gap (LBA −150 on a blank disc) to its
///   lead-out; SYNCHRONIZE CACHE after the last block closes the session. SAO writes without a cue sheet, and
///   DVD-R DAO writes without RESERVE TRACK → 5/2C/00.
/// - Capacity: a write past the medium's user area → 5/21/00 (MMC-6 §4.2 treats the last possible lead-out as
///   the end of the addressable range; 5/63/00 is left for reads), past a reservation or cue sheet → 5/21/02.
/// - Test write (CD, DVD-R/-RW only; the page bit on other media → 5/26/00 at MODE SELECT): the whole sequence
///   runs against a simulated copy of the disc that is dropped when the simulated session closes.
/// - A full buffer makes WRITE wait (no 2/04/08). A buffer that runs dry while recording is an underrun: linked
///   and counted with BURN-Free (or on DVD+R, BD, overwritable media), else the next WRITE → 3/0C/09 and the
///   disc is a coaster (damaged track, last session "damaged", no more writes or closes).
public final class VirtualDrive: SCSITransport, @unchecked Sendable {
    public let deviceName: String
    public let spec: VirtualDriveSpec
    private let lock = NSLock()
    private let core: DriveCore

    private init(spec: VirtualDriveSpec, medium: MediumStorage?, clock: any VirtualDriveClock) {
        self.spec = spec
        deviceName = "virtual:" + spec.media.rawValue
        core = DriveCore(medium: medium, spec: spec, clock: clock)
    }

    /// Opens a drive holding what `spec` describes (a blank disc, a persisted DIR, or a pressed image).
    /// `clock` times the buffer model and the command latency; pass a `ManualDriveClock` for deterministic tests.
    public static func open(_ spec: VirtualDriveSpec,
                            clock: any VirtualDriveClock = SystemDriveClock()) throws -> VirtualDrive {
        let medium: MediumStorage? = spec.media == .none ? nil : try MediumStorage.open(spec)
        // Open the next disc once now so that a bad `next=` (wrong kind in its DIR, missing image) throws here.
        if let next = spec.nextDisc { _ = try MediumStorage.open(next.driveSpec) }
        return VirtualDrive(spec: spec, medium: medium, clock: clock)
    }

    /// Opens a drive from the text after "virtual:" ("dvd+r", "bd-r:/tmp/disc?speed=4x", ...).
    public static func open(parsing text: String,
                            clock: any VirtualDriveClock = SystemDriveClock()) throws -> VirtualDrive {
        try open(VirtualDriveSpec(parsing: text), clock: clock)
    }

    /// A drive holding a fresh blank disc of `media` in memory (or an empty drive for `.none`). A pressed kind
    /// without an image holds 16 blocks of zeros; use `open` with an image for real content.
    public convenience init(media: VirtualMediaKind, clock: any VirtualDriveClock = SystemDriveClock()) {
        self.init(spec: VirtualDriveSpec(media: media), medium: media == .none ? nil : MediumStorage.blank(media),
                  clock: clock)
    }

    deinit { core.persistIfDirty() }

    public func execute(_ request: SCSIRequest) throws -> SCSIResult {
        lock.lock()
        defer { lock.unlock() }
        return try core.execute(request)
    }

    /// Adds a fault to be injected into later commands.
    public func inject(_ fault: VirtualFault) {
        lock.lock()
        defer { lock.unlock() }
        core.faults.append(fault)
    }

    /// Removes every injected fault not yet consumed.
    public func clearFaults() {
        lock.lock()
        defer { lock.unlock() }
        core.faults.removeAll()
    }

    /// Writes the disc's state to its directory now (it is also written on SYNCHRONIZE CACHE, CLOSE, FORMAT,
    /// BLANK, MODE SELECT, eject and when the drive is released).
    public func flush() throws {
        lock.lock()
        defer { lock.unlock() }
        try core.persist()
    }

    /// Underruns and writes counted since the drive was opened.
    public var statistics: VirtualDriveStatistics {
        lock.lock()
        defer { lock.unlock() }
        return core.statistics
    }

    /// Damages recorded blocks after the fact (a scratch, a bad burn that verified GOOD on the drive): every byte
    /// of blocks `lba ..< lba + blocks` is inverted in the stored medium, so reads succeed but return other bytes
    /// than were written — what a verify must catch. For a persisted disc, editing DIR/media.bin (block N at byte
    /// offset N × 2048) has the same effect. Throws for an empty drive, a pressed disc, or blocks outside the
    /// medium's capacity.
    public func corrupt(lba: Int, blocks: Int = 1) throws {
        lock.lock()
        defer { lock.unlock() }
        try core.corrupt(lba: lba, blocks: blocks)
    }

    /// Opens the tray as START STOP UNIT with LoEj=1 Start=0 does (the user pressed eject): the disc's state is
    /// persisted, the next media poll reports MediaRemoval, medium access gets 2/3A/02; with a `next=` disc
    /// waiting, the countdown to its automatic insert starts. No effect when the tray is already open. Throws
    /// `VirtualDriveError.invalidRequest` while PREVENT ALLOW MEDIUM REMOVAL prevents removal (5/53/02 over SCSI).
    public func eject() throws {
        lock.lock()
        defer { lock.unlock() }
        guard !core.trayOpen else { return }
        guard !core.removalPrevented else {
            throw VirtualDriveError.invalidRequest("medium removal is prevented")
        }
        core.eject()
    }

    /// Puts another disc in — `spec`'s media kind with its DIR (created when missing), IMAGE, or a fresh blank
    /// disc in memory — and closes the tray. A disc in the closed tray is ejected first (persisted in its DIR).
    /// The next media poll reports NewMedia with media present; the next command that reports unit attentions
    /// gets 6/28/00 once, then `becoming=` of `spec` applies. Other options of `spec` (speed, latency, attention,
    /// next) are ignored: they belong to the drive, not the disc; a waiting `next=` disc stays waiting.
    /// Throws for "none" (use `eject()`), an unopenable disc (the drive is left unchanged), or prevented removal.
    public func insert(_ spec: VirtualDriveSpec) throws {
        guard spec.media != .none else {
            throw VirtualDriveError.invalidRequest("insert needs a disc; eject() empties the tray")
        }
        lock.lock()
        defer { lock.unlock() }
        if !core.trayOpen, core.medium != nil, core.removalPrevented {
            throw VirtualDriveError.invalidRequest("medium removal is prevented")
        }
        try core.persist()  // the disc leaving may share files with the one coming in
        let storage = try MediumStorage.open(VirtualDisc(spec).driveSpec)
        core.swapIn(storage, becomingReadyCommands: spec.becomingReadyCommands)
    }

    /// fsyncs of the loaded disc's media.bin, durable state.json saves and write-backs of media.bin started
    /// ahead of an fsync so far (tests of durability).
    var durabilityCounts: (mediaSyncs: Int, stateSaves: Int, writeBacks: Int) {
        lock.lock()
        defer { lock.unlock() }
        let store = core.medium?.sectors as? LazyFileSectorStore
        return (store?.syncCount ?? 0, core.medium?.durableStateSaves ?? 0, store?.writeBacksStarted ?? 0)
    }

    /// What the drive holds now, for tests and diagnostics.
    public var loadedMedia: VirtualMediaKind {
        lock.lock()
        defer { lock.unlock() }
        return core.loaded?.state.media ?? .none
    }
}
