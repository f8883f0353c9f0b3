import DiscImage
import Foundation
import MMC
import SCSI

public struct RipOptions: Sendable {
    /// Extra attempts for a failing read before it is split into single blocks (each also retried).
    public var retries = 2
    /// Continue from the map file: only untried and bad blocks are read.
    public var resume = false
    public var session: Int?
    /// Keep the whole track: the padding after an ISO 9660 volume too.
    public var wholeTrack = false
    public var blocksPerRead = 32
    public init() {}
}

public struct RipStatus: Sendable {
    public var blocksDone: UInt64
    public var totalBlocks: UInt64
    public var badBlocks: UInt64
    public var kilobytesPerSecond: Double
    public var etaSeconds: Double?
    public var profile: Profile
}

public struct RipResult: Sendable {
    public var extent: RipExtent
    public var goodBlocks: UInt64
    /// Unreadable ranges as disc LBAs; written as zeros in the image.
    public var badRanges: [(startLBA: UInt64, blocks: UInt64)]
    /// Files of the image's file system that touch a bad range (nil when the file system could not be read).
    public var affectedFiles: [String]?
    /// CD TAO run-out blocks left out (unreadable by design, not bad).
    public var runOutBlocks: UInt64
    public var sha256: String
    public var md5: String
    public var elapsedSeconds: Double
    public var averageKilobytesPerSecond: Double
    public var complete: Bool { badRanges.isEmpty }
}

/// Disc → image, sector by sector, with a ddrescue-like map so bad areas are retried and a rip can resume.
public final class DiscRipper: @unchecked Sendable {
    let drive: OpticalDrive
    let outputPath: String
    let mapPath: String
    let options: RipOptions
    private let lock = NSLock()
    private var cancelled = false

    public init(drive: OpticalDrive, outputPath: String, mapPath: String? = nil, options: RipOptions = RipOptions()) {
        self.drive = drive
        self.outputPath = outputPath
        self.mapPath = mapPath ?? outputPath + ".map"
        self.options = options
    }

    public func cancel() { lock.withLock { cancelled = true } }
    var isCancelled: Bool { lock.withLock { cancelled } }
    /// True when `cancel()` stopped the rip (the map keeps the rest as untried for --resume).
    public var isCancelledForCLI: Bool { isCancelled }

    public func plan() async throws -> RipExtent {
        let extent = try await RipPlanner.extent(drive: drive, session: options.session, wholeTrack: options.wholeTrack)
        if !options.resume, FileManager.default.fileExists(atPath: outputPath) {
            throw RipError.outputExists(path: outputPath)
        }
        return extent
    }

    /// Reads the extent into the output file (runs on the calling thread; `progress` about twice a second).
    public func run(_ extent: RipExtent, progress: (RipStatus) -> Void = { _ in }) throws -> RipResult {
        var map = try loadMap(extent)
        let output = try openOutput(blocks: extent.blocks)
        defer { try? output.close() }
        let session = DriveSession(transport: drive.transport)
        let clock = ContinuousClock()
        let start = clock.now
        var lastReport = start, lastSave = start
        var readBlocks: UInt64 = 0
        let work = map.ranges.filter { $0.status != .good }
        for range in work {
            var block = range.startBlock
            while block < range.endBlock {
                if isCancelled { break }
                let count = Int(min(UInt64(options.blocksPerRead), range.endBlock - block))
                let lba = extent.startLBA + block
                for (offset, data) in readChunk(session, lba: lba, count: count) {
                    let index = block + UInt64(offset)
                    if let data {
                        do { try write(output, data, at: index) } catch {
                            // Disk full mid-rip: what was read is kept and mapped, so --resume continues here.
                            try? saveMap(map, current: index)
                            throw error
                        }
                        map.mark(index, UInt64(data.count / 2048), .good)
                    } else {
                        map.mark(index, 1, .bad)
                    }
                }
                block += UInt64(count)
                readBlocks += UInt64(count)
                let now = clock.now
                if now - lastSave > .seconds(1) { try saveMap(map, current: block); lastSave = now }
                if now - lastReport > .milliseconds(500) {
                    lastReport = now
                    progress(status(map, extent, readBlocks, (now - start).seconds, remaining: work.last!.endBlock - block))
                }
            }
        }
        try saveMap(map, current: extent.blocks)
        guard fsync(output.fileDescriptor) == 0 else {
            throw RipError.cannotWrite(path: outputPath, reason: Self.diskError(errno)
                + "; free some space and run again with --resume")
        }
        return try finish(map, extent, elapsed: (clock.now - start).seconds, readBlocks: readBlocks)
    }

