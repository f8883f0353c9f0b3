import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One step of the standard QEMU guest: a name (its `=== STEP name ===` marker) and busybox-sh text that may use
/// the helpers of `qemu/guest-lib.sh` (`kv`, `emit`, `discburn_run`, `discburn_run_user`, `for_each_node`,
/// `node_for_target`, `scsi_target`, `as_user`, `bin_path`).
struct GuestStep: Sendable {
    let name: String
    let script: String
}

/// The standard QEMU peer guest, booted ONCE per test process and shared by every test class that asserts on
/// it (a boot costs ~5 s under TCG, the steps more): virtio-scsi drives — scsi-id 0 a CD-ROM from an ISO, 1 a
/// DVD-ROM from a 720 MiB sparse image (vendor/product set), 2 an empty tray, 3…7 tgt's blank DVD+R LUNs
/// passed through (`BurnLUN`, QEMUBurnSteps.swift), 8 tgt's pressed DVD-ROM LUN (`romTarget`: the CD's ISO
/// followed by non-zero padding, for the whole-track rip) — the built `discburn`, `xorriso` and `growisofs`,
/// and QEMU's SCSI trace of the whole run (`trace`, cut per step).
///
/// To add a step (burn refusal, verify, rip): append a `GuestStep` to `steps` below, printing results with
/// `kv KEY VALUE` or `emit NAME FILE` (or run the CLI with `discburn_run LABEL ARGS…`, which emits
/// `LABEL.stdout`, `LABEL.stderr` and `LABEL.rc`), then assert on `session.run.values`,
/// `session.run.block(named:)` or `session.cli(_:)` in a test. A step that needs host files passes them with
/// `extraFiles` (copied into the initramfs). Keep each step independent: a failing command must not stop the
/// later steps (the script runs without `set -e`).
final class QEMUPeerSession: Sendable {
    enum Role: String, CaseIterable, Sendable {
        case cd, dvd, empty
        /// The QEMU scsi-id, which is also the SCSI target id the guest reads from sysfs.
        var scsiTarget: Int {
            switch self {
            case .cd: return 0
            case .dvd: return 1
            case .empty: return 2
            }
        }
    }

    enum NodeKind: String, CaseIterable, Sendable {
        case block = "sr"
        case generic = "sg"
    }

    /// INQUIRY strings of the DVD drive (scsi-cd vendor=/product=), unlike both QEMU's and the VirtualDrive's.
    static let dvdVendor = "DBPEER"
    static let dvdProduct = "SPARSE-DVD-720M"
    /// 720 MiB > 703.125 MiB (360,000 blocks): QEMU presents the image as DVD-ROM (PEERS.md §2).
    static let dvdImageBytes: UInt64 = 720 << 20

    /// scsi-id of tgt's pressed DVD-ROM LUN (passed through after the burn LUNs): the CD's ISO followed by
    /// `romPaddingBlocks` blocks of non-zero bytes, so a whole-track rip must read the padding (a rip that left
    /// it out would keep the zeros its output file starts with) and a plain rip must stop at the volume's end.
    /// It replaces the whole-track rip of the 720 MiB DVD (~40 s of hashing under TCG) with the same logic.
    static let romTarget = 8
    /// Not a multiple of the rip's 32-block reads, so the last read of the track is a short one.
    static let romPaddingBlocks = 333

    static let shared: Result<QEMUPeerSession, Error> = Result { try QEMUPeerSession.boot() }

    let iso: URL
    let dvdImage: URL
    /// The backing file of tgt's pressed DVD-ROM LUN (`romTarget`): `iso` + padding.
    let romImage: URL
    let run: QEMUGuest.Run
    /// The image every LUN burn writes (block count not a multiple of 16).
    let burnISO: URL
    /// Copies of each LUN's backing file, taken after the guest powered off (tgt is stopped by then).
    let lunBackingFiles: [Int: URL]
    /// QEMU's trace of the run: every CDB passed through to the LUNs, cut at the guest's step markers.
    let scsiTrace: QEMUTrace

    private init(iso: URL, dvdImage: URL, romImage: URL, run: QEMUGuest.Run, burnISO: URL,
                 lunBackingFiles: [Int: URL]) {
        self.iso = iso
        self.dvdImage = dvdImage
        self.romImage = romImage
        self.run = run
        self.burnISO = burnISO
        self.lunBackingFiles = lunBackingFiles
        self.scsiTrace = QEMUTrace(text: run.traceLog,
                                   passthroughTargets: Set(BurnLUN.allCases.map(\.rawValue) + [Self.romTarget]))
    }

