import SCSI

/// A fault the virtual drive injects into later commands, for testing error paths of callers.
public enum VirtualFault: Sendable, Hashable {
    /// The next command with `opcode` ends in CHECK CONDITION with `sense` instead of running (once).
    case failNextCommand(opcode: UInt8, sense: SenseData)
    /// The WRITE that covers `lba` fails with 3/0C/09 LOSS OF STREAMING (a buffer underrun), unless the medium
    /// links losslessly anyway: BUFE set in page 05h on CD/DVD-R, or DVD+R/BD/overwritable media (once).
    /// Blocks before `lba` in that WRITE are recorded; the track stays open at `lba`.
    case underrun(atLBA: Int)
    /// READs of any block in `lbas` fail with 3/11/00 UNRECOVERED READ ERROR (until cleared).
    case unreadable(lbas: ClosedRange<Int>)
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
