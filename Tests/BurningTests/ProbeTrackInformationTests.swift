import Foundation
import MMC
import VirtualDrive
import XCTest

/// The two probe bugs the burn matrix found (Vendor-notes/burn-matrix.md): READ TRACK INFORMATION track FFh only
/// on CD and DVD+R (DL) (libburn mmc.c mmc_read_track_info), and NWA −150 on a blank disc meaning the track start
/// (libburn mmc.c mmc_get_nwa: Pioneer BDR-205, LITE-ON LTR-48125S).
final class ProbeTrackInformationTests: XCTestCase {
    func testProbeAsksTheLastTrackByNumberWhereTrackFFIsRefused() async throws {
        for media in ["dvd-r", "dvd-rw", "bd-r"] {
            let drive = OpticalDrive(transport: try VirtualDrive.open(parsing: "\(media)?rti-ff-strict=1"))
            let probe = try await drive.probe()
            XCTAssertGreaterThan(probe.media.freeBlocks, 0, media)
            XCTAssertEqual(probe.media.nextWritableAddress, 0, media)
        }
    }

    func testProbeTakesNWAMinus150OnABlankDiscAsTheTrackStart() async throws {
        for media in ["cd-r", "dvd-r", "dvd+r", "dvd+r-dl", "bd-r"] {
            let drive = OpticalDrive(transport: try VirtualDrive.open(parsing: "\(media)?nwa-minus-150=1"))
            let probe = try await drive.probe()
            XCTAssertEqual(probe.media.nextWritableAddress, 0, media)
        }
    }
}
