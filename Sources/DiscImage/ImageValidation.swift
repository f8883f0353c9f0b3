/// What the burn engine needs to know before it writes a single sector.
public struct ImageValidation: Sendable, Equatable {
    /// Blocks the burn plan writes: the whole file in `blockBytes` units (a partial last block counts as one).
    public var blocks: Int64
    public var blockBytes: Int
    /// Blocks the file system says the volume has (ISO 9660 volume space size, or the tracks' total); nil if unknown.
    public var volumeBlocks: Int64?
    /// Whole blocks present in the file.
    public var blocksPresent: Int64
    /// The file is shorter than the volume it describes.
    public var truncated: Bool
    /// `volumeBlocks - blocksPresent` when truncated, else 0.
    public var missingBlocks: Int64
    /// Human-readable problems, each a cause; empty means the image is fit to burn.
    public var problems: [String]
    /// Validated for a start address N > 0, the image was not mastered for N (`ISOFileSystem.notMasteredReason`:
    /// its root directory lies below N, or is shifted against N) and would not mount at N.
    public var rootBelowStartLBA = false

    public var isBurnable: Bool { problems.isEmpty }

    static let maximumProblems = 20

    mutating func add(_ problem: String) {
        if problems.count < Self.maximumProblems { problems.append(problem) }
    }
}

extension ImageValidation {
    /// Size checks shared by every format: file size a multiple of the sector size, not shorter than the volume.
    init(sizeBytes: Int64, blockBytes: Int, volumeBlocks: Int64?) {
        let whole = sizeBytes / Int64(blockBytes)
        let remainder = sizeBytes % Int64(blockBytes)
        self.init(blocks: whole + (remainder > 0 ? 1 : 0), blockBytes: blockBytes, volumeBlocks: volumeBlocks,
                  blocksPresent: whole, truncated: false, missingBlocks: 0, problems: [])
        if remainder != 0 {
            add("file size \(sizeBytes) bytes is not a multiple of the \(blockBytes)-byte sector size "
                + "(\(remainder) bytes over)")
        }
        if let volumeBlocks, volumeBlocks > whole {
            truncated = true
            missingBlocks = volumeBlocks - whole
            add("truncated: \(whole) of \(volumeBlocks) blocks present, \(missingBlocks) missing")
        }
    }

    /// Walks the whole tree once (no output): loops, bad records and data outside the file become problems.
    mutating func checkTree(_ fileSystem: any ImageTree) {
        var outside = 0
        let end = fileSystem.reader.endLBA
        let first = fileSystem.reader.layout.firstLBA
        do {
            let damage = try fileSystem.walk(fileSystem.root, recursive: true) { entry in
                // Below the first address: a file kept from an earlier session (mkisofs -M), already on the disc.
                for extent in entry.extents where extent.lengthBytes > 0 && extent.lba >= first {
                    if extent.lba &+ (extent.lengthBytes + 2047) / 2048 > end { outside += 1 }
                }
            }
            damage.forEach { add($0) }
        } catch {
            add("\(error)")
        }
        if outside > 0 { add("\(outside) file extent(s) reach past the end of the file") }
    }
}
