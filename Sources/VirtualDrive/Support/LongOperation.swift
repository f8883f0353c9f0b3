import SCSI

/// Media Event code of GET EVENT STATUS NOTIFICATION's media class (MMC-6 §6.7.2.5).
enum MediaEvent: UInt8, Sendable {
    case none = 0, ejectRequest = 1, newMedia = 2, mediaRemoval = 3
}

/// A FORMAT UNIT, BLANK or CLOSE TRACK/SESSION started with IMMED: the medium already holds the result, but
/// the drive reports the operation in progress to the next few polls, with a progress indication.
///
/// While it runs, medium-access commands get 2/04/04 (format in progress) or 2/04/07 (operation in progress);
/// TEST UNIT READY answers GOOD during a close (as Pioneer's R-series command references describe), so it is
/// not a completion signal; REQUEST SENSE returns the NOT READY sense with the progress (SPC-4 §4.5.2.4.4).
struct LongOperation: Sendable {
    enum Kind: Sendable { case format, blank, close }

    static let defaultPolls = 3

    var kind: Kind
    var remainingPolls: Int
    let totalPolls: Int
    /// `busy-after-immed`: TEST UNIT READY and READ DISC INFORMATION say GOOD, others 2/04/07.
    var answersPollsGood = false

    init(_ kind: Kind, polls: Int = LongOperation.defaultPolls, answersPollsGood: Bool = false) {
        self.kind = kind
        self.answersPollsGood = answersPollsGood
        remainingPolls = polls
        totalPolls = polls
    }

    /// Fraction done, 0 ..< 1 while running.
    var progress: Double { Double(totalPolls - remainingPolls) / Double(max(1, totalPolls)) }

    /// The sense a medium-access command gets while the operation runs (nil: the command proceeds).
    func notReadySense(for command: DriveCommand) -> CheckCondition? {
        if answersPollsGood {
            if command == .testUnitReady || command == .readDiscInformation { return nil }
            return CheckCondition(.notReady, 0x04, 0x07, senseKeySpecific: sense.sense.senseKeySpecific)
        }
        if command == .testUnitReady && kind == .close { return nil }
        return sense
    }

    /// NOT READY with the progress indication in the sense-key-specific bytes.
    var sense: CheckCondition {
        let value = UInt16(min(65535, progress * 65536))
        let ascq: UInt8 = kind == .format ? 0x04 : 0x07
        return CheckCondition(.notReady, 0x04, ascq, senseKeySpecific: [0x00, UInt8(value >> 8), UInt8(value & 0xFF)])
    }
}

extension DriveCore {
    /// Counts one poll against the running operation; ends it after its last poll.
    func advanceOperation() {
        guard var op = operation else { return }
        op.remainingPolls -= 1
        operation = op.remainingPolls > 0 ? op : nil
    }

    /// Starts an IMMED operation, or finishes at once without IMMED.
    func startOperation(_ kind: LongOperation.Kind, immediate: Bool) {
        operation = immediate ? LongOperation(kind, answersPollsGood: behaviours.busyAfterImmediate) : nil
    }
}
