import Foundation
import MMC
import SCSI

/// The drive's mutable state and command processing; always used under `VirtualDrive`'s lock.
final class DriveCore {
    /// The disc in the tray (present even while the tray is open), nil for an empty tray.
    var medium: MediumStorage?
    var trayOpen = false
    var pendingUnitAttention: CheckCondition?
    var becomingReadyRemaining = 0
    var pendingMediaEvent: MediaEvent = .none
    /// The disc a user puts in after the next eject (`next=`), consumed when inserted.
    var nextDisc: VirtualDisc?
    /// Media-class GESN polls since an eject while `nextDisc` waits; nil when not counting (see `MediaChange.swift`).
    var pollsSinceEject: Int?
    var preventRemoval = false
    var persistentPrevent = false
    var faults: [VirtualFault] = []
    var operation: LongOperation?
    var buffer: DriveBuffer
    /// Page 05h while no medium is loaded (a loaded disc keeps its own copy in its state).
    var driveWriteParameters = WriteParametersPage(bytes: WriteParametersPage.defaultBytes)!
    /// The disc as a test write (page 05h Test Write) sees it: a copy that is never persisted and whose blocks
    /// are discarded. While it exists, every command sees it instead of the real disc (`loaded`).
    var simulation: MediumStorage?
    /// The session described by SEND CUE SHEET, being written session-at-once.
    var cueSheet: CueSheetLayout?
    var statistics = VirtualDriveStatistics()
    let clock: any VirtualDriveClock
    let commandLatency: Duration
    /// Write speed selected by SET CD SPEED / SET STREAMING, as a multiple of 1×; nil = highest.
    var selectedWriteMultiplier: Double?
    let maximumWriteMultiplier: Double?
    let serialNumber = "DB0000VIRTUAL1"
    var stateDirty = false
    var lastPersist = ContinuousClock.now
    /// Real-drive behaviours of this drive (`drive=`, `long-write=`, ...) and what they have done so far.
    let behaviours: DriveBehaviours
    /// Medium states this drive's commands produce (`intermediate=1`: FORMAT 15h leaves the disc intermediate;
    /// `fast-blanked=1`: BLANK 001b leaves 0021h not current).
    let mediumOptions: MediumStateOptions
    var behaviourProgress = BehaviourProgress()

    init(medium: MediumStorage?, spec: VirtualDriveSpec, clock: any VirtualDriveClock) {
        self.medium = medium
        self.clock = clock
        commandLatency = .milliseconds(spec.commandLatencyMilliseconds)
        maximumWriteMultiplier = spec.writeSpeedMultiplier
        buffer = DriveBuffer(clock: clock)
        nextDisc = spec.nextDisc
        faults = spec.faults
        behaviours = spec.behaviours
        mediumOptions = spec.mediumOptions
        if medium != nil {
            pendingMediaEvent = .newMedia
            if spec.unitAttentionOnLoad { pendingUnitAttention = .mediumMayHaveChanged }
            becomingReadyRemaining = spec.becomingReadyCommands
        }
        configureBuffer()
    }

    /// The disc when it can be accessed (tray closed).
    var loaded: MediumStorage? { trayOpen ? nil : simulation ?? medium }
    var media: VirtualMediaKind { loaded?.state.media ?? .none }

    func execute(_ request: SCSIRequest) throws -> SCSIResult {
        let cdb = request.cdb.bytes
        let dataOut: [UInt8]
        if case .toDevice(let bytes) = request.transfer { dataOut = bytes } else { dataOut = [] }
        let allowed = request.transfer.isDataIn ? max(0, request.transfer.expectedLength) : 0
        let context = CommandContext(cdb: cdb, dataOut: dataOut, dataInLimit: allowed)
        if commandLatency > .zero { clock.sleep(commandLatency) }
        do {
            let data = try dispatch(context)
            let sent = Array(data.prefix(allowed))
            return .good(sent, residual: allowed - sent.count)
        } catch let condition as CheckCondition {
            return SCSIResult(status: .checkCondition, sense: condition.sense.fixedBytes, residual: allowed)
        } catch {
            let name = DriveCommand(rawValue: context.opcode).map { "\($0)" } ?? "opcode \(context.opcode)"
            throw SCSIError.transport(command: name, message: "\(error)")
        }
    }

