import XCTest
import SCSI
@testable import MMC

final class ReadTrackInformationTests: XCTestCase {
    /// The invisible track of a blank DVD+R (MMC-6 §6.27): 48 bytes.
    static let invisibleDVDPlusR: [UInt8] = [
        0x00, 0x2E,              // 0-1: data length 46
        0x01,                    // 2: track number (LSB) 1
        0x01,                    // 3: session number (LSB) 1
        0x00,                    // 4: reserved
        0x07,                    // 5: LJRS 00b, no damage, no copy, track mode 7
        0x6F,                    // 6: blank, packet/incremental, data mode Fh
        0x01,                    // 7: NWA_V
        0x00, 0x00, 0x00, 0x00,  // 8-11: track start address 0
        0x00, 0x00, 0x00, 0x00,  // 12-15: next writable address 0
        0x00, 0x23, 0x05, 0x40,  // 16-19: free blocks 2,295,104
        0x00, 0x00, 0x00, 0x10,  // 20-23: blocking factor 16
        0x00, 0x23, 0x05, 0x40,  // 24-27: track size 2,295,104
        0x00, 0x00, 0x00, 0x00,  // 28-31: last recorded address (not valid)
        0x00,                    // 32: track number (MSB)
        0x00,                    // 33: session number (MSB)
        0x00, 0x00,              // 34-35: reserved
        0x00, 0x00, 0x00, 0x00,  // 36-39: read compatibility LBA
        0x00, 0x00, 0x00, 0x00,  // 40-43: next layer jump address
        0x00, 0x00, 0x00, 0x00,  // 44-47: last layer jump address
    ]

    /// A recorded track with every flag set the other way and 16-bit track number: 48 bytes.
    static let recordedTrack: [UInt8] = [
        0x00, 0x2E,              // 0-1: data length 46
        0x05,                    // 2: track number (LSB) 05h
        0x02,                    // 3: session number (LSB) 2
        0x00,                    // 4: reserved
        0xF4,                    // 5: LJRS 11b, damage, copy, track mode 4
        0x91,                    // 6: RT, fixed packet, data mode 1
        0x02,                    // 7: LRA_V only
        0x00, 0x00, 0x12, 0x34,  // 8-11: track start address 4660
        0xDE, 0xAD, 0xBE, 0xEF,  // 12-15: next writable address (NWA_V clear: ignored)
        0x00, 0x00, 0x00, 0x00,  // 16-19: free blocks 0
        0x00, 0x00, 0x00, 0x20,  // 20-23: fixed packet size 32
        0x00, 0x01, 0x00, 0x00,  // 24-27: track size 65536
        0x00, 0x01, 0x12, 0x33,  // 28-31: last recorded address 70195
        0x01,                    // 32: track number (MSB): track 0105h
        0x00,                    // 33: session number (MSB)
        0x00, 0x00,              // 34-35: reserved
        0x0A, 0x0B, 0x0C, 0x0D,  // 36-39: read compatibility LBA
        0x11, 0x11, 0x11, 0x11,  // 40-43: next layer jump address
        0x22, 0x22, 0x22, 0x22,  // 44-47: last layer jump address
    ]

    func testCDBTargets() {
        XCTAssertEqual(ReadTrackInformation(target: .invisibleTrack).cdb.bytes,
                       [0x52, 0x01, 0x00, 0x00, 0x00, 0xFF, 0x00, 0x00, 0x30, 0x00])
        XCTAssertEqual(ReadTrackInformation(target: .lba(0x0102_0304)).cdb.bytes,
                       [0x52, 0x00, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0x30, 0x00])
        XCTAssertEqual(ReadTrackInformation(target: .session(2), allocationLength: 0x1234).cdb.bytes,
                       [0x52, 0x02, 0x00, 0x00, 0x00, 0x02, 0x00, 0x12, 0x34, 0x00])
        XCTAssertEqual(ReadTrackInformation(target: .track(0x0105), open: true, allocationLength: 28).cdb.bytes,
                       [0x52, 0x05, 0x00, 0x00, 0x01, 0x05, 0x00, 0x00, 0x1C, 0x00])
        XCTAssertEqual(ReadTrackInformation(target: .invisibleTrack).transfer, .fromDevice(allocationLength: 48))
    }

    func testInvisibleTrackOfBlankDVDPlusR() throws {
        let t = try ReadTrackInformation(target: .invisibleTrack).parse(Self.invisibleDVDPlusR)
        XCTAssertEqual(t.dataLength, 46)
        XCTAssertEqual(t.trackNumber, 1)
        XCTAssertEqual(t.sessionNumber, 1)
        XCTAssertEqual(t.layerJumpRecordingStatus, .noLayerJump)
        XCTAssertFalse(t.damage)
        XCTAssertFalse(t.copy)
        XCTAssertEqual(t.trackMode, 7)
        XCTAssertFalse(t.rt)
        XCTAssertTrue(t.blank)
        XCTAssertTrue(t.packetIncremental)
        XCTAssertFalse(t.fixedPacket)
        XCTAssertEqual(t.dataMode, 0x0F)
        XCTAssertFalse(t.lrpValid)
        XCTAssertTrue(t.nwaValid)
        XCTAssertEqual(t.trackStartAddress, 0)
        XCTAssertEqual(t.nextWritableAddress, 0)
        XCTAssertEqual(t.freeBlocks, 2_295_104)
        XCTAssertEqual(t.fixedPacketSizeOrBlockingFactor, 16)
        XCTAssertEqual(t.trackSize, 2_295_104)
        XCTAssertNil(t.lastRecordedAddress)
        XCTAssertEqual(t.readCompatibilityLBA, 0)
        XCTAssertEqual(t.nextLayerJumpAddress, 0)
        XCTAssertEqual(t.lastLayerJumpAddress, 0)
    }