    // MARK: steps

    static let steps: [GuestStep] = [devices, blockRead, userRead, drivesJSON, probes, userProbe, verifyAndRefuse, rips]
        + burnSteps

    /// Kernel view (busybox only): nodes, INQUIRY strings and capacity from sysfs.
    static let devices = GuestStep(name: "devices", script: #"""
    kv count.sr "$(ls -d /sys/class/block/sr* | wc -l)"
    kv count.sg "$(ls /sys/class/scsi_generic | wc -l)"
    for path in /sys/class/block/sr*; do
        sr=$(basename "$path")
        kv "target.$(scsi_target "$sr")" "$sr"
        kv "vendor.$sr" "$(sed 's/ *$//' "$path/device/vendor")"
        kv "model.$sr" "$(sed 's/ *$//' "$path/device/model")"
        kv "sectors.$sr" "$(cat "$path/size")"
    done
    for sg in $(ls /sys/class/scsi_generic); do kv "sr_of.$sg" "$(sr_for_sg "$sg")"; done
    ls -l /dev/sr* /dev/sg*
    """#)

    /// The first 64 KiB of every drive through the block layer (READ(10) issued by the kernel).
    static let blockRead = GuestStep(name: "read", script: #"""
    for target in 0 1 2; do
        sr=$(node_for_target sr "$target")
        if sum=$(dd if="/dev/$sr" bs=2048 count=32 2>/tmp/dd.err | md5sum); then :; fi
        if [ -s /tmp/dd.err ] && grep -qi "no medium\|can't open\|error" /tmp/dd.err; then
            kv "md5.$sr" error; kv "error.$sr" "$(head -n1 /tmp/dd.err)"
        else
            kv "md5.$sr" "$(echo "$sum" | cut -d' ' -f1)"
        fi
    done
    """#)

    /// The same read as the non-root user in group cdrom.
    static let userRead = GuestStep(name: "user", script: #"""
    cd_sr=$(node_for_target sr 0)
    kv user.cd "$cd_sr"
    kv user.id "$(as_user id)"
    kv user.md5 "$(as_user sh -c "dd if=/dev/$cd_sr bs=2048 count=32 2>/dev/null | md5sum" | cut -d' ' -f1)"
    """#)

    /// `discburn drives --json` (Discovery: libcdio + sysfs).
    static let drivesJSON = GuestStep(name: "drives", script: #"""
    discburn_run drives drives --json
    """#)

    /// `discburn probe --json` through SG_IO on every /dev/srN and /dev/sgN, each recorded with --scsi-log.
    /// Labels: probe.tID.sr / probe.tID.sg (ID = scsi target id), traces trace.tID.sr / trace.tID.sg.
    static let probes = GuestStep(name: "probe", script: #"""
    probe_node() {
        t=$(scsi_target "$node"); kind=$(echo "$node" | cut -c1-2)
        case "$t" in 0|1|2) ;; *) return 0 ;; esac
        discburn_run "probe.t$t.$kind" probe --json --drive "/dev/$node" --scsi-log "/tmp/trace.t$t.$kind.jsonl"
        emit "trace.t$t.$kind" "/tmp/trace.t$t.$kind.jsonl"
    }
    for_each_node node probe_node
    """#)

    /// One probe as the non-root user: the kernel's command allow-list (root skips it) must pass every probe
    /// command on a node opened read-write by a member of group cdrom.
    /// The burning issue's steps: `verify` of the ISO drive through the library's READ(10) path (SG_IO), and a
    /// burn to the pressed CD refused before any WRITE (the trace is emitted so the host can check).
    static let verifyAndRefuse = GuestStep(name: "burn", script: #"""
    discburn_run verify.cd verify /images/cd.iso --json --drive "/dev/$(node_for_target sr 0)"
    discburn_run verify.cd.sg verify /images/cd.iso --json --drive "/dev/$(node_for_target sg 0)"
    discburn_run burn.refused burn /images/cd.iso --drive "/dev/$(node_for_target sr 0)" --scsi-log /tmp/burn-refused.jsonl
    emit trace.burn.refused /tmp/burn-refused.jsonl
    """#)

    /// The reading issue's steps: rip of the CD-ROM and of tgt's pressed DVD-ROM (ISO + padding) through SG_IO
    /// (the host compares the reported SHA-256 with the images'): the DVD-ROM with --whole-track (padding kept)
    /// and without (it stops at the ISO volume's end), the 720 MiB DVD-ROM without --whole-track (the volume's
    /// end found on QEMU's drive, which reports no track information), and toc/msinfo of the pressed CD.
    static let rips = GuestStep(name: "rip", script: #"""
    discburn_run rip.cd rip --json --drive "/dev/$(node_for_target sr 0)" /tmp/rip-cd.iso
    rm -f /tmp/rip-cd.iso /tmp/rip-cd.iso.map
    discburn_run rip.rom rip --json --whole-track --drive "/dev/$(node_for_target sg \#(romTarget))" \
        /tmp/rip-rom.iso
    rm -f /tmp/rip-rom.iso /tmp/rip-rom.iso.map
    discburn_run rip.rom.fs rip --json --drive "/dev/$(node_for_target sr \#(romTarget))" /tmp/rip-rom-fs.iso
    rm -f /tmp/rip-rom-fs.iso /tmp/rip-rom-fs.iso.map
    discburn_run rip.dvd.fs rip --json --drive "/dev/$(node_for_target sg 1)" /tmp/rip-dvd-fs.iso
    rm -f /tmp/rip-dvd-fs.iso /tmp/rip-dvd-fs.iso.map
    discburn_run toc.cd toc --json --drive "/dev/$(node_for_target sr 0)"
    discburn_run msinfo.cd msinfo --drive "/dev/$(node_for_target sr 0)"
    """#)

    static let userProbe = GuestStep(name: "user-probe", script: #"""
    discburn_run_user user.probe.sr probe --json --drive "/dev/$(node_for_target sr 0)"
    discburn_run_user user.probe.sg probe --json --drive "/dev/$(node_for_target sg 0)"
    """#)

    // MARK: boot

    nonisolated(unsafe) private static var mediaDirectory: String?

    private static func boot() throws -> QEMUPeerSession {
        // The suite's other guests boot beside this one (each on its own core: TCG runs a guest on one thread).
        BootsAhead.start([QEMUHarnessTests.failingGuest, QEMUUSBWriteTests.guest])
        let discburn = try DiscburnCLI.binary()
        let xorriso = try PeerEnvironment.requireTool("xorriso", package: "xorriso")
        let growisofs = try PeerEnvironment.requireTool("growisofs", package: "growisofs")
        let media = try PeerEnvironment.makeTemporaryDirectory(prefix: "discburn-qemu-media")
        mediaDirectory = media.path
        atexit {
            if let path = QEMUPeerSession.mediaDirectory { try? FileManager.default.removeItem(atPath: path) }
        }
        let iso = media.appendingPathComponent("cd.iso")
        try TestMedia.makeISO(at: iso, payloadBytes: 2 << 20)
        let big = media.appendingPathComponent("dvd-720m.img")
        try makeSparseDVDImage(at: big, startingWith: iso)
        let burnISO = media.appendingPathComponent("burn.iso")
        try makeBurnISO(at: burnISO)
        let romImage = media.appendingPathComponent("rom.img")
        try makePaddedROMImage(at: romImage, startingWith: iso)

        let tgt = try TgtFixture.start()
        defer { tgt.stop() }
        var luns: [Int: TgtFixture.Target] = [:]
        for lun in BurnLUN.allCases {
            let file = tgt.directory.appendingPathComponent("lun\(lun.rawValue).img")
            luns[lun.rawValue] = try tgt.addTarget(tid: lun.tid, name: lun.iqn, backingFile: file, emptyFirst: true)
        }
        let rom = try tgt.addTarget(tid: BurnLUN.allCases.count + 1, name: "iqn.2026-01.test.discburn:rom",
                                    backingFile: romImage)
        let script = steps.map { "step \($0.name)\n\($0.script)\n" }.joined(separator: "\n")
        let started = Date()
        let drives: [QEMUGuest.Drive] = [.cd(iso), .dvd(big), .empty]
            + BurnLUN.allCases.map { .iscsi(luns[$0.rawValue]!.url) } + [.iscsi(rom.url)]
        guard drives.count == romTarget + 1 else {
            throw PeerError.notReady("the pressed DVD-ROM LUN is at scsi-id \(drives.count - 1), not \(romTarget)")
        }
        let run = try QEMUGuest.run(steps: script, drives: drives, binaries: [discburn.path, xorriso, growisofs],
                                    files: [(iso.path, "/images/cd.iso"), (burnISO.path, "/images/burn.iso")],
                                    dvdVendor: dvdVendor, dvdProduct: dvdProduct, timeout: 420, trace: true)
        print("QEMU standard guest: \(String(format: "%.1f", Date().timeIntervalSince(started))) s, "
              + "timing \(run.timing)")
        guard run.reachedEnd else {  // a setup failure (e.g. a missing package) names its cause here
            throw PeerError.notReady("the QEMU guest did not finish (run-guest.sh status \(run.exitStatus)): "
                                     + "\(run.harnessOutput.suffix(2000))\nserial:\n\(run.serialLog.suffix(2000))")
        }
        var copies: [Int: URL] = [:]
        for (target, lun) in luns {
            let copy = media.appendingPathComponent("lun\(target)-after.img")
            try? FileManager.default.removeItem(at: copy)
            try FileManager.default.copyItem(at: lun.backingFile, to: copy)
            copies[target] = copy
        }
        return QEMUPeerSession(iso: iso, dvdImage: big, romImage: romImage, run: run, burnISO: burnISO,
                               lunBackingFiles: copies)
    }

    /// An ISO of ~6.6 MiB whose block count is not a multiple of 16 (so the burn pads its last packet) and large
    /// enough for more than three 64-WRITE pacing intervals of 16 blocks.
    private static func makeBurnISO(at url: URL) throws {
        for extra in 0..<16 {
            try TestMedia.makeISO(at: url, volumeID: "DISCBURN_BURN", payloadBytes: (13 << 19) + extra * 2048,
                                  seed: 0xB0_5EED)
            if try TestMedia.size(of: url) / 2048 % 16 != 0 { return }
        }
        throw PeerError.notReady("could not make an ISO whose block count is not a multiple of 16")
    }

    /// `iso` followed by `romPaddingBlocks` blocks of deterministic non-zero bytes.
    private static func makePaddedROMImage(at url: URL, startingWith iso: URL) throws {
        var bytes = try Data(contentsOf: iso)
        bytes.append(contentsOf: TestMedia.bytes(count: romPaddingBlocks * 2048, seed: 0x0ADD_1E55))
        try bytes.write(to: url)
    }

    private static func makeSparseDVDImage(at url: URL, startingWith iso: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.write(contentsOf: try Data(contentsOf: iso))
        try handle.truncate(atOffset: dvdImageBytes)
    }

    // MARK: reading results

    /// The guest's node name (e.g. "sr1") for a drive role, from the devices step.
    func blockNode(_ role: Role) -> String? { run.values["target.\(role.scsiTarget)"] }

    /// The node name (srN or sgN) for a role, from the probe labels' device field.
    func label(_ role: Role, _ kind: NodeKind) -> String { "t\(role.scsiTarget).\(kind.rawValue)" }

    /// A `discburn_run` result: exit status, stdout and stderr of `label`.
    func cli(_ label: String) -> DiscburnCLI.Outcome? {
        guard let rc = run.values["\(label).rc"].flatMap(Int32.init),
              let out = run.block(named: "\(label).stdout") else { return nil }
        return DiscburnCLI.Outcome(status: rc, standardOutput: out,
                                   standardError: run.block(named: "\(label).stderr") ?? "")
    }

    /// The probe report of `role` through `kind` (/dev/srN or /dev/sgN); throws with the guest's stderr.
    func probe(_ role: Role, _ kind: NodeKind) throws -> ProbeJSON {
        try report("probe." + label(role, kind))
    }

    /// Any `discburn_run` label whose stdout is one JSON object, required to have exited 0.
    func report(_ label: String) throws -> ProbeJSON {
        guard let outcome = cli(label) else {
            throw PeerError.notReady("no output for \(label) in the serial log:\n\(run.serialLog.suffix(3000))")
        }
        guard outcome.status == 0 else {
            throw PeerError.toolFailed(command: "guest discburn (\(label))", status: outcome.status,
                                       output: outcome.standardError)
        }
        return try ProbeJSON(text: outcome.standardOutput)
    }

    /// The `--scsi-log` trace of the probe of `role` through `kind`.
    func trace(_ role: Role, _ kind: NodeKind) -> String? { run.block(named: "trace." + label(role, kind)) }
}
