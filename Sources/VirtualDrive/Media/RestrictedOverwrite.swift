import MMC

/// DVD-RW restricted overwrite: profile 0013h (MMC-6 §5.3.1 Table 91), Restricted Overwrite feature 0026h.
///
/// A DVD-RW is one physical medium with two recording modes. Out of the box, and after BLANK (MMC-6 §6.2), it
/// records sequentially (profile 0014h). FORMAT UNIT with format type 10h (full) or 15h (quick) turns it into
/// restricted overwrite (MMC-5 §6.5.4.2.5, §6.5.4.2.10; libburn cookbook "Unformatted DVD-RW"): one track of
/// the formatted capacity, written anywhere in whole ECC blocks. `MediumState.isRestrictedOverwrite` (state.json
/// version 3) holds the mode; everything else derives from it here. Decisions, each checked against real drives:
/// - Capacity after formatting: 2,297,888 blocks, the size real drives offer for format types 10h and 15h in
///   READ FORMAT CAPACITIES (dvd+rw-mediainfo: "10h(10): 2297888*2048", "15h(10): ..."), with Type Dependent
///   Parameter 16 (the ECC block). The unformatted current descriptor keeps 2,298,496 (the last possible lead-out).
/// - Writes: an LBA and a length that are multiples of 16 blocks (32 KiB, the libburn cookbook's alignment for
///   DVD-RW; Blocking = 16 in feature 0026h's sibling Random Readable). Otherwise 5/21/02 INVALID ADDRESS FOR
///   WRITE: MMC-6 names no sense for a misaligned packet, and the address (not a CDB field) is what is wrong.
///   Past the formatted capacity → 5/21/00 as on other overwritable media.
/// - READ DISC INFORMATION: disc status complete, last session complete, as a formatted DVD+RW (dvd+rw-mediainfo
///   shows "complete" for formatted DVD-RW too). READ TRACK INFORMATION: one track of the formatted capacity,
///   no NWA. SYNCHRONIZE CACHE: just drains the buffer.
/// - Not modelled: partial formats (any Number of Blocks formats the full offer), the intermediate state of a
///   15h quick format (CLOSE SESSION 010b is accepted and does nothing), format types 00h, 11h and 13h.
/// - Page 05h is ignored at WRITE (libburn: "No Write Parameters mode page 05h is to be sent"), no test write.
/// - BLANK type 000b or 001b returns the disc to blank sequential recording (0014h).
extension MediumState {
    /// Format types a DVD-RW offers in either mode: 10h full, 15h quick.
    static let dvdRWFormatTypes: [UInt8] = [0x10, 0x15]
    /// Formatted restricted overwrite capacity (see above).
    static let dvdRWFormattedBlocks = 2_297_888

    /// The DVD-RW is in restricted overwrite mode (profile 0013h).
    var isInRestrictedOverwrite: Bool { media == .dvdRW && isRestrictedOverwrite == true }
    /// Written anywhere once formatted: DVD+RW, DVD-RAM, BD-RE, and DVD-RW in restricted overwrite.
    var writesAnywhere: Bool { media.isOverwritable || isInRestrictedOverwrite }
    /// Written at the next writable address only (the medium's kind, unless it is a restricted overwrite DVD-RW).
    var writesSequentially: Bool { media.isSequential && !isInRestrictedOverwrite }
    /// The current profile (GET CONFIGURATION header and Profile List CurrentP).
    var profile: Profile { isInRestrictedOverwrite ? .dvdRWRestrictedOverwrite : media.profile }
    /// Page 05h selects the write type (CD, DVD-R, DVD-RW sequential).
    var usesWriteParameters: Bool { media.usesWriteParameters && !isInRestrictedOverwrite }
    /// Page 05h Test Write is honoured (CD, DVD-R, DVD-RW sequential).
    var supportsTestWrite: Bool { media.supportsTestWrite && !isInRestrictedOverwrite }
    /// Blocks a restricted overwrite WRITE must be aligned to and sized in: the 16-block ECC block.
    var overwritePacketBlocks: Int { isInRestrictedOverwrite ? media.blockingFactor : 1 }
}
