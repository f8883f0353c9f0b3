import MMC
import SCSI

/// DVD-R/-RW sequential (Vendor-notes/dvd-r.md). DAO: page 05h write type 2, RESERVE TRACK with the exact size
/// (MMC-6 §6.31), WRITE from 0, SYNCHRONIZE CACHE closes the disc, no CLOSE. Incremental: write type 0 with fixed
/// 16-block packets and link size 16, WRITE from the NWA, SYNCHRONIZE CACHE, CLOSE TRACK, CLOSE SESSION; page 05h
/// multi-session decides appendable vs closed (libburn cookbook "Sequential DVD-R[W]", MMC-6 §7.5, §6.3).
struct DVDRStrategy: WriteStrategy {
    let plan: BurnPlan
    let discAtOnce: Bool

    func prepare(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws {
        report(.preparing, nil)
        try selectWriteParameters(session) { page in
            page.writeType = discAtOnce ? .sessionAtOnce : .packetIncremental
            page.testWrite = plan.dummy
            page.bufferUnderrunFreeEnabled = plan.bufferUnderrunFree
            page.multiSession = plan.closing == .appendable ? .allowNextSession : .noNextSession
            page.trackMode = [.dataTrack, .preEmphasisOrIncremental]
            page.dataBlockType = .mode1
            page.linkSizeValid = !discAtOnce
            page.linkSize = discAtOnce ? 0 : 16
            page.fixedPacket = !discAtOnce
            page.packetSize = discAtOnce ? 0 : 16
        }
        setSpeed(session)
        if discAtOnce {
            try session.send(ReserveTrack(blocks: UInt32(plan.writeBlocks)))
        }
    }

    func finish(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws {
        try synchronize(session, report: report)
        guard !discAtOnce else { return }
        let track = try session.lastTrackNumber()
        try close(session, .closeTrack, track: track, report: report)
        try close(session, .closeSession, report: report)
    }
}
