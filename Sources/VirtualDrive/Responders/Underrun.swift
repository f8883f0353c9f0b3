import SCSI

/// Buffer underruns (MMC-6 §7.5.4.2 BUFE; §4.3.6 "Buffer Underrun Free recording").
///
/// An underrun is what the throttled `DriveBuffer` reports as "ran dry": recording caught up with the last
/// block the host sent before the host sent the next one. A drive that links losslessly — BUFE (BURN-Free) set
/// in page 05h on CD and DVD-R/-RW, and DVD+R, BD and overwritable media, which link by design — pauses, links
/// and counts it (`VirtualDriveStatistics.linkedUnderruns`, `linkedUnderruns` in state.json). Without it the
/// laser stopped mid-track: the WRITE that comes next fails with 3/0C/09 LOSS OF STREAMING (INFORMATION = its
/// LBA), the track is marked damaged, the disc stays "incomplete" with its last session "damaged", and it takes
/// no more WRITE (5/21/02: a damaged track has no NWA), RESERVE TRACK, SEND CUE SHEET or CLOSE (5/72/00).
extension DriveCore {
    /// Checks the buffer before a WRITE at `lba` is taken: an underrun since the last WRITE is linked or fails
    /// this command.
    func consumeDryBuffer(_ medium: MediumStorage, lba: Int, lossless: Bool) throws {
        buffer.drain()
        guard buffer.ranDry else { return }
        buffer.ranDry = false
        if lossless {
            countLinkedUnderrun(medium)
            return
        }
        statistics.failedUnderruns += 1
        ruin(medium)
        throw CheckCondition.lossOfStreaming(lba)
    }

    func countLinkedUnderrun(_ medium: MediumStorage) {
        statistics.linkedUnderruns += 1
        medium.state.linkedUnderruns = (medium.state.linkedUnderruns ?? 0) + 1
        stateChanged(immediately: false)
    }

    /// Marks the track being written as damaged (storing the invisible track if nothing of it was recorded yet)
    /// and drops a pending cue sheet.
    func ruin(_ medium: MediumStorage) {
        if let i = medium.state.tracks.lastIndex(where: { !$0.isClosed }) {
            medium.state.tracks[i].isDamaged = true
        } else if let invisible = medium.state.invisibleTrack {
            medium.state.tracks.append(TrackRecord(number: invisible.number, session: invisible.session,
                                                   startLBA: invisible.startLBA, reservedBlocks: nil,
                                                   writtenBlocks: 0, isClosed: false, isDamaged: true))
        }
        cueSheet = nil
        buffer.reset()
        stateChanged(immediately: true)
    }
}
