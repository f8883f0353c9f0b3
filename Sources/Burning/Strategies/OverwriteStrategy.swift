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
            try session.send(FormatUnit(formatType: format.formatType, subtype: format.subtype, blocks: format.blocks,
                                        typeDependentParameter: format.typeDependentParameter, immediate: true))
            try session.waitForCompletion(what: "FORMAT UNIT", timeout: .seconds(4 * 3600)) { report(.formatting, $0) }
        }
        if plan.restartBackgroundFormat {
            // DVD+RW with a suspended background format: restart it before writing (format type 26h, type
            // dependent parameter bit 0 = restart; MMC-6 §6.5.4.2.14; libburn, MMC-NOTES "DVD+RW").
            report(.formatting, 0)
            try session.send(FormatUnit(formatType: 0x26, blocks: 0xFFFF_FFFF, typeDependentParameter: 1, immediate: true))
            try session.waitForCompletion(what: "FORMAT UNIT (restart background format)") { report(.formatting, $0) }
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
        if plan.closeSessionAfterOverwrite {
            // DVD-RW quick-formatted (15h/13h), "intermediate": CLOSE SESSION (010b) brings it out of that state
            // so other drives read it (libburn cookbook, growisofs minus_rw_finalize).
            try close(session, .closeSession, report: report)
        }
    }
}
