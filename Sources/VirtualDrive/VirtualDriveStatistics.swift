/// What a `VirtualDrive` has counted since it was opened, for tests and diagnostics (`VirtualDrive.statistics`).
///
/// Linked underruns are also kept with the disc, in DIR/state.json (`linkedUnderruns`), so that a later
/// process (or a test of the CLI) can read how many times a burn made the drive link.
public struct VirtualDriveStatistics: Sendable, Hashable {
    /// Buffer underruns the drive survived by linking losslessly: BUFE (BURN-Free) set in page 05h on CD and
    /// DVD-R/-RW, or DVD+R, BD and overwritable media, which link by design.
    public var linkedUnderruns: Int = 0
    /// Buffer underruns that ruined the medium: the next WRITE failed with 3/0C/09 LOSS OF STREAMING.
    public var failedUnderruns: Int = 0
    /// Blocks accepted by WRITE(10)/WRITE(12), test writes and the SAO pre-gap included.
    public var blocksWritten: Int = 0
    /// WRITE commands that ended GOOD.
    public var writeCommands: Int = 0

    /// Every underrun, linked or not.
    public var underruns: Int { linkedUnderruns + failedUnderruns }

    public init() {}
}
