import Foundation

/// The one progress model of every long phase of every command (burn, verify, rip, copy, scan, blank, format,
/// close): JSON emits it as a `progress` event, text renders it as one line.
struct ProgressEvent: Encodable {
    var phase: String
    var percent: Double
    var bytesDone: UInt64
    var totalBytes: UInt64
    var kilobytesPerSecond: Int?
    /// The speed as a multiple of the medium's 1× ("8.0x").
    var speed: String?
    var etaSeconds: Int?
    var fifoPercent: Double?
    var driveBufferPercent: Double?
    var underruns: Int?
    var badBlocks: UInt64?

    init(phase: String, done: UInt64, total: UInt64, kilobytesPerSecond: Double? = nil, speed: String? = nil,
         etaSeconds: Double? = nil) {
        self.phase = phase
        bytesDone = done
        totalBytes = total
        percent = total == 0 ? 0 : (Double(min(done, total)) / Double(total) * 1000).rounded() / 10
        self.kilobytesPerSecond = kilobytesPerSecond.flatMap { $0.isFinite ? Int($0.rounded()) : nil }
        self.speed = speed
        self.etaSeconds = etaSeconds.flatMap { $0.isFinite && $0 >= 0 ? Int($0.rounded()) : nil }
    }

    /// A phase whose own progress (0...1) is all that is known (closing, formatting, blanking).
    init(phase: String, fraction: Double?) {
        self.init(phase: phase, done: UInt64(((fraction ?? 0) * 1000).rounded().clamped(0, 1000)), total: 1000)
        bytesDone = 0
        totalBytes = 0
    }

    /// The line a person sees, without a line end.
    var text: String {
        var line = "\(phase): " + String(format: "%5.1f%%", percent)
        if totalBytes > 0 { line += " \(Self.megabytes(bytesDone))/\(Self.megabytes(totalBytes)) MB" }
        if let speed, let kilobytesPerSecond { line += " \(speed) (\(kilobytesPerSecond) kB/s)" }
        if let etaSeconds { line += " ETA \(Self.clock(etaSeconds))" }
        if let fifoPercent { line += " fifo \(Int(fifoPercent))%" }
        if let driveBufferPercent { line += " buf \(Int(driveBufferPercent))%" }
        if let badBlocks, badBlocks > 0 { line += " bad \(badBlocks)" }
        return line
    }

    static func megabytes(_ bytes: UInt64) -> String { String(format: "%.1f", Double(bytes) / 1_000_000) }

    /// Seconds as h:mm:ss.
    static func clock(_ seconds: Int) -> String {
        let s = max(0, seconds)
        return String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }
}

extension Double {
    func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(high, Swift.max(low, self)) }
}

/// Shows progress: a JSON `progress` event (at most one a second), or on a terminal one redrawn line (at most 4 a second), or on
/// anything else one plain line every 5 seconds and at each new phase; nothing with `--quiet`.
final class ProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private let isTerminal: Bool
    private let textInterval: Duration
    private let clock = ContinuousClock()
    private var last: ContinuousClock.Instant?
    private var lastPhase: String?
    private var lineOpen = false
    /// The newest event not shown yet (a plain-line log shows it at the end, so it ends at 100 %).
    private var pending: ProgressEvent?
    private let prefix: String
    let drive: String?

    /// `drive`: named in JSON events and as a text prefix when several drives run at once.
    init(drive: String? = nil, prefixText: Bool = false, isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.drive = drive
        self.isTerminal = isTerminal
        textInterval = isTerminal ? .milliseconds(250) : .seconds(5)
        prefix = prefixText && drive != nil ? "[\(drive!)] " : ""
    }

    func show(_ event: ProgressEvent, force: Bool = false) {
        if EventOutput.json {
            if due(event, force: force) { EventOutput.emit("progress", event, drive: drive) }
            return
        }
        guard !EventOutput.quiet else { return }
        guard due(event, force: force) else {
            lock.withLock { pending = event }
            return
        }
        lock.withLock {
            // A plain-line log shows where the previous phase ended before the next one starts.
            if !isTerminal, let pending, pending.phase != event.phase {
                FileHandle.standardError.write(Data("\(prefix)\(pending.text)\n".utf8))
            }
            pending = nil
            if isTerminal {
                FileHandle.standardError.write(Data("\r\u{1B}[K\(prefix)\(event.text)".utf8))
                lineOpen = true
            } else {
                FileHandle.standardError.write(Data("\(prefix)\(event.text)\n".utf8))
            }
        }
    }

    /// Ends a redrawn line so the next output starts on its own line.
    func end() {
        lock.withLock {
            if let pending, !EventOutput.json, !EventOutput.quiet {
                FileHandle.standardError.write(Data(((isTerminal ? "\r\u{1B}[K" : "") + prefix + pending.text
                    + (isTerminal ? "" : "\n")).utf8))
            }
            pending = nil
            if lineOpen { FileHandle.standardError.write(Data("\n".utf8)) }
            lineOpen = false
        }
    }

    private func due(_ event: ProgressEvent, force: Bool) -> Bool {
        lock.withLock {
            let now = clock.now
            let newPhase = event.phase != lastPhase
            let interval = EventOutput.json ? Duration.seconds(1) : textInterval
            guard force || newPhase || last.map({ now - $0 >= interval }) ?? true else { return false }
            last = now
            lastPhase = event.phase
            return true
        }
    }
}
