import Burning
import Foundation

/// `usb write` as a library user sees it, beside `BurnJob`: `plan()` (every refusal, nothing written),
/// `unmount(_:)` for the mounted partitions the user agreed to, then `run(_:)` with one status stream ending in a
/// result. `cancel()` stops after the current transfer, flushes the disk, and leaves it incomplete (not bootable).
public final class USBWriteJob: @unchecked Sendable {
    public let devicePath: String
    public let imagePath: String
    public let options: USBWriteOptions
    public let safety: DiskSafety
    private let lock = NSLock()
    private var cancelled = false
    private var writer: DeviceWriter?
    private var stager: FileCopyStager?

    public init(devicePath: String, imagePath: String, options: USBWriteOptions, safety: DiskSafety = DiskSafety()) {
        self.devicePath = devicePath
        self.imagePath = imagePath
        self.options = options
        self.safety = safety
    }

    /// Throws a `USBWriteError` naming the first refusal; nothing is written.
    public func plan() throws -> USBWritePlan {
        let disk = try refusingErrors { try safety.resolve(devicePath) }
        let absoluteImage = URL(fileURLWithPath: imagePath).resolvingSymlinksInPath().path
        // The cheap refusals first, so a system disk is refused before a large image is decompressed.
        try check(safety.refusals(for: disk, imagePath: absoluteImage), disk: disk)
        let image = try ImageFacts.inspect(path: imagePath)
        var overridden = try check(safety.refusals(for: disk, imagePath: absoluteImage, imageBytes: image.sizeBytes),
                                   disk: disk)
        var method = try MethodChoice.choose(image, forced: options.method, force: options.force)
        if method.method == .files {
            let partitionBytes = GPTLayout(diskBytes: disk.sizeBytes, partitionName: "")?.partitionBytes ?? 0
            guard partitionBytes >= FATTree.minimumPartitionBytes else {
                throw USBWriteError.fileCopy(reason: "\(disk.path) (\(disk.sizeBytes) bytes) is too small for FAT32, "
                                             + "which needs a partition of at least 32 MiB; use a larger stick")
            }
            let (chosen, _, _) = try FileCopyStager.survey(
                isoPath: imagePath, settings: .init(fileLimitBytes: options.fileLimitBytes, wimPartMiB: options.wimPartMiB))
            method.reason += "; files from " + chosen.reason
        }
        if method.method == .raw, let problem = image.bootProblem {
            guard options.force || options.method == .raw else { throw problem }
            overridden.append("\(problem)")
        }
        let mounted = ([(disk.path, disk.mountPoints)] + disk.partitions.map { ($0.path, $0.mountPoints) })
            .flatMap { device, points in points.map { USBWritePlan.MountedPartition(device: device, mountPoint: $0) } }
        return USBWritePlan(disk: disk, image: image, method: method, mountedPartitions: mounted, overridden: overridden)
    }

    /// Throws the first refusal that no option lifts; returns the lifted ones.
    @discardableResult
    private func check(_ refusals: [DiskRefusal], disk: BlockDisk) throws -> [String] {
        var lifted: [String] = []
        for refusal in refusals {
            guard refusal.isFixedDiskOnly && options.allowFixed else { throw USBWriteError.refused(refusal) }
            lifted.append("\(refusal.description.split(separator: ";")[0]) (--allow-fixed)")
        }
        return lifted
    }

    private func refusingErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let refusal as DiskRefusal { throw USBWriteError.refused(refusal) }
    }

    /// Unmounts the plan's mounted partitions (call only with the user's consent).
    public func unmount(_ plan: USBWritePlan) throws {
        for partition in plan.mountedPartitions.reversed() where umount2(partition.mountPoint, 0) != 0 {
            throw USBWriteError.unmount(point: partition.mountPoint, reason: String(cString: strerror(errno)))
        }
    }

    /// Runs a plan made by `plan()`. The stream ends after the `.result` event.
    public func run(_ plan: USBWritePlan) -> AsyncStream<USBWriteEvent> {
        AsyncStream { continuation in
            let thread = Thread { [self] in
                let emit: (BurnStatus) -> Void = { continuation.yield(.status($0)) }
                let result = plan.method.method == .files ? runFileCopy(plan, emit: emit) : runWriter(
                    DeviceWriter(plan: plan, devicePath: devicePath, imagePath: imagePath, options: options, emit: emit))
                continuation.yield(.result(result))
                continuation.finish()
            }
            thread.name = "discburn-usb-writer"
            thread.start()
        }
    }

    /// Runs `writer` unless the job was cancelled before it started.
    func runWriter(_ writer: DeviceWriter) -> USBWriteResult {
        let alreadyCancelled = lock.withLock { () -> Bool in
            self.writer = writer
            return cancelled
        }
        if alreadyCancelled { writer.cancel() }
        return writer.run()
    }

    var isCancelled: Bool { lock.withLock { cancelled } }

    func setStager(_ stager: FileCopyStager?) { lock.withLock { self.stager = stager } }

    public func cancel() {
        let (writer, stager) = lock.withLock { () -> (DeviceWriter?, FileCopyStager?) in
            cancelled = true
            return (self.writer, self.stager)
        }
        stager?.cancel()
        writer?.cancel()
    }
}
