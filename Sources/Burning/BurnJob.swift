import Foundation
import MMC
import SCSI

/// A burn as a library user sees it: plan (all checks, nothing written), then run with one stream of status
/// events ending in a result. `cancel()` stops feeding the drive, flushes its cache and leaves the track as the
/// medium allows; the result's `mediumState` says what is on the disc then.
public final class BurnJob: @unchecked Sendable {
    /// What is burned: an image file, or the disc in another drive (copy on the fly, verified against it).
    public enum Source: Sendable {
        case image(path: String)
        case disc(OpticalDrive)
    }

    public let drive: OpticalDrive
    public let source: Source
    public let options: BurnOptions
    private let lock = NSLock()
    private var engine: BurnEngine?
    private var cueEngine: CueBurnEngine?
    private var cancelled = false
    private var discExtent: RipExtent?
    /// The writer's sleep between retries and polls: tests inject one that returns at once (and counts), so
    /// a 200 s "long write in progress" costs no time.
    var sleep: @Sendable (Duration) -> Void = { SCSIClock.sleep($0) }

    public init(drive: OpticalDrive, source: Source, options: BurnOptions) {
        self.drive = drive
        self.source = source
        self.options = options
    }

    public convenience init(drive: OpticalDrive, imagePath: String, options: BurnOptions) {
        self.init(drive: drive, source: .image(path: imagePath), options: options)
    }

    public var imagePath: String {
        if case .image(let path) = source { return path }
        return ""
    }

    /// Probes the drive and checks image and medium; throws a `BurnError` refusal with nothing written.
    public func plan() async throws -> BurnPlan {
        let blocks: UInt64
        if case .image(let path) = source, CuePlanner.isCue(path) {
            let layout = try CuePlanner.layout(cuePath: path)
            let probe = try await drive.probe()
            return try await CuePlanner.plan(drive: drive, probe: probe, layout: layout, options: options)
        }
        switch source {
        case .image(let path):
            blocks = try BurnPlanner.checkImage(try ImageSource(path: path))
        case .disc(let from):
            let extent = try await RipPlanner.extent(drive: from, session: nil)
            lock.withLock { discExtent = extent }
            blocks = extent.blocks
        }
        let probe = try await drive.probe()
        return try await BurnPlanner.plan(drive: drive, probe: probe, imageBlocks: blocks, options: options)
    }

    func makeSource() throws -> BlockSource {
        switch source {
        case .image(let path):
            let file = try ImageSource(path: path)
            file.stall = options.readerStall
            return file
        case .disc(let from):
            guard let extent = lock.withLock({ discExtent }) else {
                throw BurnError.imageUnreadable(path: "the source disc", reason: "plan() was not run")
            }
            return DiscSource(session: DriveSession(transport: from.transport), startLBA: extent.startLBA,
                              blocks: extent.blocks)
        }
    }

    /// Runs a plan made by `plan()`. The stream ends after the `.result` event.
    public func run(_ plan: BurnPlan) -> AsyncStream<BurnEvent> {
        AsyncStream { continuation in
            let thread = Thread { [self] in
                do {
                    if let layout = plan.cueLayout {
                        runCue(plan, layout: layout, continuation: continuation)
                        continuation.finish()
                        return
                    }
                    let source = try makeSource()
                    let session = DriveSession(transport: drive.transport, sleep: sleep)
                    let engine = BurnEngine(plan: plan, options: options, session: session, source: source) {
                        continuation.yield($0)
                    }
                    let alreadyCancelled = lock.withLock { () -> Bool in
                        self.engine = engine
                        return cancelled
                    }
                    if alreadyCancelled { engine.cancel() }
                    let result = engine.run()
                    if options.eject, result.succeeded { _ = try? session.send(StartStopUnit(action: .eject), policy: .none) }
                } catch {
                    continuation.yield(.result(BurnResult(
                        succeeded: false, error: "\(error)", plan: plan, bytesWritten: 0, elapsedSeconds: 0,
                        averageKilobytesPerSecond: 0, underruns: 0, minimumFifoPercent: nil,
                        minimumDriveBufferPercent: nil, verify: .skipped("the burn did not start"),
                        mediumState: "nothing was written; the disc is unchanged", interrupted: false)))
                }
                continuation.finish()
            }
            thread.name = "discburn-writer"
            thread.start()
        }
    }

    /// A bin/cue: its own engine (2352-byte sectors along a cue sheet); cancel() reaches it through `cueEngine`.
    private func runCue(_ plan: BurnPlan, layout: CueDiscLayout, continuation: AsyncStream<BurnEvent>.Continuation) {
        let session = DriveSession(transport: drive.transport, sleep: sleep)
        let engine = CueBurnEngine(plan: plan, layout: layout, options: options, session: session) {
            continuation.yield($0)
        }
        let alreadyCancelled = lock.withLock { () -> Bool in
            cueEngine = engine
            return cancelled
        }
        if alreadyCancelled { engine.cancel() }
        let result = engine.run()
        if options.eject, result.succeeded { _ = try? session.send(StartStopUnit(action: .eject), policy: .none) }
    }

    func attachEngine(_ engine: BurnEngine) {
        let alreadyCancelled = lock.withLock { () -> Bool in
            self.engine = engine
            return cancelled
        }
        if alreadyCancelled { engine.cancel() }
    }

    /// Stops the burn (see the type's documentation for what it leaves on the medium).
    public func cancel() {
        let (engine, cueEngine) = lock.withLock { () -> (BurnEngine?, CueBurnEngine?) in
            cancelled = true
            return (self.engine, self.cueEngine)
        }
        engine?.cancel()
        cueEngine?.cancel()
    }
}
