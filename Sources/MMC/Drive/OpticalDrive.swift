import SCSI

/// Why OpticalDrive refused or could not finish.
public enum OpticalDriveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// INQUIRY says this is not an MMC (CD/DVD/BD) device: nothing above may ever write to it.
    case notMMC(device: String, type: UInt8, vendor: String, product: String)
    /// The drive stayed "becoming ready" past the wait.
    case neverReady(device: String, waited: Duration)

    public var description: String {
        switch self {
        case .notMMC(let d, let t, let v, let p):
            let kind = PeripheralDeviceType(rawValue: t)
            return "\(d) is not a CD/DVD/BD drive (INQUIRY peripheral type \(t): \(kind), \(v) \(p)); "
                + "DiscBurn only talks to MMC devices (type 5): pick an optical drive (see `discburn drives`)"
        case .neverReady(let d, let w):
            return "\(d) did not become ready within \(w); wait for the tray to settle and try again"
        }
    }
}

/// One optical drive behind any SCSITransport. The actor serialises commands to the device.
public actor OpticalDrive {
    public nonisolated let transport: SCSITransport
    /// Time spent waiting out "becoming ready" and unit attentions before giving up.
    public var readyTimeout: Duration
    private var identity: InquiryData?
    private let sleep: @Sendable (Duration) -> Void

    public init(transport: SCSITransport, readyTimeout: Duration = .seconds(60),
                sleep: @escaping @Sendable (Duration) -> Void = { SCSIClock.sleep($0) }) {
        self.transport = transport
        self.readyTimeout = readyTimeout
        self.sleep = sleep
    }

    public nonisolated var deviceName: String { transport.deviceName }

    /// Sends a command through the sense-table retry policy.
    public func send<C: MMCCommand>(_ command: C, policy: RetryPolicy = .standard) throws -> C.Response {
        let result = try transport.run(command.request, name: C.name, policy: policy, sleep: sleep)
        return try command.parse(result.dataIn)
    }

    /// INQUIRY, checked to be an MMC device (peripheral type 5). Every other call goes through this first.
    @discardableResult
    public func identify() throws -> InquiryData {
        if let identity { return identity }
        let data = try send(Inquiry())
        guard data.peripheralDeviceType == .mmc else {
            throw OpticalDriveError.notMMC(device: deviceName, type: data.peripheralDeviceType.rawValue,
                                           vendor: data.vendor, product: data.product)
        }
        identity = data
        return data
    }

    /// Waits out unit attentions (6/28, 6/29) and "becoming ready" (2/04/01) with TEST UNIT READY.
    /// Returns true when a medium is present, false when the drive says there is none.
    public func waitUntilReady() throws -> Bool {
        try identify()
        let clock = ContinuousClock()
        let start = clock.now
        while true {
            do {
                try send(TestUnitReady(), policy: .none)
                return true
            } catch let error as SCSIError {
                guard let sense = error.sense else { throw error }
                switch (sense.key, sense.asc) {
                case (.notReady, 0x3A): return false
                case (.unitAttention, _): continue
                case (.notReady, 0x04) where sense.ascq != 0x02:
                    guard clock.now - start < readyTimeout else {
                        throw OpticalDriveError.neverReady(device: deviceName, waited: readyTimeout)
                    }
                    sleep(.milliseconds(500))
                default: throw error
                }
            }
        }
    }

    /// Drive capabilities and the loaded medium, read without changing anything on the drive.
    public func probe() throws -> ProbeResult {
        let inquiry = try identify()
        var notes = ProbeNotes()
        let present = try waitUntilReady()
        let configuration = try send(GetConfiguration(requestType: .all))
        let capabilities: CapabilitiesPage? = notes.optional("MODE SENSE page 2Ah") {
            let list = try send(ModeSense10(page: .capabilities), policy: .none)
            return try list.pages.first { $0.code == .capabilities }.map { try CapabilitiesPage($0) }
        }
        let serial: String? = notes.optional("drive serial number") {
            if let feature = try configuration.feature(DriveSerialNumber.self), !feature.serialNumber.isEmpty {
                return feature.serialNumber
            }
            let vpd = try send(InquiryUnitSerialNumber(), policy: .none)
            return vpd.isEmpty ? nil : vpd
        } ?? nil
        var drive = DriveInfoBuilder.build(inquiry: inquiry, configuration: configuration,
                                           capabilities: capabilities, serialNumber: serial)
        guard present, configuration.currentProfile != .none else {
            return ProbeResult(drive: drive, media: .absent, notes: notes.messages)
        }
        let (media, buffer) = try probeMedium(profile: configuration.currentProfile, notes: &notes)
        if drive.bufferSizeBytes == nil, let buffer { if let length = buffer.lengthBytes { drive.bufferSizeBytes = Int(length) } }
        return ProbeResult(drive: drive, media: media, notes: notes.messages)
    }
}

/// What `probe()` found.
public struct ProbeResult: Sendable, Hashable {
    public var drive: DriveInfo
    public var media: MediaInfo
    /// Optional queries the drive refused or answered badly: shown with --verbose, kept in JSON.
    public var notes: [String]
}

/// Collects the failures of optional queries instead of failing the whole probe.
struct ProbeNotes {
    var messages: [String] = []

    /// Runs `body`; any failure (the drive refusing the query, a malformed answer) becomes a note and nil.
    mutating func optional<T>(_ what: String, _ body: () throws -> T?) -> T? {
        do {
            return try body()
        } catch {
            messages.append("\(what): \(error)")
            return nil
        }
    }
}
