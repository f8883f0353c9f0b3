/// Test writes (page 05h Test Write, MMC-6 §7.5.4.3) and after-the-fact damage.
///
/// A test write runs the whole sequence — RESERVE TRACK, SEND CUE SHEET, WRITE, SYNCHRONIZE CACHE, CLOSE — with
/// the laser off. This drive models it with a simulated copy of the disc (`DriveCore.simulation`): it starts at
/// the first write-side command while Test Write is set on CD-R/RW or DVD-R/-RW, every command sees it while it
/// lasts (so NWA and track numbers advance as in a real burn), its blocks go nowhere, and it is never persisted.
/// It ends — the real, untouched disc is back — when the simulated session closes (CLOSE SESSION, a complete SAO
/// or DAO at SYNCHRONIZE CACHE), when MODE SELECT clears Test Write, and at BLANK, FORMAT UNIT or eject.
extension DriveCore {
    func beginSimulationIfTesting() {
        guard simulation == nil, !trayOpen, let real = medium, real.state.supportsTestWrite,
              currentWriteParameters.testWrite else { return }
        simulation = real.simulatedCopy()
    }

    func endSimulation() {
        guard simulation != nil else { return }
        simulation = nil
        cueSheet = nil
    }

    /// Forgets everything of a write in progress: the cue sheet, a simulation, the buffered data.
    func endWriteSession() {
        endSimulation()
        cueSheet = nil
        buffer.reset()
    }

    /// Inverts every byte of the stored blocks (`VirtualDrive.corrupt(lba:blocks:)`).
    func corrupt(lba: Int, blocks: Int) throws {
        guard let real = medium else { throw VirtualDriveError.invalidRequest("no disc in the drive") }
        guard !real.state.media.isPressed else {
            throw VirtualDriveError.invalidRequest("a pressed disc is read-only")
        }
        guard blocks > 0, lba >= 0, lba <= real.state.capacityBlocks - blocks else {
            throw VirtualDriveError.invalidRequest("blocks \(lba)+\(blocks) are outside the medium")
        }
        let inverted = try real.sectors.read(lba: lba, blocks: blocks).map { ~$0 }
        try real.sectors.write(lba: lba, data: inverted)
        try persist()
    }
}
