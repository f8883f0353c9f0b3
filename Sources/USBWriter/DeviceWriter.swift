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
    private let lock = NSLock()
    private var cancelled = false
    private var fifo: FIFO?

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
        let fifo = lock.withLock { () -> FIFO? in
            cancelled = true
            return self.fifo
        }
        fifo?.cancel()
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
        do {
            result.imageSHA256 = try write(to: device, meter: &meter)
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
            result.verify = verify(device, expectedSHA256: result.imageSHA256 ?? "")
            result.verifySeconds = Self.seconds(ContinuousClock.now - started)
            if result.verifySeconds > 0 {
                result.verifyKilobytesPerSecond = Double(imageBytes) / result.verifySeconds / 1000
            }
        } else {
            result.verify = .skipped("--no-verify")
        }
        result.partitionsReread = device.rereadPartitions()
        switch result.verify.outcome {
        case .match, .skipped:
            result.succeeded = !isCancelled
            result.interrupted = isCancelled
            result.error = isCancelled ? "interrupted during verification" : nil
            result.diskState = "written" + (result.verify.outcome == .match ? " and verified" : "")
        case .mismatch, .unreadable:
            result.error = result.verify.reason
            result.diskState = "written, but the read-back differs from the image: the stick is faulty or fake"
        }
        return result
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Reader thread → FIFO → this thread's aligned writes. Returns the image's SHA-256 (nil without verify).
    private func write(to device: BlockDeviceHandle, meter: inout ProgressMeter) throws -> String? {
        let fifo = FIFO(capacityBytes: options.fifoBytes, startThresholdBytes: options.fifoBytes / 4)
        if lock.withLock({ () -> Bool in self.fifo = fifo; return cancelled }) { fifo.cancel() }
        let digest = options.verify ? DigestThread() : nil
        let pool = ChunkPool()
        let reader = Thread { [imagePath, options] in
            do {
                let stream = try ImageStream(path: imagePath)
                while true {
                    var chunk = pool.take(bytes: options.transferBytes)
                    let count = try chunk.withUnsafeMutableBytes { try stream.read(into: $0) }
                    if count == 0 { break }
                    if count < chunk.count { chunk.removeLast(chunk.count - count) }
                    try digest?.push(chunk)
                    try fifo.push(chunk)
                }
                fifo.finish()
            } catch {
                fifo.finish(error: error)
            }
        }
        reader.name = "discburn-usb-reader"
        reader.start()
        let aligned = AlignedBuffer(count: options.transferBytes)
        var offset: UInt64 = 0
        do {
            emit(meter.status(.writing))
            while let chunk = try fifo.pop() {
                guard offset + UInt64(chunk.count) <= plan.image.sizeBytes else {
                    throw USBWriteError.imageRead(path: imagePath, reason: "the image grew since it was checked")
                }
                chunk.withUnsafeBytes { aligned.bytes.copyMemory(from: $0) }
                try device.write(UnsafeRawBufferPointer(rebasing: aligned.bytes[..<chunk.count]), at: offset)
                offset += UInt64(chunk.count)
                meter.add(bytes: chunk.count)
                pool.give(chunk)
                let stats = fifo.statistics
                meter.fifo(fraction: stats.fillFraction, minimum: stats.minimumFillFraction)
                if meter.due() { emit(meter.status(.writing)) }
            }
        } catch {
            fifo.cancel()
            digest?.cancel()
            throw error
        }
        guard offset == plan.image.sizeBytes else {
            digest?.cancel()
            throw USBWriteError.imageRead(path: imagePath, reason: "it changed since it was checked (\(offset) bytes now)")
        }
        emit(meter.status(.writing))
        return digest?.finish()
    }
}

/// Chunks the writer is done with, handed back to the reader so steady-state reads reuse memory instead of
/// faulting in fresh pages for every transfer.
final class ChunkPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [[UInt8]] = []

    func take(bytes: Int) -> [UInt8] {
        if let chunk = lock.withLock({ free.popLast() }), chunk.count == bytes { return chunk }
        return [UInt8](unsafeUninitializedCapacity: bytes) { _, count in count = bytes }
    }

    func give(_ chunk: [UInt8]) {
        lock.withLock { if free.count < 32 { free.append(chunk) } }
    }
}
