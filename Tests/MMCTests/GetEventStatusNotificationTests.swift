import XCTest
import MMC
import SCSI

final class GetEventStatusNotificationTests: XCTestCase {
    func testCDB() {
        XCTAssertEqual(GetEventStatusNotification(classes: .media).cdb.bytes, [
            0x4A,        // GET EVENT STATUS NOTIFICATION
            0x01,        // Polled
            0x00, 0x00,
            0x10,        // class request: media
            0x00, 0x00,
            0x00, 0x08,  // allocation length 8
            0x00,
        ])
        let all: NotificationClasses = [.operationalChange, .powerManagement, .externalRequest, .media, .multiHost,
                                        .deviceBusy]
        let cmd = GetEventStatusNotification(classes: all, allocationLength: 0x0100)
        XCTAssertEqual(cmd.cdb.bytes[4], 0x7E)
        XCTAssertEqual(Array(cmd.cdb.bytes[7...8]), [0x01, 0x00])
        XCTAssertEqual(cmd.transfer, .fromDevice(allocationLength: 256))
    }

    /// Media class event: new media, present, tray closed.
    static let newMedia: [UInt8] = [
        0x00, 0x06,              // event data length 6 (2 header bytes + 4 descriptor bytes)
        0x04,                    // NEA 0, notification class 100b (media)
        0x5E,                    // supported: operational change, power, external request, media, device busy
        0x02,                    // media event code 2: new media
        0x02,                    // media present, door/tray closed
        0x00, 0x00,              // start slot, end slot
    ]

    func testNewMediaPresent() throws {
        let status = try GetEventStatusNotification(classes: .media).parse(Self.newMedia)
        XCTAssertEqual(status.eventDataLength, 6)
        XCTAssertFalse(status.noEventAvailable)
        XCTAssertEqual(status.notificationClassCode, 4)
        XCTAssertEqual(status.notificationClass, .media)
        XCTAssertEqual(status.supportedClasses, [.operationalChange, .powerManagement, .externalRequest, .media,
                                                 .deviceBusy])
        XCTAssertEqual(status.media, MediaEvent(event: .newMedia, doorOrTrayOpen: false, mediaPresent: true))
        XCTAssertEqual(status.eventData, [0x02, 0x02, 0x00, 0x00])
        XCTAssertFalse(status.truncated)
    }

    func testTrayOpenAndNoEvent() throws {
        var open = Self.newMedia
        open[4] = 0x03  // media removal
        open[5] = 0x01  // tray open, no media
        let status = try GetEventStatusNotification(classes: .media).parse(open)
        XCTAssertEqual(status.media?.event, .mediaRemoval)
        XCTAssertEqual(status.media?.doorOrTrayOpen, true)
        XCTAssertEqual(status.media?.mediaPresent, false)

        let nea = try GetEventStatusNotification(classes: .media).parse([0x00, 0x02, 0x80, 0x5E])
        XCTAssertTrue(nea.noEventAvailable)
        XCTAssertEqual(nea.notificationClass, [])
        XCTAssertNil(nea.media)
        XCTAssertEqual(nea.eventData, [])
    }

    func testOtherClassHasNoMediaDescriptor() throws {
        let busy = try GetEventStatusNotification(classes: .deviceBusy)
            .parse([0x00, 0x06, 0x06, 0x5E, 0x01, 0x01, 0x00, 0x10])
        XCTAssertEqual(busy.notificationClass, .deviceBusy)
        XCTAssertNil(busy.media)
        XCTAssertEqual(busy.eventData, [0x01, 0x01, 0x00, 0x10])
    }

    func testTruncatedAndHostile() throws {
        let cut = try GetEventStatusNotification(classes: .media).parse(Array(Self.newMedia.prefix(6)))
        XCTAssertNil(cut.media)
        XCTAssertTrue(cut.truncated)
        var big = Self.newMedia
        big[0] = 0xFF
        let clipped = try GetEventStatusNotification(classes: .media).parse(big)
        XCTAssertEqual(clipped.media?.event, .newMedia)
        XCTAssertTrue(clipped.truncated)
        var small = Self.newMedia
        small[1] = 0x03  // announces 1 descriptor byte
        XCTAssertNil(try GetEventStatusNotification(classes: .media).parse(small).media)
        MMCBTest.assertThrows(MMCBTest.tinyVectors) { try GetEventStatusNotification(classes: .media).parse($0) }
    }

    func testGarbageNeverCrashes() {
        MMCBTest.feedHostileInputs { bytes in
            _ = (try? GetEventStatusNotification(classes: .media).parse(bytes))?.notificationClass
        }
    }
}
