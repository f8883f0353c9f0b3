import SCSI

/// A fault the virtual drive injects into later commands, for testing error paths of callers. Related: timed
/// underruns come from `?speed=` with a late host; `VirtualDrive.corrupt(lba:blocks:)` damages data after a burn;
/// `?latency=MS` makes every command slow.
public enum VirtualFault: Sendable, Hashable {
    /// The next command with `opcode` ends in CHECK CONDITION with `sense` instead of running (once).
    case failNextCommand(opcode: UInt8, sense: SenseData)
    /// A buffer underrun at `lba`, without waiting for the timing model (once). Where the medium links
    /// losslessly (BUFE set in page 05h on CD/DVD-R, or DVD+R/BD/overwritable media) it is counted and the WRITE
    /// succeeds; otherwise the WRITE that covers `lba` fails with 3/0C/09 LOSS OF STREAMING, blocks before `lba`
    /// are recorded, and the disc is a coaster exactly as after a timed underrun (see `Underrun.swift`).
    case underrun(atLBA: Int)
    /// READs of any block in `lbas` fail with 3/11/00 UNRECOVERED READ ERROR (until cleared).
    case unreadable(lbas: ClosedRange<Int>)
    /// A slow zone (until cleared): a READ takes `millisecondsPerBlock` longer for each of its blocks inside
    /// `lbas`, on the drive's clock (a `ManualDriveClock` just advances), whether it then succeeds or fails with
    /// an injected 3/11/00. Overlapping zones add up; a negative value counts as 0. Spec option `slow=`.
    case slowReads(lbas: ClosedRange<Int>, millisecondsPerBlock: Int)
    /// The WRITE that covers `lba` fails with 3/0C/00 WRITE ERROR; nothing of it is recorded (once).
    case writeError(atLBA: Int)
}

extension DriveCore {
    /// Removes and returns the first `failNextCommand` fault for `opcode`.
    func takeCommandFault(_ opcode: UInt8) -> CheckCondition? {
        for (i, fault) in faults.enumerated() {
            if case .failNextCommand(let code, let sense) = fault, code == opcode {
                faults.remove(at: i)
                return CheckCondition(sense: sense)
            }
        }
        return nil
    }

    /// The first unreadable LBA of `range`, if an `unreadable` fault covers it.
    func unreadableLBA(in range: Range<Int>) -> Int? {
        var first: Int?
        for case .unreadable(let bad) in faults {
            let lo = max(range.lowerBound, bad.lowerBound), hi = min(range.upperBound - 1, bad.upperBound)
            if lo <= hi { first = min(first ?? lo, lo) }
        }
        return first
    }

    /// The extra time a READ of `range` takes in `slowReads` zones.
    func slowReadDelay(in range: Range<Int>) -> Duration {
        var milliseconds = 0.0
        for case .slowReads(let zone, let perBlock) in faults {
            let lo = max(range.lowerBound, zone.lowerBound), hi = min(range.upperBound - 1, zone.upperBound)
            if lo <= hi { milliseconds += (Double(hi) - Double(lo) + 1) * Double(max(0, perBlock)) }
        }
        return .milliseconds(milliseconds)
    }

    /// Removes and returns a one-shot write fault (underrun or write error) that hits `range`.
    func takeWriteFault(in range: Range<Int>) -> VirtualFault? {
        for (i, fault) in faults.enumerated() {
            switch fault {
            case .underrun(let lba) where range.contains(lba), .writeError(let lba) where range.contains(lba):
                faults.remove(at: i)
                return fault
            default: continue
            }
        }
        return nil
    }
}
