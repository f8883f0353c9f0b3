import SCSI

/// The drive's write buffer, recorded onto the medium at the simulated write speed (MMC-6 §6.20 READ BUFFER
/// CAPACITY reports its fill).
///
/// Unthrottled (no `speed=` option) it is always empty and never runs dry. Throttled, the timing follows a real
/// recorder:
/// - Recording starts once the buffer holds `startThresholdBytes` (half of it), once data has waited in it for
///   `startDelay`, or at SYNCHRONIZE CACHE; until then nothing drains.
/// - While recording, the buffer drains at `bytesPerSecond`. A WRITE that does not fit waits until enough has
///   drained: the command simply takes longer, as on drives that block instead of answering 2/04/08 LONG WRITE IN
///   PROGRESS (this drive never answers 2/04/08).
/// - If the drain catches up with the data before more arrives (the host was late), the buffer "ran dry": a
///   buffer underrun. Recording stops there; `ranDry` stays set until the next WRITE consumes it (and decides,
///   from BUFE and the medium, between a lossless link and loss of streaming) or SYNCHRONIZE CACHE clears it.
struct DriveBuffer {
    let clock: any VirtualDriveClock
    var capacityBytes = 2 << 20
    /// Drain rate; nil = unthrottled.
    var bytesPerSecond: Double?
    /// Data that has waited this long starts the recording even below the threshold.
    var startDelay: Duration = .milliseconds(500)
    private(set) var fillBytes: Double = 0
    private(set) var isRecording = false
    /// The buffer ran empty while recording, before the host sent more data.
    var ranDry = false
    private var lastDrain: Duration
    /// When the first byte entered an idle (not recording) buffer.
    private var firstFill: Duration?

    init(clock: any VirtualDriveClock) {
        self.clock = clock
        lastDrain = clock.now
    }

    var freeBytes: Int { max(0, capacityBytes - Int(fillBytes.rounded(.up))) }
    var startThresholdBytes: Double { Double(capacityBytes) / 2 }

    /// Brings the fill level up to `clock.now`.
    mutating func drain() {
        let now = clock.now
        defer { lastDrain = now }
        guard let rate = bytesPerSecond else { fillBytes = 0; return }
        var from = lastDrain
        if !isRecording {
            guard let first = firstFill, now - first >= startDelay else { return }
            isRecording = true
            from = max(lastDrain, first + startDelay)
        }
        let drained = (now - from).inSeconds * rate
        if drained > fillBytes {
            fillBytes = 0
            isRecording = false
            firstFill = nil
            ranDry = true
        } else {
            fillBytes -= drained
        }
    }

    /// Takes `bytes` into the buffer, waiting for room when throttled.
    mutating func accept(_ bytes: Int) {
        drain()
        guard let rate = bytesPerSecond else { return }
        let incoming = Double(bytes)
        if firstFill == nil, !isRecording { firstFill = clock.now }
        if fillBytes + incoming >= startThresholdBytes { isRecording = true }
        let overflow = fillBytes + incoming - Double(capacityBytes)
        guard overflow > 0 else {
            fillBytes += incoming
            return
        }
        // The data streams through a full buffer: no dry spell is possible while it waits.
        clock.sleep(.seconds(overflow / rate))
        lastDrain = clock.now
        fillBytes = Double(capacityBytes)
    }

    /// SYNCHRONIZE CACHE: records what is buffered and stops recording.
    mutating func waitUntilEmpty() {
        drain()
        if let rate = bytesPerSecond, fillBytes > 0 { clock.sleep(.seconds(fillBytes / rate)) }
        reset()
    }

    /// Forgets the buffered data and any dry spell (sync, close, blank, format, eject).
    mutating func reset() {
        fillBytes = 0
        isRecording = false
        firstFill = nil
        ranDry = false
        lastDrain = clock.now
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
