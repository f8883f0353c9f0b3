import XCTest
import SCSI
@testable import MMC

final class GetConfigurationTests: XCTestCase {
    /// A DVD+R drive with a blank DVD+R loaded, RT = 00b (MMC-6 §6.6): 48 bytes.
    static let dvdPlusRDrive: [UInt8] = [
        // Feature header
        0x00, 0x00, 0x00, 0x2C,  // 0-3: data length 44 (bytes after this field)
        0x00, 0x00,              // 4-5: reserved
        0x00, 0x1B,              // 6-7: current profile 001Bh DVD+R
        // Profile List 0000h
        0x00, 0x00,              // feature code
        0x03,                    // version 0, persistent, current
        0x08,                    // additional length 8
        0x00, 0x1B, 0x01, 0x00,  // profile 001Bh DVD+R, CurrentP
        0x00, 0x10, 0x00, 0x00,  // profile 0010h DVD-ROM
        // Core 0001h
        0x00, 0x01,              // feature code
        0x0B,                    // version 2, persistent, current
        0x08,                    // additional length 8
        0x00, 0x00, 0x00, 0x02,  // physical interface standard: ATAPI
        0x03, 0x00, 0x00, 0x00,  // INQ2, DBE
        // Removable Medium 0003h
        0x00, 0x03,              // feature code
        0x0B,                    // version 2, persistent, current
        0x04,                    // additional length 4
        0x29, 0x00, 0x00, 0x00,  // tray (001b), Eject, Lock
        // DVD+R 002Bh
        0x00, 0x2B,              // feature code
        0x01,                    // version 0, current
        0x04,                    // additional length 4
        0x01, 0x00, 0x00, 0x00,  // Write
    ]

    func testCDBDefault() {
        XCTAssertEqual(GetConfiguration().cdb.bytes, [0x46, 0x00, 0x00, 0x00, 0, 0, 0, 0xFF, 0xFA, 0x00])
        XCTAssertEqual(GetConfiguration().transfer, .fromDevice(allocationLength: 65530))
    }

    func testCDBEveryField() {
        let one = GetConfiguration(requestType: .one, startingFeature: .cdTrackAtOnce, allocationLength: 0x0123)
        XCTAssertEqual(one.cdb.bytes, [0x46, 0x02, 0x00, 0x2D, 0, 0, 0, 0x01, 0x23, 0x00])
        let current = GetConfiguration(requestType: .current, startingFeature: .driveSerialNumber,
                                       allocationLength: 8)
        XCTAssertEqual(current.cdb.bytes, [0x46, 0x01, 0x01, 0x08, 0, 0, 0, 0x00, 0x08, 0x00])
    }

    func testParsesDVDPlusRDrive() throws {
        let c = try GetConfiguration().parse(Self.dvdPlusRDrive)
        XCTAssertEqual(c.dataLength, 44)
        XCTAssertEqual(c.currentProfile, .dvdPlusR)
        XCTAssertEqual(c.features.map(\.code), [.profileList, .core, .removableMedium, .dvdPlusR])
        XCTAssertEqual(c.features[0], FeatureDescriptor(code: .profileList, version: 0, persistent: true,
                                                        current: true,
                                                        data: [0x00, 0x1B, 0x01, 0x00, 0x00, 0x10, 0x00, 0x00]))
        XCTAssertEqual(c.features[1].version, 2)
        XCTAssertEqual(c.features[1].data, [0x00, 0x00, 0x00, 0x02, 0x03, 0x00, 0x00, 0x00])
        XCTAssertEqual(c.features[3], FeatureDescriptor(code: .dvdPlusR, version: 0, persistent: false,
                                                        current: true, data: [0x01, 0x00, 0x00, 0x00]))
    }

    func testConveniences() throws {
        let c = try GetConfiguration().parse(Self.dvdPlusRDrive)
        XCTAssertEqual(c.profiles, [ProfileDescriptor(profile: .dvdPlusR, isCurrent: true),
                                    ProfileDescriptor(profile: .dvdROM, isCurrent: false)])
        XCTAssertEqual(c.descriptor(for: .core)?.code, .core)
        XCTAssertNil(c.descriptor(for: .cdMastering))
        XCTAssertTrue(c.has(.dvdPlusR))
        XCTAssertTrue(c.has(.dvdPlusR, currentOnly: true))
        XCTAssertFalse(c.has(.cdMastering))
        XCTAssertEqual(try c.feature(DVDPlusR.self)?.write, true)
        XCTAssertEqual(try c.feature(Core.self)?.physicalInterfaceStandard, .atapi)
        XCTAssertEqual(try c.feature(RemovableMedium.self)?.loadingMechanism, .tray)
        XCTAssertNil(try c.feature(CDTrackAtOnce.self))
    }

    func testHasCurrentOnlyIgnoresNonCurrent() throws {
        var bytes = Self.dvdPlusRDrive
        bytes[42] = 0x00  // DVD+R feature no longer current
        let c = try GetConfiguration().parse(bytes)
        XCTAssertTrue(c.has(.dvdPlusR))
        XCTAssertFalse(c.has(.dvdPlusR, currentOnly: true))
    }

    func testNoMediumHeaderOnly() throws {
        let c = try GetConfiguration().parse([0, 0, 0, 4, 0, 0, 0, 0])
        XCTAssertEqual(c.currentProfile, Profile.none)
        XCTAssertEqual(c.features, [])
        XCTAssertEqual(c.profiles, [])
        XCTAssertFalse(c.has(.profileList))
    }