    /// Runs the checks every command goes through (CDB length, control byte, unit attention, readiness,
    /// injected faults), then the command's responder.
    private func dispatch(_ c: CommandContext) throws -> [UInt8] {
        guard let command = DriveCommand(rawValue: c.opcode) else { throw CheckCondition.invalidOpcode }
        guard c.cdb.count == CDBLength.expected(for: c.opcode) else { throw CheckCondition.invalidField(byte: 0) }
        try c.requireSupportedControl()
        if !command.ignoresUnitAttention, let ua = pendingUnitAttention {
            pendingUnitAttention = nil
            throw ua
        }
        if let fault = takeCommandFault(c.opcode) { throw fault }
        if command.needsMedium { try requireReady(command) }
        try applyBehavioursBefore(command, c)
        let pollsRunningOperation = command.needsMedium && operation != nil
        let response = try respond(command, c)
        if pollsRunningOperation { advanceOperation() }
        try applyBehavioursAfter(command)
        return response
    }

    /// NOT READY conditions for medium-access commands: no medium, becoming ready, a long operation running.
    private func requireReady(_ command: DriveCommand) throws(CheckCondition) {
        guard loaded != nil else { throw .mediumNotPresent(trayOpen: trayOpen) }
        if becomingReadyRemaining > 0 {
            becomingReadyRemaining -= 1
            throw .becomingReady
        }
        if let op = operation, let busy = op.notReadySense(for: command) {
            advanceOperation()
            throw busy
        }
    }

    private func respond(_ command: DriveCommand, _ c: CommandContext) throws -> [UInt8] {
        switch command {
        case .testUnitReady: try c.requireZero(bytes: 1...4); return []
        case .requestSense: return try requestSense(c)
        case .inquiry: return try inquiry(c)
        case .getConfiguration: return try getConfiguration(c)
        case .getEventStatusNotification: return try getEventStatusNotification(c)
        case .startStopUnit: return try startStopUnit(c)
        case .preventAllowMediumRemoval: return try preventAllowMediumRemoval(c)
        case .readDiscInformation: return try readDiscInformation(c)
        case .readTrackInformation: return try readTrackInformation(c)
        case .readCapacity: return try readCapacity(c)
        case .readFormatCapacities: return try readFormatCapacities(c)
        case .readTOC: return try readTOC(c)
        case .modeSense10: return try modeSense(c)
        case .modeSelect10: return try modeSelect(c)
        case .readBufferCapacity: return try readBufferCapacity(c)
        case .getPerformance: return try getPerformance(c)
        case .readDiscStructure: return try readDiscStructure(c)
        case .read10, .read12: return try read(c)
        case .readCD: return try readCD(c)
        case .write10, .write12: return try write(c)
        case .synchronizeCache: return try synchronizeCache(c)
        case .closeTrackSession: return try closeTrackSession(c)
        case .reserveTrack: return try reserveTrack(c)
        case .formatUnit: return try formatUnit(c)
        case .blank: return try blank(c)
        case .setCDSpeed: return try setCDSpeed(c)
        case .setStreaming: return try setStreaming(c)
        case .sendDiscStructure: return try sendDiscStructure(c)
        case .sendCueSheet: return try sendCueSheet(c)
        }
    }

    /// Truncates a response to the CDB's allocation length ("never more than asked").
    func allocate(_ data: [UInt8], _ allocationLength: Int) -> [UInt8] {
        Array(data.prefix(max(0, allocationLength)))
    }

    /// The loaded medium; only called from responders of medium-access commands (readiness already checked).
    func requireMedium() throws(CheckCondition) -> MediumStorage {
        guard let m = loaded else { throw .mediumNotPresent(trayOpen: trayOpen) }
        return m
    }

    // MARK: persistence

    /// Marks the state changed; writes it durably now when `immediately`, else (not durably) at most every half
    /// second — the periodic write during a burn lets another process see the progress without an fsync per WRITE.
    func stateChanged(immediately: Bool) {
        stateDirty = true
        if immediately {
            persistIfDirty()
        } else if ContinuousClock.now - lastPersist > .milliseconds(500) {
            try? persist(durable: false)
        }
    }

    func persistIfDirty() {
        guard stateDirty else { return }
        try? persist()
    }

    /// Writes the disc to its DIR. `durable` (SYNCHRONIZE CACHE, CLOSE, FORMAT, BLANK, eject, release): media.bin
    /// is fsynced first, then state.json is replaced atomically and fsynced with its directory, so a disc reported
    /// complete survives a crash of the process or the machine (issue 15).
    func persist(durable: Bool = true) throws {
        guard let medium else { return }
        if durable {
            try medium.sectors.flush()
            try medium.rawSectors.flush()
        }
        try medium.saveState(durable: durable)
        stateDirty = false
        lastPersist = .now
    }

    /// SYNCHRONIZE CACHE and CLOSE: what the drive reported written is on stable storage, or the command fails.
    func persistForCompletion() throws {
        stateDirty = true
        try persist(durable: true)
    }
}

extension DataTransfer {
    var isDataIn: Bool {
        if case .fromDevice = self { return true }
        return false
    }
}
