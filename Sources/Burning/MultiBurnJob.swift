import Foundation
import MMC
import SCSI

/// The same image burned to several drives at once: one image reader, one FIFO per drive holding the same
/// chunks (shared, not copied), each drive paced on its own. A drive that fails or is refused drops out; the
/// others go on. The reader runs at the pace of the slowest live drive.
public final class MultiBurnJob: @unchecked Sendable {
    public enum Event: Sendable {
        case status(drive: Int, BurnStatus)
        case result(drive: Int, BurnResult)
        /// A drive refused at planning (nothing written to it).
        case refused(drive: Int, device: String, reason: String)
    }

    public let jobs: [BurnJob]
    public let imagePath: String
    public let options: BurnOptions

    public init(drives: [OpticalDrive], imagePath: String, options: BurnOptions) {
        jobs = drives.map { BurnJob(drive: $0, imagePath: imagePath, options: options) }
        self.imagePath = imagePath
        self.options = options
    }

    /// Plans every drive; a drive's refusal is kept as its outcome. Throws only when the image itself is bad.
    public func plan() async throws -> [Result<BurnPlan, Error>] {
        // A bin/cue goes through CuePlanner and its own writer, one drive at a time: never through the shared
        // data FIFO (that would burn the cue sheet's text).
        if CuePlanner.isCue(imagePath) { try BurnPlanner.refuseTrackImage(imagePath) }
        _ = try ImageSource(path: imagePath)
        var plans: [Result<BurnPlan, Error>] = []
        for job in jobs {
            do { plans.append(.success(try await job.plan())) } catch { plans.append(.failure(error)) }
        }
        // Each drive checks the image for its own next writable address; refused by all for the image itself:
        // the image is bad.
        let imageErrors = plans.compactMap { result -> BurnError? in
            guard case .failure(let error as BurnError) = result else { return nil }
            switch error {
            case .imageInvalid, .imageTruncated, .imageUnreadable: return error
            default: return nil
            }
        }
        if imageErrors.count == plans.count, let first = imageErrors.first { throw first }
        return plans
    }

    public func run(_ plans: [Result<BurnPlan, Error>]) -> AsyncStream<Event> {
        AsyncStream { continuation in
            let thread = Thread { [self] in
                runAll(plans, continuation)
                continuation.finish()
            }
            thread.name = "discburn-multi"
            thread.start()
        }
    }

    public func cancel() { jobs.forEach { $0.cancel() } }

    private func runAll(_ plans: [Result<BurnPlan, Error>], _ continuation: AsyncStream<Event>.Continuation) {
        var live: [(index: Int, plan: BurnPlan, fifo: FIFO)] = []
        let fastest = plans.compactMap { try? $0.get().speedKilobytesPerSecond }.max()
        let capacity = max(FIFOSizing.bytes(requestedBytes: options.fifoSizeBytes, speedKilobytesPerSecond: fastest), 1 << 20)
        for (index, planned) in plans.enumerated() {
            switch planned {
            case .success(let plan): live.append((index, plan, FIFO(capacityBytes: capacity, startThresholdBytes: capacity)))
            case .failure(let error):
                continuation.yield(.refused(drive: index, device: jobs[index].drive.deviceName, reason: "\(error)"))
            }
        }
        guard let source = try? ImageSource(path: imagePath), let first = live.first else { return }
        let fifos = live.map(\.fifo), imageBlocks = first.plan.imageBlocks
        let reader = Thread { Self.feed(source, blocks: imageBlocks, fifos: fifos) }
        reader.name = "discburn-reader"
        reader.start()
        let group = DispatchGroup()
        for drive in live {
            group.enter()
            let job = jobs[drive.index]
            let engine = BurnEngine(plan: drive.plan, options: options, session: DriveSession(transport: job.drive.transport, sleep: job.sleep),
                                    source: source) { event in
                switch event {
                case .status(let s): continuation.yield(.status(drive: drive.index, s))
                case .result(let r): continuation.yield(.result(drive: drive.index, r))
                }
            }
            engine.sharedFIFO = drive.fifo
            job.attach(engine)
            Thread {
                _ = engine.run()
                drive.fifo.cancel()   // a finished or failed drive no longer holds the reader back
                group.leave()
            }.start()
        }
        group.wait()
    }

    /// Reads the image once and hands every chunk to every live FIFO; a cancelled FIFO (its drive stopped) is
    /// dropped. The same array is pushed to all: copy-on-write keeps one copy in memory.
    static func feed(_ source: ImageSource, blocks: UInt64, fifos: [FIFO]) {
        var live = fifos
        let chunkBlocks = 128  // 256 KiB per read: each drive copies its own WRITE-sized chunks out of it
        var block: UInt64 = 0
        while block < blocks, !live.isEmpty {
            let n = Int(min(UInt64(chunkBlocks), blocks - block))
            guard let chunk = try? source.read(first: block, count: n) else {
                live.forEach { $0.finish(error: BurnError.imageUnreadable(path: source.path, reason: "read failed at block \(block)")) }
                return
            }
            live = live.filter { fifo in (try? fifo.push(chunk)) != nil }
            block += UInt64(n)
        }
        live.forEach { $0.finish() }
    }
}

extension BurnJob {
    /// Lets `cancel()` reach an engine started by a multi-drive job.
    func attach(_ engine: BurnEngine) { attachEngine(engine) }
}