    func testRecordedTrackEveryField() throws {
        let t = try ReadTrackInformation(target: .track(0x0105)).parse(Self.recordedTrack)
        XCTAssertEqual(t.trackNumber, 0x0105)
        XCTAssertEqual(t.sessionNumber, 2)
        XCTAssertEqual(t.layerJumpRecordingStatus, .regularIntervalLayerJump)
        XCTAssertTrue(t.damage)
        XCTAssertTrue(t.copy)
        XCTAssertEqual(t.trackMode, 4)
        XCTAssertTrue(t.rt)
        XCTAssertFalse(t.blank)
        XCTAssertFalse(t.packetIncremental)
        XCTAssertTrue(t.fixedPacket)
        XCTAssertEqual(t.dataMode, 1)
        XCTAssertTrue(t.lrpValid)
        XCTAssertFalse(t.nwaValid)
        XCTAssertEqual(t.trackStartAddress, 4660)
        XCTAssertNil(t.nextWritableAddress)
        XCTAssertEqual(t.freeBlocks, 0)
        XCTAssertEqual(t.fixedPacketSizeOrBlockingFactor, 32)
        XCTAssertEqual(t.trackSize, 65536)
        XCTAssertEqual(t.lastRecordedAddress, 70195)
        XCTAssertEqual(t.readCompatibilityLBA, 0x0A0B_0C0D)
        XCTAssertEqual(t.nextLayerJumpAddress, 0x1111_1111)
        XCTAssertEqual(t.lastLayerJumpAddress, 0x2222_2222)
    }

    func testLayerJumpStatusValues() throws {
        var bytes = Self.invisibleDVDPlusR
        bytes[5] = 0x47
        XCTAssertEqual(try ReadTrackInformation(target: .invisibleTrack).parse(bytes).layerJumpRecordingStatus,
                       .unspecified)
        bytes[5] = 0x87
        XCTAssertEqual(try ReadTrackInformation(target: .invisibleTrack).parse(bytes).layerJumpRecordingStatus,
                       .manualLayerJump)
    }

    func testFieldsAfterByte27DependOnLength() throws {
        let command = ReadTrackInformation(target: .track(5))
        func cut(_ n: Int) throws -> TrackInformation {
            var bytes = Array(Self.recordedTrack.prefix(n))
            bytes[1] = UInt8(n - 2)  // honest announced length
            return try command.parse(bytes)
        }
        let t28 = try cut(28)
        XCTAssertEqual(t28.trackNumber, 5)  // no MSB byte
        XCTAssertEqual(t28.sessionNumber, 2)
        XCTAssertTrue(t28.lrpValid)
        XCTAssertNil(t28.lastRecordedAddress)  // LRA_V set but bytes 28-31 absent
        XCTAssertNil(t28.readCompatibilityLBA)
        XCTAssertEqual(t28.trackSize, 65536)
        let t33 = try cut(33)
        XCTAssertEqual(t33.trackNumber, 0x0105)
        XCTAssertEqual(t33.lastRecordedAddress, 70195)
        XCTAssertNil(t33.readCompatibilityLBA)
        let t40 = try cut(40)
        XCTAssertEqual(t40.readCompatibilityLBA, 0x0A0B_0C0D)
        XCTAssertNil(t40.nextLayerJumpAddress)
        let t47 = try cut(47)
        XCTAssertEqual(t47.nextLayerJumpAddress, 0x1111_1111)
        XCTAssertNil(t47.lastLayerJumpAddress)
    }

    func testAnnouncedShorterThanReceivedClamps() throws {
        var bytes = Self.recordedTrack
        bytes[1] = 0x1A  // 28 bytes announced, 48 received
        let t = try ReadTrackInformation(target: .track(5)).parse(bytes)
        XCTAssertEqual(t.trackNumber, 5)
        XCTAssertNil(t.lastRecordedAddress)
        XCTAssertNil(t.lastLayerJumpAddress)
    }

    func testAnnouncedLongerThanReceived() throws {
        var bytes = Self.invisibleDVDPlusR
        bytes[0] = 0xFF
        let t = try ReadTrackInformation(target: .invisibleTrack).parse(bytes)
        XCTAssertEqual(t.dataLength, 0xFF2E)
        XCTAssertEqual(t.freeBlocks, 2_295_104)
        XCTAssertEqual(t.lastLayerJumpAddress, 0)
    }

    func testShortAnswersThrow() {
        let command = ReadTrackInformation(target: .invisibleTrack)
        for n in 0..<28 {
            mmcaAssertParseError(try command.parse(Array(Self.invisibleDVDPlusR.prefix(n))), "\(n) bytes")
        }
        var announcedShort = Self.invisibleDVDPlusR
        announcedShort[1] = 0x19  // 27 bytes announced
        mmcaAssertParseError(try command.parse(announcedShort))
    }

    func testHostileInputsNeverTrap() {
        MMCAHostile.survive(ReadTrackInformation(target: .invisibleTrack), valid: Self.recordedTrack,
                            lengthField: .uint16(at: 0))
    }
}
