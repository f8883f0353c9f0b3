import MMC
import SCSI

/// CD-R/RW, Track At Once or Session At Once (Vendor-notes/cd.md).
/// TAO: page 05h write type 1, data track mode 4, block type 8 (mode 1), WRITE from the NWA, SYNCHRONIZE CACHE
/// ends the track, then CLOSE SESSION (010b); page 05h multi-session decides appendable vs finalized
/// (MMC-6 §7.5, §6.3). No CLOSE TRACK: cdrecord never sends it in TAO, libburn dropped it in 0.7.4, and LG GH22LS30
/// answers it with an error even in a real burn (libburn write.c; MMC-NOTES "CD-R/RW TAO"). SAO: write type 2, SEND CUE SHEET (§6.33), the 150-block pre-gap written from LBA −150,
/// SYNCHRONIZE CACHE closes the session; no CLOSE.
struct CDStrategy: WriteStrategy {
    let plan: BurnPlan
    let sessionAtOnce: Bool

    func prepare(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws {
        report(.preparing, nil)
        try selectWriteParameters(session) { page in
            page.writeType = sessionAtOnce ? .sessionAtOnce : .trackAtOnce
            page.testWrite = plan.dummy
            page.bufferUnderrunFreeEnabled = plan.bufferUnderrunFree
            page.multiSession = plan.closing == .appendable ? .allowNextSession : .noNextSession
            page.trackMode = .dataTrack
            page.dataBlockType = .mode1
            page.sessionFormat = .cdDAOrCDROM
            page.linkSizeValid = false
            page.fixedPacket = false
            page.packetSize = 0
        }
        setSpeed(session)
        if sessionAtOnce {
            try session.send(SendCueSheet.singleDataTrack(blocks: UInt32(plan.writeBlocks)))
        }
    }

    func leadingWrites() -> [(lba: Int64, blocks: Int)] {
        sessionAtOnce ? [(lba: Int64(SendCueSheet.firstWriteLBA), blocks: 150)] : []
    }

    func finish(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws {
        try synchronize(session, report: report)
        guard !sessionAtOnce else { return }
        try SessionCloser.closeSession(.closeSession, session: session)
    }
}
