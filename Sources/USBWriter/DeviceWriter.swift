import Burning
import Foundation
import MMC

/// One run of a `USBWritePlan`: reader thread → FIFO → aligned writes, then the read-back. See `USBWriteJob`.
final class DeviceWriter: @unchecked Sendable {
    let plan: USBWritePlan
    let devicePath: String
    let imagePath: String
    let options: USBWriteOptions
    let emit: (BurnStatus) -> Void
    /// A file-copy stick: `imagePath` is its staged prefix; the backup GPT and a per-file read-back follow.
    var staged: StagedStick?
    private let lock = NSLock()
    private var cancelled = false
    private var pipeline: SlotPipeline?

    init(plan: USBWritePlan, devicePath: String, imagePath: String, options: USBWriteOptions,
         emit: @escaping (BurnStatus) -> Void) {
        self.plan = plan
        self.devicePath = devicePath
        self.imagePath = imagePath
        self.options = options
        self.emit = emit
    }

    var isCancelled: Bool { lock.withLock { cancelled } }

    func cancel() {
        let pipeline = lock.withLock { () -> SlotPipeline? in
            cancelled = true
            return self.pipeline
        }
        pipeline?.cancel()
    }

    func run() -> USBWriteResult {
        let imageBytes = plan.image.sizeBytes
        var result = USBWriteResult(
            succeeded: false, error: nil, interrupted: false, bytesWritten: 0, imageBytes: imageBytes,
            elapsedSeconds: 0, averageKilobytesPerSecond: 0, minimumFifoPercent: nil, imageSHA256: nil,
            verify: .skipped("the write did not finish"), verifySeconds: 0, verifyKilobytesPerSecond: 0,
            partitionsReread: false, diskState: "nothing was written; the disk is unchanged")
        let device: BlockDeviceHandle
        do {
            device = try BlockDeviceHandle(path: devicePath)
            guard device.sizeBytes >= imageBytes else {
                throw USBWriteError.refused(.tooSmall(disk: devicePath, diskBytes: device.sizeBytes, imageBytes: imageBytes))
            }
        } catch {
            result.error = "\(error)"
            return result
        }
        var meter = ProgressMeter(totalBytes: imageBytes, profile: .removableDisk)
        var digest: SegmentedDigest?
        do {
            digest = try write(to: device, meter: &meter)
            result.imageSHA256 = digest?.sha256
            if let staged { try writeTail(staged, to: device) }
            try device.synchronize()
        } catch {
            try? device.synchronize()
            result.bytesWritten = meter.bytesDone
            result.elapsedSeconds = meter.elapsedSeconds
            result.averageKilobytesPerSecond = meter.averageKilobytesPerSecond
            result.minimumFifoPercent = meter.minimumFifoPercent
            result.interrupted = isCancelled
            result.error = isCancelled ? "interrupted" : "\(error)"
            result.diskState = meter.bytesDone == 0 && !isCancelled ? "nothing was written; the disk is unchanged"
                : "incomplete: \(meter.bytesDone) of \(imageBytes) bytes written; it will not boot, write it again"
            return result
        }
        result.bytesWritten = meter.bytesDone
        result.elapsedSeconds = meter.elapsedSeconds
        result.averageKilobytesPerSecond = meter.averageKilobytesPerSecond
        result.minimumFifoPercent = meter.minimumFifoPercent
        result.diskState = "written"
        if options.verify {
            let started = ContinuousClock.now
            result.verify = digest.map { verify(device, expected: $0) } ?? .skipped("the image was not hashed")
            if let staged, result.verify.outcome == .match {
                result.verify = verifyFileCopy(staged, device: device, raw: result.verify)
            }
            result.verifySeconds = Self.seconds(ContinuousClock.now - started)
            if result.verifySeconds > 0 {
                result.verifyKilobytesPerSecond = Double(imageBytes) / result.verifySeconds / 1000
            }
        } else {
            result.verify = .skipped("--no-verify")
        }
        result.partitionsReread = device.rereadPartitions()
        switch result.verify.outcome {
        case .match, .skipped, .interrupted:
            result.succeeded = !isCancelled && result.verify.outcome != .interrupted
            result.interrupted = isCancelled
            result.error = isCancelled ? "interrupted during verification" : nil
            result.diskState = "written" + (result.verify.outcome == .match ? " and verified" : "")
        case .mismatch, .unreadable:
            result.error = result.verify.reason
            result.diskState = "written, but the read-back differs from the image: the stick is faulty or fake"
        }
        return result
    }

    /// The read-back's unit: one transfer, in whole SHA-256 blocks.
    var segmentBytes: Int { max(64, options.transferBytes / 64 * 64) }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Reader thread → slot pipeline → this thread's O_DIRECT writes from the same aligned buffers (→ the hashing
    /// thread with verify). Returns the image's SHA-256 and its chain for the read-back (nil without verify).
    private func write(to device: BlockDeviceHandle, meter: inout ProgressMeter) throws -> SegmentedDigest? {
        let pipeline = SlotPipeline(stages: options.verify ? 3 : 2, slots: max(2, options.fifoBytes / options.transferBytes),
                                    slotBytes: options.transferBytes)
        if lock.withLock({ () -> Bool in self.pipeline = pipeline; return cancelled }) { pipeline.cancel() }
        let hasher = options.verify ? SlotHasher(pipeline, stage: 2, segmentBytes: segmentBytes) : nil
        startReader(pipeline)
        var offset: UInt64 = 0
        do {
            emit(meter.status(.writing))
            while true {
                guard let slot = pipeline.acquire(stage: 1) else { throw USBWriteCancelled() }
                if slot.length < 0 { throw pipeline.failure ?? USBWriteCancelled() }
                if slot.length == 0 {
                    pipeline.release(slot, stage: 1)
                    break
                }
                guard offset + UInt64(slot.length) <= plan.image.sizeBytes else {
                    throw USBWriteError.imageRead(path: imagePath, reason: "the image grew since it was checked")
                }
                try device.write(UnsafeRawBufferPointer(rebasing: slot.buffer[..<slot.length]), at: offset)
                offset += UInt64(slot.length)
                meter.add(bytes: slot.length)
                pipeline.release(slot, stage: 1)
                let fill = pipeline.fill
                meter.fifo(fraction: fill.fraction, minimum: fill.minimum)
                if meter.due() { emit(meter.status(.writing)) }
            }
        } catch {
            pipeline.cancel()
            _ = hasher?.finish()
            throw error
        }
        let digest = hasher?.finish()
        guard offset == plan.image.sizeBytes else {
            throw USBWriteError.imageRead(path: imagePath, reason: "it changed since it was checked (\(offset) bytes now)")
        }
        emit(meter.status(.writing))
        return digest
    }

    /// Stage 0: the image (decompressed) into the pipeline's slots, then an end marker.
    private func startReader(_ pipeline: SlotPipeline) {
        let reader = Thread { [imagePath] in
            let stream: ImageStream
            do { stream = try ImageStream(path: imagePath) } catch {
                if let slot = pipeline.acquire(stage: 0) { pipeline.fail(slot, error: error) }
                return
            }
            while let slot = pipeline.acquire(stage: 0) {
                do {
                    let count = try stream.read(into: slot.buffer)
                    pipeline.release(slot, stage: 0, length: count)
                    if count == 0 { return }
                } catch {
                    pipeline.fail(slot, error: error)
                    return
                }
            }
        }
        reader.name = "discburn-usb-reader"
        reader.start()
    }
}

/// The write was cancelled (Ctrl-C): the pipeline stopped.
struct USBWriteCancelled: Error, CustomStringConvertible {
    var description: String { "interrupted" }
}
