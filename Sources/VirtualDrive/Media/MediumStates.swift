/// Medium states real discs get into that a burner must recognise (state.json version 4; spec options in
/// `MediumStateOptions`; sources in Vendor-notes/drive-behaviours.md):
/// - DVD-RW **intermediate** (libburn cookbook "Intermediate state DVD-RW"): after FORMAT UNIT 15h without a
///   CLOSE SESSION 010b. READ FORMAT CAPACITIES: current/maximum descriptor type 11b, no 11h/13h offered. Writing
///   is sequential growth: a WRITE may start at or below the highest block written so far, in whole 16-block
///   packets, never beyond it (5/21/02). CLOSE SESSION 010b ends the state. READ DISC INFORMATION is unchanged
///   (the cookbook names READ FORMAT CAPACITIES as the way to recognise the state).
/// - DVD-RW **fast-blanked** (MMC-NOTES, libburn: after a minimal blank feature 0021h is not current): feature
///   0021h is listed but not current; a WRITE with page 05h write type incremental → 5/64/00. A full blank
///   (000b) or a format clears it.
/// - DVD+RW **background format suspended** (READ DISC INFORMATION byte 7 BG format status 01b; libburn mmc.c
///   sets the FORMAT UNIT Restart bit for status 1): WRITE → 5/2C/00 until FORMAT UNIT 26h with Restart (format
///   descriptor byte 3 bit 0), which resumes without erasing; 26h without Restart formats afresh.
/// - BD-R **Pseudo-OverWrite** (libburn drive.c `burn_drive_get_bd_r_pow`: profile 0041h with feature 0038h
///   current): FORMAT UNIT 32h sub-type 00b; sub-type 01b formats with spares and no POW. Writing is unchanged
///   (sequential); only feature 0038h tells, as on real drives, and libburn refuses such a disc.
extension MediumState {
    var isInIntermediateState: Bool { isInRestrictedOverwrite && isIntermediate == true }
    /// Feature 0021h is current: sequential CD/DVD-R/-RW/BD-R, not after a fast blank.
    var isIncrementalStreamingCurrent: Bool {
        [.cdR, .cdRW, .dvdR, .dvdRW, .bdR].contains(media) && !isInRestrictedOverwrite && incrementalNotCurrent != true
    }
    var isBackgroundFormatSuspended: Bool { media == .dvdPlusRW && isFormatted && backgroundFormatSuspended == true }
    var isPOW: Bool { media == .bdR && isPseudoOverwrite == true }

    /// Capacity of a BD-R formatted with the default spare areas (the 32h offer of READ FORMAT CAPACITIES).
    static let bdRFormattedBlocks = 11_826_176

    func validateVersion4States() throws {
        if isIntermediate == true, !isInRestrictedOverwrite {
            throw Invalid(reason: "only a restricted overwrite dvd-rw can be intermediate")
        }
        if incrementalNotCurrent == true, media != .dvdRW || isInRestrictedOverwrite {
            throw Invalid(reason: "only a sequential dvd-rw can be fast-blanked")
        }
        if backgroundFormatSuspended == true, media != .dvdPlusRW || !isFormatted {
            throw Invalid(reason: "only a formatted dvd+rw can have a suspended background format")
        }
        if isPseudoOverwrite == true, media != .bdR {
            throw Invalid(reason: "only a bd-r can be formatted with pseudo-overwrite")
        }
    }

    /// Puts a fresh blank disc into the states `options` describe (already checked against the medium).
    mutating func apply(_ options: MediumStateOptions) {
        if options.intermediate {
            isRestrictedOverwrite = true
            isFormatted = true
            capacityBlocks = Self.dvdRWFormattedBlocks
            isIntermediate = true
        }
        if options.fastBlanked { incrementalNotCurrent = true }
        if options.backgroundFormatSuspended {
            isFormatted = true
            capacityBlocks = media.blankCapacityBlocks
            backgroundFormatSuspended = true
        }
        if options.pseudoOverwrite {
            capacityBlocks = Self.bdRFormattedBlocks
            isPseudoOverwrite = true
        }
        if let blocks = options.openTrackBlocks, tracks.isEmpty {
            tracks = [TrackRecord(number: 1, session: 1, startLBA: 0, reservedBlocks: nil,
                                  writtenBlocks: min(blocks, capacityBlocks), isClosed: false)]
        }
    }
}
