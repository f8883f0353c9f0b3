import SCSI

/// TEST UNIT READY (SPC-4 clause 6, TEST UNIT READY command; MMC-6 requires it of every drive): opcode 00h,
/// no data.
///
/// GOOD means the drive is ready with a medium; NOT READY (2/3A/xx no medium, 2/04/01 becoming ready) comes back
/// as sense and is handled by the sense table. Not a completion signal for CLOSE/FORMAT with IMMED: some drives
/// answer GOOD while those still run (see MMC-NOTES).
public struct TestUnitReady: MMCCommand {
    public typealias Response = Void
    public static let name = "TEST UNIT READY"

    public init() {}

    public var cdb: CDB { CDB(opcode: 0x00, length: 6) }
}
