import MMC
import SCSI

/// DVD+R and DVD+R DL (Vendor-notes/dvd+r.md): no page 05h, SET STREAMING, the layer break by SEND DISC STRUCTURE
/// on DL media, WRITE from the NWA in 16-block packets, SYNCHRONIZE CACHE, CLOSE TRACK (001b), then CLOSE SESSION
/// (010b, appendable) or finalize (101b, minimal radius) (MMC-6 §6.3; libburn cookbook "DVD+R").
///
/// tgt's DVD+R never advances the NWA and lacks RESERVE TRACK: this strategy reserves nothing and computes every
/// WRITE address from the NWA read once before the first WRITE, so it copes.
struct DVDPlusRStrategy: WriteStrategy {
    let plan: BurnPlan

    func prepare(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws {
        report(.preparing, nil)
        setSpeed(session)
        if let layerZero = plan.layerZeroBlocks {
            try session.send(SendDiscStructure.layerBoundary(layer0DataZoneBlocks: UInt32(layerZero)))
        }
    }

    func finish(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws {
        try synchronize(session, report: report)
        let track = try session.lastTrackNumber()
        try close(session, .closeTrack, track: track, report: report)
        try close(session, plan.closing == .appendable ? .closeSession : .finalizeMinimalRadius, report: report)
    }
}

/// BD-R SRM (Vendor-notes/bd-r.md): like DVD+R, but finalizing is close function 110b (libburn cookbook "BD-R").
struct BDRStrategy: WriteStrategy {
    let plan: BurnPlan

    func prepare(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws {
        report(.preparing, nil)
        setSpeed(session)
    }

    func finish(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws {
        try synchronize(session, report: report)
        let track = try session.lastTrackNumber()
        try close(session, .closeTrack, track: track, report: report)
        try close(session, plan.closing == .appendable ? .closeSession : .finalize, report: report)
    }
}
