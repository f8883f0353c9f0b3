/// The commands the virtual drive implements; any other opcode is answered 5/20/00.
enum DriveCommand: UInt8, Sendable, CustomStringConvertible {
    case testUnitReady = 0x00
    case requestSense = 0x03
    case formatUnit = 0x04
    case inquiry = 0x12
    case startStopUnit = 0x1B
    case preventAllowMediumRemoval = 0x1E
    case readFormatCapacities = 0x23
    case readCapacity = 0x25
    case read10 = 0x28
    case write10 = 0x2A
    case synchronizeCache = 0x35
    case readTOC = 0x43
    case getConfiguration = 0x46
    case getEventStatusNotification = 0x4A
    case readDiscInformation = 0x51
    case readTrackInformation = 0x52
    case reserveTrack = 0x53
    case modeSelect10 = 0x55
    case modeSense10 = 0x5A
    case closeTrackSession = 0x5B
    case readBufferCapacity = 0x5C
    case sendCueSheet = 0x5D
    case blank = 0xA1
    case read12 = 0xA8
    case write12 = 0xAA
    case getPerformance = 0xAC
    case readDiscStructure = 0xAD
    case setStreaming = 0xB6
    case setCDSpeed = 0xBB
    case readCD = 0xBE
    case sendDiscStructure = 0xBF

    /// Commands processed without reporting a pending UNIT ATTENTION: INQUIRY and REQUEST SENSE (SPC-4: INQUIRY
    /// never reports it, REQUEST SENSE returns it as its data), and — a decision of this drive — GET
    /// CONFIGURATION and GET EVENT STATUS NOTIFICATION, the commands a host polls to learn about the medium, so
    /// that polling does not swallow the attention meant for the command that follows.
    var ignoresUnitAttention: Bool {
        [.inquiry, .requestSense, .getConfiguration, .getEventStatusNotification].contains(self)
    }

    /// Medium-access commands: NOT READY without a disc, while becoming ready, or during a long operation.
    var needsMedium: Bool {
        switch self {
        case .inquiry, .requestSense, .getConfiguration, .getEventStatusNotification, .startStopUnit,
             .preventAllowMediumRemoval, .modeSense10, .modeSelect10, .readBufferCapacity, .setCDSpeed,
             .setStreaming:
            return false
        default:
            return true
        }
    }

    var description: String {
        switch self {
        case .testUnitReady: return "TEST UNIT READY"
        case .requestSense: return "REQUEST SENSE"
        case .formatUnit: return "FORMAT UNIT"
        case .inquiry: return "INQUIRY"
        case .startStopUnit: return "START STOP UNIT"
        case .preventAllowMediumRemoval: return "PREVENT ALLOW MEDIUM REMOVAL"
        case .readFormatCapacities: return "READ FORMAT CAPACITIES"
        case .readCapacity: return "READ CAPACITY"
        case .read10: return "READ(10)"
        case .write10: return "WRITE(10)"
        case .synchronizeCache: return "SYNCHRONIZE CACHE"
        case .readTOC: return "READ TOC/PMA/ATIP"
        case .getConfiguration: return "GET CONFIGURATION"
        case .getEventStatusNotification: return "GET EVENT STATUS NOTIFICATION"
        case .readDiscInformation: return "READ DISC INFORMATION"
        case .readTrackInformation: return "READ TRACK INFORMATION"
        case .reserveTrack: return "RESERVE TRACK"
        case .modeSelect10: return "MODE SELECT(10)"
        case .modeSense10: return "MODE SENSE(10)"
        case .closeTrackSession: return "CLOSE TRACK/SESSION"
        case .readBufferCapacity: return "READ BUFFER CAPACITY"
        case .sendCueSheet: return "SEND CUE SHEET"
        case .blank: return "BLANK"
        case .read12: return "READ(12)"
        case .write12: return "WRITE(12)"
        case .getPerformance: return "GET PERFORMANCE"
        case .readDiscStructure: return "READ DISC STRUCTURE"
        case .setStreaming: return "SET STREAMING"
        case .setCDSpeed: return "SET CD SPEED"
        case .readCD: return "READ CD"
        case .sendDiscStructure: return "SEND DISC STRUCTURE"
        }
    }
}
