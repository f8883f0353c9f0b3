import SCSI

/// The drive's write buffer, drained onto the medium at the simulated write speed.
///
/// Unthrottled (no `speed=` option) it is always empty. Throttled, a WRITE that does not fit waits (the command
/// takes longer, as on real drives that do not answer 2/04/08) until enough has drained; SYNCHRONIZE CACHE waits
/// until it is empty. READ BUFFER CAPACITY reports the live fill level.
struct DriveBuffer: Sendable {
    var capacityBytes = 2 << 20
    /// Drain rate; nil = unthrottled.
    var bytesPerSecond: Double?
    private(set) var fillBytes: Double = 0
    private var lastDrain = ContinuousClock.now

    var freeBytes: Int { max(0, capacityBytes - Int(fillBytes.rounded(.up))) }

    mutating func drain() {
        let now = ContinuousClock.now
        defer { lastDrain = now }
        guard let rate = bytesPerSecond else { fillBytes = 0; return }
        let elapsed = now - lastDrain
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        fillBytes = max(0, fillBytes - seconds * rate)
    }

    /// Takes `bytes` into the buffer, waiting for room when throttled.
    mutating func accept(_ bytes: Int) {
        drain()
        guard let rate = bytesPerSecond else { return }
        let room = Double(capacityBytes) - fillBytes
        let needed = min(Double(bytes), Double(capacityBytes))
        if needed > room { sleep(seconds: (needed - room) / rate) }
        drain()
        fillBytes = min(Double(capacityBytes), fillBytes + Double(bytes))
        if Double(bytes) > Double(capacityBytes) { sleep(seconds: (Double(bytes) - Double(capacityBytes)) / rate) }
    }

    /// Waits until everything buffered is on the medium.
    mutating func waitUntilEmpty() {
        drain()
        if let rate = bytesPerSecond, fillBytes > 0 { sleep(seconds: fillBytes / rate) }
        fillBytes = 0
        lastDrain = .now
    }

    private func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        SCSIClock.sleep(.nanoseconds(Int64(seconds * 1e9)))
    }
}

extension DriveCore {
    /// Buffer size and drain rate for the loaded medium and the selected speed.
    func configureBuffer() {
        let kind = loaded?.state.media ?? .cdR
        buffer.capacityBytes = (kind == .none ? VirtualMediaKind.cdR : kind).bufferBytes
        guard let maximum = maximumWriteMultiplier, kind.isPresent else {
            buffer.bytesPerSecond = nil
            return
        }
        let multiplier = min(maximum, selectedWriteMultiplier ?? maximum)
        buffer.bytesPerSecond = multiplier * SpeedTable.kilobytesPerSecondAt1x(kind.family) * 1000
    }
}
