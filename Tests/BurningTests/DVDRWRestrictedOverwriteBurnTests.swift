import Foundation
import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

/// Burning onto a virtual DVD-RW in both of its recording modes: restricted overwrite (profile 0013h, after
/// FORMAT UNIT 15h sent through the library) and blank sequential (0014h, unformatted).
final class DVDRWRestrictedOverwriteBurnTests: ImageBurnTestCase {
    /// Formats with the first of the planner's preferred DVD-RW formats that the drive offers (MMC-6 §6.24, §6.5).
    func formatToRestrictedOverwrite(_ drive: OpticalDrive) async throws -> FormatType {
        let formats = try await drive.send(ReadFormatCapacities())
        XCTAssertEqual(formats.current.descriptorType, .unformatted)
        XCTAssertEqual(formats.current.blocks, 2_298_496)
        let preferred = BurnPlanner.preferredFormats(for: .dvdRWSequential)
        let offer = try XCTUnwrap(preferred.lazy.compactMap { type in
            formats.formattable.first { $0.formatType == type }
        }.first)
        try await drive.send(FormatUnit(formatType: UInt8(offer.formatType.rawValue), blocks: offer.blocks,
                                  typeDependentParameter: offer.typeDependentParameter, immediate: false))
        return offer.formatType
    }

    func testBurnOntoRestrictedOverwriteDVDRWVerifies() async throws {
        let state = dir.appendingPathComponent("dvd-rw-ro")
        let drive = try VirtualDrive.open(parsing: "dvd-rw:\(state.path)")
        let optical = OpticalDrive(transport: drive)
        let before = try await optical.probe()
        XCTAssertEqual(before.media.profile, .dvdRWSequential)
        let formatType = try await formatToRestrictedOverwrite(optical)
        XCTAssertEqual(formatType, .dvdRWQuickFormat)
        let probe = try await optical.probe()
        XCTAssertEqual(probe.media.profile, .dvdRWRestrictedOverwrite)
        XCTAssertEqual(probe.media.formatted, true)
        XCTAssertEqual(probe.media.freeBlocks, 2_297_888)

        let imageBytes = try Data(contentsOf: image)
        let (plan, result, statuses) = try await BurnFixture.burn(image, on: drive)
        XCTAssertEqual(plan.profile, .dvdRWRestrictedOverwrite)
        XCTAssertEqual(plan.strategy, .overwritable)
        XCTAssertNil(plan.format)                          // already formatted: no FORMAT UNIT in the burn
        XCTAssertEqual(plan.startLBA, 0)
        XCTAssertEqual(plan.writeBlocks % 16, 0)           // whole ECC blocks, as restricted overwrite requires
        XCTAssertTrue(result.succeeded, result.error ?? "")
        XCTAssertEqual(result.verify.outcome, .match)
        XCTAssertEqual(result.verify.blocksCompared, UInt64(imageBytes.count / 2048))
        XCTAssertEqual(statuses.last?.phase, .done)
        try drive.flush()
        let onDisc = try Data(contentsOf: state.appendingPathComponent("media.bin")).prefix(imageBytes.count)
        XCTAssertEqual(onDisc, imageBytes, "media.bin does not start with the image")

        let after = try await OpticalDrive(transport: VirtualDrive.open(parsing: "dvd-rw:\(state.path)")).probe()
        XCTAssertEqual(after.media.profile, .dvdRWRestrictedOverwrite)
        XCTAssertEqual(after.media.discStatus, .complete)
    }

    func testBlankUnformattedDVDRWStillBurnsDiscAtOnce() async throws {
        let state = dir.appendingPathComponent("dvd-rw-seq")
        let drive = try VirtualDrive.open(parsing: "dvd-rw:\(state.path)")
        // The drive now offers formats 10h/15h on a blank DVD-RW; the planner must not format it.
        let formats = try await OpticalDrive(transport: drive).send(ReadFormatCapacities())
        XCTAssertEqual(formats.formattable.map(\.formatType), [.cdrwDVDRWFullFormat, .dvdRWQuickFormat])
        let (plan, result, _) = try await BurnFixture.burn(image, on: drive)
        XCTAssertEqual(plan.profile, .dvdRWSequential)
        XCTAssertEqual(plan.strategy, .dvdRDiscAtOnce)
        XCTAssertNil(plan.format)
        XCTAssertEqual(plan.startLBA, 0)
        XCTAssertEqual(plan.freeBlocks, 2_298_496)
        XCTAssertTrue(result.succeeded, result.error ?? "")
        XCTAssertEqual(result.verify.outcome, .match)
        let after = try await OpticalDrive(transport: VirtualDrive.open(parsing: "dvd-rw:\(state.path)")).probe()
        XCTAssertEqual(after.media.profile, .dvdRWSequential)
        XCTAssertEqual(after.media.discStatus, .complete)
    }
}
