import SCSI

/// GET EVENT STATUS NOTIFICATION (4Ah), START STOP UNIT (1Bh), PREVENT ALLOW MEDIUM REMOVAL (1Eh).
extension DriveCore {
    static let mediaClassBit: UInt8 = 0x10

    /// GET EVENT STATUS NOTIFICATION, MMC-6 §6.7: polled only (Polled = 0 → 5/24/00). The drive supports the
    /// media class: a new-media event once after a load, a media-removal event once after an eject, else "no
    /// change"; media status: Media Present (bit 1), Door or Tray Open (bit 0). Requests without the media class
    /// get the header alone with NEA set. A media-class poll with a non-zero allocation length also counts toward
    /// the automatic insert of a `next=` disc after an eject (see `MediaChange.swift`).
    func getEventStatusNotification(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xFE)
        guard c.bit(1, 0) else { throw CheckCondition.invalidField(byte: 1, bit: 0) }
        try c.requireZero(bytes: 2...3)
        try c.requireZero(bytes: 5...6)
        let allocation = c.uint16(7)
        guard c.byte(4) & Self.mediaClassBit != 0 else {
            return allocate([0x00, 0x02, 0x80, Self.mediaClassBit], allocation)
        }
        if allocation > 0 { countPollForNextDisc() }
        let event = pendingMediaEvent
        if allocation > 0 { pendingMediaEvent = .none }
        let status: UInt8 = (loaded != nil ? 0x02 : 0) | (trayOpen ? 0x01 : 0)
        return allocate([0x00, 0x06, 0x04, Self.mediaClassBit, event.rawValue, status, 0, 0], allocation)
    }

    /// START STOP UNIT, MMC-6 §6.41: with power condition 0, LoEj + Start loads (closes the tray; a disc in it
    /// becomes ready with UNIT ATTENTION 6/28/00), LoEj without Start ejects (5/53/02 while removal is
    /// prevented). Start/stop without LoEj and power conditions are accepted and have no effect.
    func startStopUnit(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xFE)
        try c.requireZero(2)
        try c.requireZero(3, mask: 0xF0)
        try c.requireZero(4, mask: 0x08)
        let powerCondition = c.bits(4, lowBit: 4, width: 4)
        guard powerCondition == 0, c.bit(4, 1) else { return [] }
        if c.bit(4, 0) {
            load()
        } else {
            guard !preventRemoval && !persistentPrevent else { throw CheckCondition.removalPrevented }
            eject()
        }
        return []
    }

    func eject() {
        guard !trayOpen else { return }
        persistIfDirty()
        buffer.waitUntilEmpty()
        trayOpen = true
        operation = nil
        endWriteSession()
        becomingReadyRemaining = 0
        if medium != nil { pendingMediaEvent = .mediaRemoval }
        if nextDisc != nil { pollsSinceEject = 0 }
    }

    /// Closes the tray; with a `next=` disc waiting, that disc is what the tray now holds.
    func load() {
        guard trayOpen else { return }
        if insertNextDisc() { return }
        trayOpen = false
        selectedWriteMultiplier = nil
        configureBuffer()
        if medium != nil {
            pendingMediaEvent = .newMedia
            pendingUnitAttention = .mediumMayHaveChanged
        }
    }

    /// PREVENT ALLOW MEDIUM REMOVAL, MMC-6 §6.12: byte 4 bit 0 Prevent, bit 1 Persistent.
    func preventAllowMediumRemoval(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(bytes: 1...3)
        try c.requireZero(4, mask: 0xFC)
        let prevent = c.bit(4, 0)
        if c.bit(4, 1) { persistentPrevent = prevent } else { preventRemoval = prevent }
        return []
    }
}
