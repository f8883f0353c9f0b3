import SCSI

/// Event classes of GET EVENT STATUS NOTIFICATION: the Notification Class Request (CDB byte 4) and Supported
/// Event Classes (response byte 3) bit masks. MMC-6 §6.7.
public struct NotificationClasses: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let operationalChange = NotificationClasses(rawValue: 1 << 1)
    public static let powerManagement = NotificationClasses(rawValue: 1 << 2)
    public static let externalRequest = NotificationClasses(rawValue: 1 << 3)
    public static let media = NotificationClasses(rawValue: 1 << 4)
    public static let multiHost = NotificationClasses(rawValue: 1 << 5)
    public static let deviceBusy = NotificationClasses(rawValue: 1 << 6)
}

/// GET EVENT STATUS NOTIFICATION, opcode 4Ah, polled (IMMED = 1; asynchronous notification is not used).
/// MMC-6 §6.7.
///
/// CDB (10 bytes): byte 1 bit 0 = Polled; byte 4 = Notification Class Request; bytes 7-8 = allocation length;
/// byte 9 = control. Response: 4-byte header (bytes 0-1 = event data length, the bytes that follow the field;
/// byte 2 = NEA bit 7, Notification Class bits 2-0; byte 3 = Supported Event Classes), then the event
/// descriptor of the class reported. Media descriptor (4 bytes): byte 0 bits 3-0 = Media Event Code; byte 1 =
/// Media Present bit 1, Door or Tray Open bit 0; byte 2 = start slot; byte 3 = end slot.
public struct GetEventStatusNotification: MMCCommand {
    public static let name = "GET EVENT STATUS NOTIFICATION"

    public let classes: NotificationClasses
    public let allocationLength: UInt16

    public init(classes: NotificationClasses, allocationLength: UInt16 = 8) {
        precondition(classes.rawValue & 0x81 == 0, "bits 0 and 7 of the class request are reserved")
        self.classes = classes
        self.allocationLength = allocationLength
    }

    public var cdb: CDB {
        var w = ByteWriter(CDB(opcode: 0x4A, length: 10).bytes)
        w.set(1, 0x01)
        w.set(4, classes.rawValue)
        w.setUInt16(7, allocationLength)
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    /// Needs the 4-byte header. The event descriptor is read only from bytes within min(announced, received);
    /// a media descriptor not received whole leaves `media` nil and sets `truncated`.
    public func parse(_ data: [UInt8]) throws(MMCParseError) -> EventStatus {
        try MMCParseError.wrap(Self.name) {
            let whole = ByteReader(data)
            guard data.count >= 4 else {
                throw MMCParseError(Self.name, "event header needs 4 bytes, got \(data.count)")
            }
            let dataLength = try whole.uint16(at: 0)
            let announced = Int(dataLength) + 2
            let r = whole.clamped(at: 0, length: announced)
            let noEvent = try r.bit(at: 2, 7)
            let classCode = try r.bits(at: 2, lowBit: 0, width: 3)
            let eventData = r.clamped(at: 4, length: r.count - 4).bytes
            var media: MediaEvent?
            if !noEvent, classCode == 4, eventData.count >= 4 {
                let e = ByteReader(eventData)
                media = MediaEvent(
                    event: MediaEventCode(rawValue: try e.bits(at: 0, lowBit: 0, width: 4)),
                    doorOrTrayOpen: try e.bit(at: 1, 0), mediaPresent: try e.bit(at: 1, 1),
                    startSlot: try e.uint8(at: 2), endSlot: try e.uint8(at: 3))
            }
            return EventStatus(
                eventDataLength: dataLength, noEventAvailable: noEvent, notificationClassCode: classCode,
                supportedClasses: NotificationClasses(rawValue: try r.uint8(at: 3)), eventData: eventData,
                media: media, truncated: announced > data.count)
        }
    }
}

/// Media Event Code (media descriptor byte 0 bits 3-0). MMC-6 §6.7 (Media Status events). An open set.
public struct MediaEventCode: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let noChange = MediaEventCode(rawValue: 0)
    public static let ejectRequest = MediaEventCode(rawValue: 1)
    public static let newMedia = MediaEventCode(rawValue: 2)
    public static let mediaRemoval = MediaEventCode(rawValue: 3)
    public static let mediaChanged = MediaEventCode(rawValue: 4)
    public static let bgFormatCompleted = MediaEventCode(rawValue: 5)
    public static let bgFormatRestarted = MediaEventCode(rawValue: 6)
}

/// A media class event descriptor. MMC-6 §6.7.
public struct MediaEvent: Sendable, Hashable {
    public let event: MediaEventCode
    public let doorOrTrayOpen: Bool
    public let mediaPresent: Bool
    public let startSlot: UInt8
    public let endSlot: UInt8

    public init(event: MediaEventCode, doorOrTrayOpen: Bool, mediaPresent: Bool, startSlot: UInt8 = 0,
                endSlot: UInt8 = 0) {
        self.event = event
        self.doorOrTrayOpen = doorOrTrayOpen
        self.mediaPresent = mediaPresent
        self.startSlot = startSlot
        self.endSlot = endSlot
    }
}

/// What GET EVENT STATUS NOTIFICATION returned. MMC-6 §6.7.
public struct EventStatus: Sendable, Hashable {
    /// Bytes 0-1 as announced.
    public let eventDataLength: UInt16
    /// NEA: none of the requested classes had an event (or is supported).
    public let noEventAvailable: Bool
    /// Notification Class field (byte 2 bits 2-0): 1 operational change … 4 media … 6 device busy.
    public let notificationClassCode: UInt8
    public let supportedClasses: NotificationClasses
    /// The event descriptor bytes received after the header (within the announced length).
    public let eventData: [UInt8]
    /// The media descriptor, when the reported class is media and it came whole.
    public let media: MediaEvent?
    public let truncated: Bool

    public init(eventDataLength: UInt16, noEventAvailable: Bool, notificationClassCode: UInt8,
                supportedClasses: NotificationClasses, eventData: [UInt8], media: MediaEvent?, truncated: Bool) {
        self.eventDataLength = eventDataLength
        self.noEventAvailable = noEventAvailable
        self.notificationClassCode = notificationClassCode
        self.supportedClasses = supportedClasses
        self.eventData = eventData
        self.media = media
        self.truncated = truncated
    }

    /// The reported class as a one-member set (empty for class 0, "no requested class supported").
    public var notificationClass: NotificationClasses {
        notificationClassCode == 0 ? [] : NotificationClasses(rawValue: 1 << notificationClassCode)
    }
}