    // MARK: reading

    /// One read of `count` blocks, retried; then block by block. Each element: block offset and its data, or nil.
    private func readChunk(_ session: DriveSession, lba: UInt64, count: Int) -> [(Int, [UInt8]?)] {
        for _ in 0...max(0, options.retries) {
            if let data = readBlocks(session, lba: lba, count: count) { return [(0, data)] }
            if count == 1 { break }
        }
        guard count > 1 else { return [(0, nil)] }
        return (0..<count).map { i in
            for _ in 0...max(0, options.retries) {
                if let data = readBlocks(session, lba: lba + UInt64(i), count: 1) { return (i, data) }
            }
            return (i, nil)
        }
    }

    private func readBlocks(_ session: DriveSession, lba: UInt64, count: Int) -> [UInt8]? {
        guard let data = try? session.send(Read10(lba: UInt32(truncatingIfNeeded: lba), blocks: UInt16(count))),
              data.count == count * 2048 else { return nil }
        return data
    }

    // MARK: files

    private func loadMap(_ extent: RipExtent) throws -> RipMap {
        guard options.resume, let text = try? String(contentsOfFile: mapPath, encoding: .utf8) else {
            return RipMap(totalBlocks: extent.blocks)
        }
        do { return try RipMap(text: text, totalBlocks: extent.blocks) } catch {
            throw RipError.mapMismatch(path: mapPath, reason: "\(error)")
        }
    }

    private func saveMap(_ map: RipMap, current: UInt64) throws {
        do { try map.text(currentBlock: current).write(toFile: mapPath, atomically: true, encoding: .utf8) } catch {
            throw RipError.cannotWrite(path: mapPath, reason: "the map cannot be saved (disk full?)")
        }
    }

    private func openOutput(blocks: UInt64) throws -> FileHandle {
        let created = !FileManager.default.fileExists(atPath: outputPath)
        if created {
            guard FileManager.default.createFile(atPath: outputPath, contents: nil) else {
                throw RipError.cannotWrite(path: outputPath, reason: "cannot create the file (check the directory and permissions)")
            }
        }
        guard let handle = FileHandle(forUpdatingAtPath: outputPath) else {
            throw RipError.cannotWrite(path: outputPath, reason: "permission denied")
        }
        // Unread and bad blocks read as zeros. A size the file system refuses (full, or over a size limit) is
        // reported in DiscBurn's words, and a file this rip created is removed again.
        guard ftruncate(handle.fileDescriptor, off_t(blocks * 2048)) == 0 else {
            let reason = Self.diskError(errno)
            try? handle.close()
            if created { unlink(outputPath) }
            throw RipError.cannotWrite(path: outputPath, reason: reason)
        }
        return handle
    }

    private func write(_ handle: FileHandle, _ data: [UInt8], at block: UInt64) throws {
        var done = 0
        while done < data.count {
            let wrote = data.withUnsafeBytes { raw in
                pwrite(handle.fileDescriptor, raw.baseAddress! + done, data.count - done,
                       off_t(block * 2048 + UInt64(done)))
            }
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else {
                throw RipError.cannotWrite(path: outputPath, reason: Self.diskError(wrote < 0 ? errno : ENOSPC)
                    + "; free some space and run again with --resume")
            }
            done += wrote
        }
    }

