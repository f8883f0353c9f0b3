import MMC
import SCSI

/// Overwritable media: DVD+RW, DVD-RAM, DVD-RW restricted overwrite, BD-RE (Vendor-notes/overwritable.md).
/// FORMAT UNIT first when unformatted (MMC-6 §6.5, IMMED then poll), WRITE from LBA 0, SYNCHRONIZE CACHE; DVD+RW
/// then gets CLOSE SESSION (010b) to complete a background format so DVD-ROM drives read it (MMC-NOTES).
struct OverwriteStrategy: WriteStrategy {
    let plan: BurnPlan

    func prepare(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws {
        if let format = plan.format {
            report(.formatting, 0)
            try session.send(FormatUnit(formatType: format.formatType, blocks: format.blocks,
                                        typeDependentParameter: format.typeDependentParameter, immediate: true))
            try session.waitForCompletion(what: "FORMAT UNIT", timeout: .seconds(4 * 3600)) { report(.formatting, $0) }
        }
        report(.preparing, nil)
        setSpeed(session)
    }

    func finish(_ session: DriveSession, report: (BurnStatus.Phase, Double?) -> Void) throws {
        try synchronize(session, report: report)
        if plan.profile == .dvdPlusRW || plan.profile == .dvdPlusRWDL {
            // Completing the background format is housekeeping: a drive that refuses it leaves readable data.
            try? close(session, .closeSession, report: report)
        }
    }
}
