import SCSI

/// What the real-drive behaviours have done so far (one drive's lifetime).
struct BehaviourProgress {
    /// `long-write`: 2/04/08 until this time of the drive's clock.
    var longWriteUntil: Duration?
    /// `long-write`: the track start already stalled at (each track start stalls once).
    var longWriteTrackStart: Int?
    /// `long-write`: blocks written when the last stall began (the next one comes 1 GiB later).
    var longWriteMarkBlocks = 0
    /// `long-write`: the first WRITE since the disc was loaded has stalled.
    var longWriteFirstServed = false
    /// `recovered`: successful WRITEs counted, recovered errors reported (for the 1/73/01 ↔ 1/0C/01 alternation).
    var writesCounted = 0
    var recoveredReported = 0
    /// `reset-at`: the reset has happened (once per drive).
    var resetDone = false
}

/// The real-drive behaviours of `DriveBehaviours` that act around a command (sources: Vendor-notes/
/// drive-behaviours.md). Those that change an answer's bytes live in their responders (NWA −150 in
/// TrackInformation.swift, streaming junk and whole packets in WriteData.swift, IMMED busy in LongOperation.swift).
extension DriveCore {
    /// 1/73/01 POWER CALIBRATION AREA ALMOST FULL and 1/0C/01 WRITE ERROR - RECOVERED WITH AUTO REALLOCATION.
    static let recoveredSenses = [CheckCondition(.recoveredError, 0x73, 0x01), CheckCondition(.recoveredError, 0x0C, 0x01)]

    /// Checks that refuse a command before it takes effect.
    func applyBehavioursBefore(_ command: DriveCommand, _ c: CommandContext) throws {
        switch command {
        case .write10, .write12:
            try resetIfWritingReaches(c)
            try stallLongWrite(c)
        case .readBufferCapacity:
            if let until = behaviourProgress.longWriteUntil, clock.now < until { throw CheckCondition.longWriteInProgress }
        case .closeTrackSession:
            // LG GH22LS30 answers CLOSE TRACK in TAO with an error even in a real burn (libburn write.c, ts A91202)
            if behaviours.taoCloseTrackError, c.bits(2, lowBit: 0, width: 3) == 1,
               let kind = loaded?.state.media, [.cdR, .cdRW].contains(kind),
               currentWriteParameters.writeType == .trackAtOnce {
                throw CheckCondition.commandSequence
            }
        case .readTrackInformation:
            // READ TRACK INFORMATION on track FFh is valid only on CD and DVD+R (DL) (MMC-NOTES; libburn mmc.c)
            if behaviours.readTrackInformationFFStrict, c.bits(1, lowBit: 0, width: 2) == 1, c.uint32(2) == 0xFF,
               let kind = loaded?.state.media, kind.family != .cd, ![.dvdPlusR, .dvdPlusRDL].contains(kind) {
                throw CheckCondition.invalidField(byte: 2)
            }
        default:
            break
        }
    }

    /// `recovered=N`: a WRITE or CLOSE that took effect is answered with a recovered error now and then.
    func applyBehavioursAfter(_ command: DriveCommand) throws {
        let every = behaviours.recoveredEvery
        guard every > 0 else { return }
        switch command {
        case .write10, .write12:
            behaviourProgress.writesCounted += 1
            guard behaviourProgress.writesCounted % every == 0 else { return }
        case .closeTrackSession:
            break
        default:
            return
        }
        let sense = Self.recoveredSenses[behaviourProgress.recoveredReported % Self.recoveredSenses.count]
        behaviourProgress.recoveredReported += 1
        throw sense
    }

    /// The LBA and block count of a WRITE(10)/(12) CDB.
    private func writeExtent(_ c: CommandContext) -> Range<Int> {
        let lba = Int(Int32(bitPattern: UInt32(truncatingIfNeeded: c.uint32(2))))
        let blocks = c.opcode == DriveCommand.write12.rawValue ? c.uint32(6) : c.uint16(7)
        return lba..<lba + blocks
    }

    /// `long-write=SECONDS`: 2/04/08 at the start of each track, at the first WRITE after a load and every 1 GiB
    /// written, for SECONDS of the drive's clock; the refused WRITE does nothing.
    private func stallLongWrite(_ c: CommandContext) throws {
        let seconds = behaviours.longWriteSeconds
        guard seconds > 0, let state = loaded?.state else { return }
        if let until = behaviourProgress.longWriteUntil {
            if clock.now < until { throw CheckCondition.longWriteInProgress }
            behaviourProgress.longWriteUntil = nil
        }
        let lba = writeExtent(c).lowerBound
        let trackStart = state.trackViews.contains { !$0.isClosed && $0.isBlank && $0.startLBA == lba }
        var stall = false
        if !behaviourProgress.longWriteFirstServed {
            behaviourProgress.longWriteFirstServed = true
            stall = true
        }
        if trackStart, behaviourProgress.longWriteTrackStart != lba {
            behaviourProgress.longWriteTrackStart = lba
            stall = true
        }
        let interval = max(1, behaviours.longWriteIntervalBlocks)
        if statistics.blocksWritten - behaviourProgress.longWriteMarkBlocks >= interval { stall = true }
        guard stall else { return }
        behaviourProgress.longWriteMarkBlocks = statistics.blocksWritten
        behaviourProgress.longWriteUntil = clock.now + .seconds(seconds)
        throw CheckCondition.longWriteInProgress
    }

    /// `reset-at=LBA`: the WRITE covering LBA meets a power-on reset (once) and gets 6/29/00 without being done.
    private func resetIfWritingReaches(_ c: CommandContext) throws {
        guard let at = behaviours.resetAtLBA, !behaviourProgress.resetDone, writeExtent(c).contains(at),
              let disc = medium, !trayOpen, !disc.state.media.isPressed else { return }
        behaviourProgress.resetDone = true
        powerOnReset(disc)
        throw CheckCondition.powerOnReset
    }

    /// What a power-on reset does to the drive (MMC-NOTES "Waiting, retrying": page 05h back to its defaults,
    /// the drive buffer gone; SPC-4: PREVENT is cleared). Data still in the buffer never reaches the medium: on
    /// sequential media the open track's NWA moves back by the blocks the buffer held.
    private func powerOnReset(_ disc: MediumStorage) {
        buffer.drain()
        let lostBlocks = Int(buffer.fillBytes) / blockBytes
        // A test write's blocks never reached the real disc: nothing to take back there.
        if lostBlocks > 0, simulation == nil, disc.state.writesSequentially, let i = disc.state.tracks.indices.last,
           !disc.state.tracks[i].isClosed {
            let kept = max(0, disc.state.tracks[i].writtenBlocks - lostBlocks)
            disc.state.tracks[i].writtenBlocks = kept
            if kept == 0, disc.state.tracks[i].reservedBlocks == nil { disc.state.tracks.removeLast() }
        }
        endWriteSession()
        disc.state.writeParameters = WriteParametersPage.defaultBytes(for: disc.state.media)
        driveWriteParameters = WriteParametersPage(bytes: WriteParametersPage.defaultBytes)!
        operation = nil
        preventRemoval = false
        persistentPrevent = false
        selectedWriteMultiplier = nil
        configureBuffer()
        stateChanged(immediately: true)
    }
}

extension CheckCondition {
    /// 2/04/08 LOGICAL UNIT NOT READY, LONG WRITE IN PROGRESS.
    static let longWriteInProgress = CheckCondition(.notReady, 0x04, 0x08)
}
