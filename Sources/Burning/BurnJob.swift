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
        /// Standard input (`burn -`), `sizeBytes` from --size; nil: until it ends (overwritable media only).
        case standardInput(sizeBytes: UInt64?)
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
        if case .image(let path) = source, CuePlanner.isCue(path) {
            let layout = try CuePlanner.layout(cuePath: path)
            let probe = try await drive.probe()
            return try await CuePlanner.plan(drive: drive, probe: probe, layout: layout, options: options)
        }
        switch source {
        case .image(let path):
            return try await planImage(try ImageSource(path: path))
        case .standardInput(let size):
            return try await planStream(sizeBytes: size)
        case .disc(let from):
            let extent = try await RipPlanner.extent(drive: from, session: nil)
            lock.withLock { discExtent = extent }
            let probe = try await drive.probe()
            return try await BurnPlanner.plan(drive: drive, probe: probe, imageBlocks: extent.blocks, options: options)
        }
    }

    /// The medium first (an open session, a closed disc: the fix is there), then the image, checked for the
    /// address it will land at (the plan's start: the NWA; 0 on overwritable media).
    private func planImage(_ file: ImageSource) async throws -> BurnPlan {
        let probe = try await drive.probe()
        var plan = try await BurnPlanner.plan(drive: drive, probe: probe, imageBlocks: file.blocks, options: options)
        let checked = try ImageCheck.check(file, startLBA: plan.startLBA, options: options, device: drive.deviceName)
        plan.notes.insert(contentsOf: checked.notes, at: 0)
        plan.imageBoundToStartLBA = !checked.isData
        return plan
    }

    /// `burn -`: a known size on any medium; until the input ends only on overwritable media, where input
    /// longer than the disc fails on a disc that can be written again. On write-once media the length must be
    /// known before the first WRITE: SAO and DVD-R DAO announce it (cue sheet, reservation), and elsewhere input
    /// longer than the free space would show only after writing, spoiling the disc.
    private func planStream(sizeBytes: UInt64?) async throws -> BurnPlan {
        let probe = try await drive.probe()
        if let sizeBytes {
            guard sizeBytes > 0 else { throw BurnError.imageInvalid(path: "standard input", problems: ["--size is 0"]) }
            var plan = try await BurnPlanner.plan(drive: drive, probe: probe, imageBlocks: (sizeBytes + 2047) / 2048,
                                                  options: options)
            plan.notes.insert("standard input: \(sizeBytes) bytes (--size), burned as data; input that ends "
                              + "earlier fails the burn", at: 0)
            return plan
        }
        let media = probe.media
        guard !media.present || media.profile == .none || media.profile.isOverwritable else {
            throw BurnError.streamSizeNeeded(device: drive.deviceName, profile: media.profile)
        }
        var plan = try await BurnPlanner.plan(drive: drive, probe: probe, imageBlocks: 1, options: options)
        let packet = UInt64(plan.profile.family == .bd ? 32 : (plan.profile.family == .cd ? 1 : 16))
        plan.imageBlocks = plan.freeBlocks / packet * packet
        plan.writeBlocks = plan.imageBlocks
        plan.notes.insert("standard input: written until it ends (at most \(plan.imageBlocks) blocks, the free "
                          + "space), burned as data", at: 0)
        return plan
    }

    func makeSource() throws -> BlockSource {
        switch source {
        case .standardInput(let size):
            return try StreamSource(declaredBytes: size, keep: options.verify)
        case .image(let path):
            let file = try ImageSource(path: path)
            file.stall = options.readerStall
            file.hashesReads = options.verify
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
