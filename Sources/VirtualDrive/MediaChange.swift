/// Media change: a disc leaves the drive and another one comes in (`VirtualDrive.eject()`, `insert(_:)`, START
/// STOP UNIT, and the `next=` spec option), as GET EVENT STATUS NOTIFICATION (MMC-6 §6.7.2.5) and the unit
/// attention 6/28/00 (SPC-4 §6.37, NOT READY TO READY CHANGE) report it.
///
/// - Eject (START STOP UNIT LoEj=1 Start=0, or `eject()`): the tray opens, the disc's state is persisted in its
///   DIR; the next media-class GESN poll reports MediaRemoval (3) with tray open and no media present, later polls
///   "no change"; medium-access commands get 2/3A/02.
/// - Insert (`insert(_:)`, a load with a `next=` disc waiting, or the automatic insert below): the new disc is in
///   and the tray closed; the next poll reports NewMedia (2) with media present, the next command that reports
///   unit attentions gets 6/28/00 once. The previous disc stays in its own DIR (persisted before it left).
/// - `next=`: after an eject, a START STOP UNIT load inserts the `next` disc instead of the ejected one. If nobody
///   loads it, the 2nd media-class GESN poll after the eject (the 1st reports the removal) finds that a user has
///   put the `next` disc in and closed the tray: that poll already reports NewMedia. The disc is consumed: a later
///   eject leaves the tray empty until a load brings the ejected disc back in. If the `next` disc cannot be opened
///   at that moment (its DIR changed kind since the drive was opened), the tray closes empty (2/3A/01).
/// - A drive opened empty (`none?next=...`) has its tray closed: the `next` disc comes after an eject (START STOP
///   UNIT or `eject()`) like on any other drive.
/// Injected faults, the speed limit and the latency belong to the drive and stay across a change.
extension DriveCore {
    /// Media-class GESN polls (with a non-zero allocation length) after an eject before the `next` disc is
    /// put in by the simulated user.
    static let pollsBeforeAutomaticInsert = 2

    /// Puts `newMedium` (nil: nothing) in the drive and closes the tray; an accessible disc still in the drive is
    /// ejected first. The caller checks removal prevention.
    func swapIn(_ newMedium: MediumStorage?, becomingReadyCommands: Int) {
        if !trayOpen { eject() }
        persistIfDirty()
        medium = newMedium
        trayOpen = false
        stateDirty = false
        pollsSinceEject = nil
        selectedWriteMultiplier = nil
        behaviourProgress.longWriteFirstServed = false  // long-write: the first WRITE to the new disc stalls
        configureBuffer()
        if newMedium != nil {
            pendingMediaEvent = .newMedia
            pendingUnitAttention = .mediumMayHaveChanged
            becomingReadyRemaining = becomingReadyCommands
        }
    }

    /// Inserts the waiting `next=` disc, if any; returns whether there was one.
    func insertNextDisc() -> Bool {
        guard let disc = nextDisc else { return false }
        nextDisc = nil
        swapIn(try? MediumStorage.open(disc.driveSpec), becomingReadyCommands: 0)
        return true
    }

    /// Counts a media-class GESN poll after an eject; the `pollsBeforeAutomaticInsert`-th inserts the next disc.
    func countPollForNextDisc() {
        guard let polls = pollsSinceEject else { return }
        guard nextDisc != nil, trayOpen else {
            pollsSinceEject = nil
            return
        }
        pollsSinceEject = polls + 1
        if polls + 1 >= Self.pollsBeforeAutomaticInsert { _ = insertNextDisc() }
    }

    var removalPrevented: Bool { preventRemoval || persistentPrevent }
}
