import Foundation
import MMC
import VirtualDrive
import XCTest
@testable import Burning

/// msinfo's numbers from a layout, and the end of an ISO 9660 volume from its descriptor (issue 11 items 2, 5).
final class DiscLayoutTests: XCTestCase {
    private func track(_ number: Int, session: Int, start: UInt64, length: UInt64, state: String,
                       nwa: UInt64? = nil) -> DiscTrack {
        DiscTrack(number: number, session: session, startLBA: start, lengthBlocks: length, mode: "data mode 1",
                  state: state, nextWritableAddress: nwa)
    }

    func testMsinfoTakesTheLastCompleteSessionAndTheOpenTracksAddress() throws {
        let layout = DiscLayout(profile: .cdR, discStatus: .appendable, lastSessionState: .empty, sessions: 3, tracks: [
            track(1, session: 1, start: 0, length: 300, state: "complete"),
            track(2, session: 2, start: 11_700, length: 500, state: "complete"),
            track(3, session: 2, start: 12_352, length: 400, state: "complete"),
            track(4, session: 3, start: 19_652, length: 0, state: "blank", nwa: 19_652),
        ])
        let info = try MultiSessionInfo.from(layout, device: "d")
        XCTAssertEqual(info.text, "11700,19652")
        XCTAssertEqual(info.nextWritableAddressSource, "READ TRACK INFORMATION")
        XCTAssertEqual(layout.lastTrackStartLBA, 12_352)
    }

    /// cdrskin's guess when the drive names no NWA: lead-out + 11400 after one session, + 6900 after more.
    func testMsinfoGuessesFromTheLeadOutOnCDWhenTheDriveNamesNoAddress() throws {
        var layout = DiscLayout(profile: .cdR, discStatus: .appendable, lastSessionState: .empty, sessions: 2, tracks: [
            track(1, session: 1, start: 0, length: 300, state: "complete"),
        ])
        XCTAssertEqual(try MultiSessionInfo.from(layout, device: "d").text, "0,11700")
        layout.sessions = 3
        layout.tracks.append(track(2, session: 2, start: 11_700, length: 300, state: "complete"))
        XCTAssertEqual(try MultiSessionInfo.from(layout, device: "d").text, "11700,18900")
    }

    func testMsinfoRefusesWhatCannotBeAppendedTo() {
        let open = DiscLayout(profile: .dvdPlusR, discStatus: .appendable, lastSessionState: .incomplete,
                              sessions: 1, tracks: [track(1, session: 1, start: 0, length: 16, state: "open", nwa: 16)])
        XCTAssertThrowsError(try MultiSessionInfo.from(open, device: "d")) {
            XCTAssertTrue("\($0)".contains("discburn close"), "\($0)")
        }
        let rewritable = DiscLayout(profile: .dvdPlusRW, discStatus: .complete, lastSessionState: .complete,
                                    sessions: 1, tracks: [])
        XCTAssertThrowsError(try MultiSessionInfo.from(rewritable, device: "d"))
    }

    func testPrimaryVolumeDescriptorGivesTheVolumeEnd() {
        var block = [UInt8](repeating: 0, count: 2048)
        block[0] = 1
        block.replaceSubrange(1..<6, with: Array("CD001".utf8))
        block[6] = 1
        block.replaceSubrange(80..<84, with: [0x34, 0x12, 0, 0])
        block.replaceSubrange(84..<88, with: [0, 0, 0x12, 0x34])
        block.replaceSubrange(128..<130, with: [0x00, 0x08])
        XCTAssertEqual(FileSystemExtent.primaryVolumeBlocks(block), 0x1234)
        var disagreeing = block
        disagreeing[87] = 0x35
        XCTAssertNil(FileSystemExtent.primaryVolumeBlocks(disagreeing), "both-endian fields must agree")
        XCTAssertNil(FileSystemExtent.primaryVolumeBlocks(Array(block.prefix(100))))
        XCTAssertNil(FileSystemExtent.primaryVolumeBlocks([UInt8](repeating: 0, count: 2048)))
    }

    /// The virtual CD-R's NWA after sessions follows the classic overheads: 11,400, then 6,900.
    func testVirtualCDSessionGaps() async throws {
        let drive = OpticalDrive(transport: VirtualDrive(media: .cdR))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("layout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("data.bin")
        try Data(repeating: 0x5A, count: 2048 * 10).write(to: data)
        var options = BurnOptions()
        options.multiSession = true
        options.data = true
        for expected in [UInt64(11_700), 18_900] {
            let job = BurnJob(drive: drive, imagePath: data.path, options: options)
            for await event in job.run(try await job.plan()) {
                if case .result(let r) = event { XCTAssertTrue(r.succeeded, r.error ?? "") }
            }
            let info = try MultiSessionInfo.from(try await DiscLayoutReader.read(drive: drive), device: "v")
            XCTAssertEqual(info.nextWritableAddress, expected)
        }
    }
}

extension DiscLayoutTests {
    /// Without READ TRACK INFORMATION (QEMU's CD-ROM) the formatted TOC gives the tracks.
    func testTracksFromTheFormattedTOCWhenTrackInformationIsMissing() {
        let toc = TableOfContents(dataLength: 26, firstTrackNumber: 1, lastTrackNumber: 2, entries: [
            TOCEntry(adr: 1, control: .dataTrack, trackNumber: 1, address: 0, isMSF: false),
            TOCEntry(adr: 1, control: [], trackNumber: 2, address: 1_000, isMSF: false),
            TOCEntry(adr: 1, control: .dataTrack, trackNumber: 0xAA, address: 4_000, isMSF: false),
        ], truncated: false)
        let tracks = DiscLayoutReader.tracks(toc, sessions: 1, profile: .cdROM)
        XCTAssertEqual(tracks.map(\.startLBA), [0, 1_000])
        XCTAssertEqual(tracks.map(\.lengthBlocks), [1_000, 3_000])
        XCTAssertEqual(tracks.map(\.mode), ["data", "audio"])
        let noLeadOut = TableOfContents(dataLength: 10, firstTrackNumber: 1, lastTrackNumber: 1, entries: [
            TOCEntry(adr: 1, control: .dataTrack, trackNumber: 1, address: 0, isMSF: false)], truncated: true)
        XCTAssertEqual(DiscLayoutReader.tracks(noLeadOut, sessions: 1, profile: .cdROM), [], "no end, no track")
    }
}