    func testHeaderShorterThanEightBytesThrows() {
        for n in 0..<8 {
            mmcaAssertParseError(try GetConfiguration().parse(Array(Self.dvdPlusRDrive.prefix(n))), "\(n) bytes")
        }
    }

    func testDataLengthBelowHeaderThrows() {
        var bytes = Self.dvdPlusRDrive
        bytes[3] = 3
        mmcaAssertParseError(try GetConfiguration().parse(bytes))
    }

    func testAnnouncedLongerThanReceivedKeepsCompleteDescriptors() throws {
        var bytes = Self.dvdPlusRDrive
        bytes[0] = 0xFF; bytes[1] = 0xFF; bytes[2] = 0xFF; bytes[3] = 0xFF
        let c = try GetConfiguration().parse(bytes)
        XCTAssertEqual(c.dataLength, 0xFFFF_FFFF)
        XCTAssertEqual(c.features.count, 4)
    }

    func testAnnouncedShorterClampsTheDescriptors() throws {
        var bytes = Self.dvdPlusRDrive
        bytes[3] = 28  // header + Profile List + Core
        let c = try GetConfiguration().parse(bytes)
        XCTAssertEqual(c.features.map(\.code), [.profileList, .core])
    }

    func testDescriptorCutByTransferThrows() {
        // The allocation length cut the DVD+R descriptor after 2 data bytes.
        mmcaAssertParseError(try GetConfiguration().parse(Array(Self.dvdPlusRDrive.prefix(46))))
    }

    func testDescriptorOverrunningDataLengthThrows() {
        var bytes = Self.dvdPlusRDrive
        bytes[43] = 0x08  // DVD+R claims 8 data bytes, 4 remain
        mmcaAssertParseError(try GetConfiguration().parse(bytes))
        var short = Self.dvdPlusRDrive
        short[3] = 30  // data ends 2 bytes into the Removable Medium header
        mmcaAssertParseError(try GetConfiguration().parse(short))
    }

    func testFeatureDescriptorBytesRoundTrip() throws {
        let d = FeatureDescriptor(code: .cdMastering, version: 1, persistent: false, current: true,
                                  data: [0x40, 0x00, 0x0F, 0xFF])
        XCTAssertEqual(d.bytes, [0x00, 0x2E, 0x05, 0x04, 0x40, 0x00, 0x0F, 0xFF])
        let c = try GetConfiguration().parse([0, 0, 0, 12, 0, 0, 0, 0x09] + d.bytes)
        XCTAssertEqual(c.features, [d])
        XCTAssertEqual(c.currentProfile, .cdR)
    }

    func testLenientProfilesIgnoreTrailingPartialEntry() throws {
        let pl = FeatureDescriptor(code: .profileList, persistent: true, current: true,
                                   data: [0x00, 0x0A, 0x01, 0x00, 0x00, 0x09])
        let c = Configuration(dataLength: 14, currentProfile: .cdRW, features: [pl])
        XCTAssertEqual(c.profiles, [ProfileDescriptor(profile: .cdRW, isCurrent: true)])
        mmcaAssertParseError(try c.feature(ProfileList.self))
    }

    func testGarbageGeneratorIsDeterministicAndFull() {
        XCTAssertEqual(MMCAHostile.garbage(seed: 7).count, 65536)
        XCTAssertEqual(MMCAHostile.garbage(seed: 7), MMCAHostile.garbage(seed: 7))
        XCTAssertNotEqual(MMCAHostile.garbage(seed: 7), MMCAHostile.garbage(seed: 8))
    }

    func testHostileInputsNeverTrap() {
        MMCAHostile.survive(GetConfiguration(), valid: Self.dvdPlusRDrive, lengthField: .uint32(at: 0))
        for seed in MMCAHostile.garbageSeeds {
            // Whatever decodes from garbage, every typed decoder must survive its descriptors.
            guard let c = try? GetConfiguration().parse(MMCAHostile.garbage(seed: seed)) else { continue }
            for d in c.features { GetConfigurationFeaturesTests.decodeWithEveryDecoder(d) }
            _ = c.profiles
        }
    }

    func testGarbageBehindAPlausibleHeaderNeverTraps() {
        for seed in MMCAHostile.garbageSeeds {
            var g = MMCASplitMix64(seed: seed)
            // A header announcing exactly what follows, then random descriptors whose lengths are honest.
            var body: [UInt8] = []
            while body.count < 60_000 {
                let length = Int(g.next() % 64)
                body += g.bytes(3) + [UInt8(length)] + g.bytes(length)
            }
            let header: [UInt8] = [UInt8(truncatingIfNeeded: (body.count + 4) >> 24),
                                   UInt8(truncatingIfNeeded: (body.count + 4) >> 16),
                                   UInt8(truncatingIfNeeded: (body.count + 4) >> 8),
                                   UInt8(truncatingIfNeeded: body.count + 4), 0, 0, 0, 0x1B]
            guard let c = mmcaParse(GetConfiguration(), header + body) else { return }
            XCTAssertGreaterThan(c.features.count, 1000)
            // Every typed decoder on the first descriptors (all of them would take seconds per seed).
            for d in c.features.prefix(40) { GetConfigurationFeaturesTests.decodeWithEveryDecoder(d) }
        }
    }
}