    static func diskError(_ code: Int32) -> String {
        switch code {
        case ENOSPC: return "the disk is full"
        case EFBIG: return "the file would exceed the largest size allowed here (file system or ulimit -f)"
        case EDQUOT: return "the disk quota is used up"
        default: return String(cString: strerror(code))
        }
    }

    // MARK: result

    private func finish(_ map: RipMap, _ extent: RipExtent, elapsed: Double, readBlocks: UInt64) throws -> RipResult {
        var map = map
        var extent = extent
        // CD TAO tracks end with two run-out blocks that READ CAPACITY / the track size include but no drive reads.
        var runOut: UInt64 = 0
        if extent.profile.family == .cd, let lastBad = map.ranges.last, lastBad.status == .bad,
           lastBad.endBlock == extent.blocks, lastBad.blocks <= 2, extent.blocks > lastBad.blocks {
            runOut = lastBad.blocks
            extent.blocks -= runOut
            map = trimmed(map, to: extent.blocks)
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: outputPath))
            try handle.truncate(atOffset: extent.blocks * 2048)
            try handle.close()
        }
        let bad = map.ranges(.bad).map { (startLBA: extent.startLBA + $0.startBlock, blocks: $0.blocks) }
        let hashes = try hashOutput()
        return RipResult(extent: extent, goodBlocks: map.count(.good), badRanges: bad,
                         affectedFiles: bad.isEmpty ? [] : affectedFiles(bad, startLBA: extent.startLBA),
                         runOutBlocks: runOut, sha256: hashes.sha256, md5: hashes.md5, elapsedSeconds: elapsed,
                         averageKilobytesPerSecond: elapsed > 0 ? Double(readBlocks * 2048) / elapsed / 1000 : 0)
    }

    private func trimmed(_ map: RipMap, to blocks: UInt64) -> RipMap {
        var out = RipMap(totalBlocks: blocks)
        for r in map.ranges where r.startBlock < blocks { out.mark(r.startBlock, min(r.blocks, blocks - r.startBlock), r.status) }
        try? out.text(currentBlock: blocks).write(toFile: mapPath, atomically: true, encoding: .utf8)
        return out
    }

    private func hashOutput() throws -> (sha256: String, md5: String) {
        guard let handle = FileHandle(forReadingAtPath: outputPath) else {
            throw RipError.cannotWrite(path: outputPath, reason: "cannot read it back")
        }
        defer { try? handle.close() }
        let hasher = StreamHasher()
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { try hasher.update([UInt8](data)) }
        return try hasher.finish()
    }

    /// Files whose extents touch a bad range, through the image's own file system (ISO 9660 and UDF extents are
    /// handed out as disc LBAs, so this holds for an image ripped from LBA 0).
    private func affectedFiles(_ bad: [(startLBA: UInt64, blocks: UInt64)], startLBA: UInt64) -> [String]? {
        guard startLBA == 0, let fs = try? DiscImage.tree(path: outputPath).tree else { return nil }
        var names: [String] = []
        try? fs.walk(fs.root, recursive: true) { entry in
            guard entry.kind == .file else { return }
            let hit = entry.extents.contains { e in
                let first = UInt64(max(0, e.lba)), last = first + UInt64(max(0, (e.lengthBytes + 2047) / 2048))
                return bad.contains { $0.startLBA < last && $0.startLBA + $0.blocks > first }
            }
            if hit { names.append(entry.path) }
        }
        return names
    }

    private func status(_ map: RipMap, _ extent: RipExtent, _ read: UInt64, _ elapsed: Double, remaining: UInt64) -> RipStatus {
        let speed = elapsed > 0 ? Double(read * 2048) / elapsed / 1000 : 0
        return RipStatus(blocksDone: map.count(.good) + map.count(.bad), totalBlocks: extent.blocks,
                         badBlocks: map.count(.bad), kilobytesPerSecond: speed,
                         etaSeconds: speed > 0 ? Double(remaining * 2048) / (speed * 1000) : nil, profile: extent.profile)
    }

}

