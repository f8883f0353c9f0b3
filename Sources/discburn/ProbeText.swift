import MMC

/// Human output of `probe`, laid out the way dvd+rw-mediainfo and cdrecord -prcap users read drive facts.
enum ProbeText {
    static func render(_ r: ProbeReport, verbose: Bool) -> String {
        var out = ""
        func line(_ label: String, _ value: String) { out += label.padding(toLength: 24, withPad: " ", startingAt: 0) + value + "\n" }
        let d = r.drive
        line("Device:", r.device)
        line("Drive:", [d.vendor, d.product, d.revision].filter { !$0.isEmpty }.joined(separator: " "))
        if let serial = d.serialNumber { line("Serial number:", serial) }
        line("Profiles:", d.profiles.joined(separator: ", "))
        for family in d.writeModes.keys.sorted() {
            line("Writes \(family):", d.writeModes[family, default: []].joined(separator: ", "))
        }
        line("BURN-Free:", d.burnFree ? "yes" : "no")
        line("Test write:", "CD \(d.testWrite.cd ? "yes" : "no"), DVD-R/RW \(d.testWrite.dvd ? "yes" : "no")")
        if let buffer = d.bufferSizeBytes { line("Buffer:", "\(buffer / 1024) KiB") }
        out += "\n"
        let m = r.media
        guard m.present else {
            line("Medium:", "none (no disc in the drive, or the tray is open)")
            return out + notesText(r, verbose)
        }
        line("Medium:", "\(m.profile ?? "?") (profile \(m.profileCode ?? "?"))")
        if let status = m.discStatus { line(" Disc status:", status) }
        if let erasable = m.erasable { line(" Erasable:", erasable ? "yes" : "no") }
        if let formatted = m.formatted { line(" Formatted:", formatted ? "yes" : "no") }
        if let sessions = m.sessions, let tracks = m.tracks { line(" Sessions / tracks:", "\(sessions) / \(tracks)"
            + (m.lastSessionState.map { " (last session \($0))" } ?? "")) }
        if let nwa = m.nextWritableAddress { line(" Next writable address:", "\(nwa)") }
        line(" Free:", "\(m.freeBlocks) blocks, \(megabytes(m.freeBytes)) MB")
        if let readable = m.readableBlocks, readable > 0 {
            line(" Recorded:", "\(readable) blocks, \(megabytes(readable * UInt64(m.blockSizeBytes ?? 2048))) MB")
        }
        if !m.writeSpeeds.isEmpty {
            line(" Write speeds:", m.writeSpeeds.map { "\($0.speed) (\($0.kilobytesPerSecond) kB/s)" }.joined(separator: ", "))
        }
        if let id = m.manufacturerID {
            line(" Manufacturer:", id + (m.mediaTypeID.map { " / \($0)" } ?? ""))
        }
        if let atip = m.atipLeadOutLBA { line(" ATIP lead-out:", "LBA \(atip)") }
        return out + notesText(r, verbose)
    }

    private static func megabytes(_ bytes: UInt64) -> String {
        let tenths = (Double(bytes) / 1_000_000 * 10).rounded() / 10
        return String(tenths)
    }

    private static func notesText(_ r: ProbeReport, _ verbose: Bool) -> String {
        guard verbose, !r.notes.isEmpty else { return "" }
        return "\nNotes:\n" + r.notes.map { " - \($0)\n" }.joined()
    }
}
