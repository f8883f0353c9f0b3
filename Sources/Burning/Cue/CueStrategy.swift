import MMC
import SCSI

/// A bin/cue on a blank CD-R/RW, session at once (Vendor-notes/cd.md; libburn doc/cookbook.txt "SAO CD
/// Cookbook"): page 05h write type SAO (02h), SEND CUE SHEET built from the cue (MMC-6 §6.33), WRITE(10) from LBA
/// −150 along the cue sheet, SYNCHRONIZE CACHE; the drive writes lead-in and lead-out, no CLOSE.
///
/// Page 05h Track Mode and Data Block Type are set from the first track (data block type 0 raw 2352 for AUDIO and
/// the raw data modes, 8 for MODE1/2048: MMC-6 §7.5.4, Table 626) although in SAO the cue sheet's data form of
/// each entry decides the sector layout (libburn's cookbook: "Data Block Type … 0 (is ignored)" for SAO).
struct CueStrategy: WriteStrategy {
    let plan: BurnPlan
    let layout: CueDiscLayout

    func prepare(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws {
        report(.preparing, nil)
        let first = layout.placements[0]
        try selectWriteParameters(session) { page in
            page.writeType = .sessionAtOnce
            page.testWrite = plan.dummy
            page.bufferUnderrunFreeEnabled = plan.bufferUnderrunFree
            page.multiSession = plan.closing == .appendable ? .allowNextSession : .noNextSession
            page.trackMode = QSubchannelControl(rawValue: first.track.control)
            page.dataBlockType = first.track.mode == .mode1 ? .mode1 : .raw2352
            page.sessionFormat = first.track.mode == .mode2Raw ? .cdROMXA : .cdDAOrCDROM
            page.linkSizeValid = false
            page.fixedPacket = false
            page.packetSize = 0
        }
        setSpeed(session)
        try session.send(layout.cueSheet)
    }

    func finish(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws {
        try synchronize(session, report: report)
    }

    func interruptedState(blocksWritten: UInt64) -> String {
        "the session holds \(blocksWritten) of \(layout.blocks + 150) sectors; a session-at-once recording cannot "
            + "be closed part-way, so other drives cannot read the disc"
            + (plan.profile.isRewritable ? "; blank it to reuse it" : "")
    }
}
