import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import MMC
import SCSI
import VirtualDrive
import XCTest
@testable import Burning

final class ReadabilityScanTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("scan-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A pressed-disc image of `blocks` × 2048 bytes; each block holds its own number in every byte.
    private func image(blocks: Int) throws -> String {
        var bytes = [UInt8](repeating: 0, count: blocks * 2048)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i / 2048) }
        let url = directory.appendingPathComponent("disc-\(blocks).iso")
        try Data(bytes).write(to: url)
        return url.path
    }

    /// A pressed DVD-ROM whose commands each take `latencyMilliseconds` on a manual clock, and a scan timed by it.
    private func pressedScan(blocks: Int, latencyMilliseconds: Int = 1, zoneBlocks: UInt64? = nil)
        throws -> (VirtualDrive, ReadabilityScan) {
        let clock = ManualDriveClock()
        let drive = try VirtualDrive.open(parsing: "dvd-rom:\(try image(blocks: blocks))?latency=\(latencyMilliseconds)",
                                          clock: clock)
        let scan = ReadabilityScan(session: DriveSession(transport: drive, sleep: { _ in }), zoneBlocks: zoneBlocks,
                                   now: { clock.now })
        return (drive, scan)
    }

    func testCleanPressedDiscIsReadEndToEndInZonesCoveringTheDisc() throws {
        let (_, scan) = try pressedScan(blocks: 1000, zoneBlocks: 96)
        let result = try scan.run()
        XCTAssertEqual(result.profile, .dvdROM)
        XCTAssertEqual(result.blocks, 1000)
        XCTAssertTrue(result.allReadable)
        XCTAssertEqual(result.unreadable, [])
        assertZonesCover(result, blocks: 1000, zoneBlocks: 96)
        XCTAssertEqual(result.zones.count, 11)  // 10 × 96 + 40
    }

    func testInjectedBadSectorsAreReportedAsExactRanges() throws {
        let (drive, scan) = try pressedScan(blocks: 2000, zoneBlocks: 320)
        drive.inject(.unreadable(lbas: 100...119))   // inside one transfer (96..<128) and across none
        drive.inject(.unreadable(lbas: 500...500))   // a single block
        drive.inject(.unreadable(lbas: 630...660))   // crosses transfers (608/640) and zones (640)
        drive.inject(.unreadable(lbas: 1990...1999)) // the last blocks of the disc
        let result = try scan.run()
        XCTAssertFalse(result.allReadable)
        XCTAssertEqual(result.unreadable, [LBARange(startLBA: 100, blocks: 20), LBARange(startLBA: 500, blocks: 1),
                                           LBARange(startLBA: 630, blocks: 31), LBARange(startLBA: 1990, blocks: 10)])
        XCTAssertEqual(result.unreadableBlocks, 62)
        XCTAssertEqual(result.unreadable.map(\.lastLBA), [119, 500, 660, 1999])
        assertZonesCover(result, blocks: 2000, zoneBlocks: 320)
    }

    /// With a manual clock every command costs exactly the latency: a zone of 320 blocks is 10 READs = 100 ms,
    /// 655.36 kB / 0.1 s = 6553.6 kB/s. A zone with a bad transfer also pays for the failed READ and 32
    /// single-block READs, and only its readable blocks count.
    func testZoneSpeedIsReadableBytesOverTheZonesTime() throws {
        let (drive, scan) = try pressedScan(blocks: 960, latencyMilliseconds: 10, zoneBlocks: 320)
        drive.inject(.unreadable(lbas: 100...119))
        let result = try scan.run()
        XCTAssertEqual(result.zones.count, 3)
        // Zone 0: 10 transfers, one failing → 10 + 32 commands = 0.42 s for 300 readable blocks.
        XCTAssertEqual(result.zones[0].kilobytesPerSecond, 300 * 2.048 / 0.42, accuracy: 1e-6)
        XCTAssertEqual(result.zones[1].kilobytesPerSecond, 6553.6, accuracy: 1e-6)
        XCTAssertEqual(result.zones[2].kilobytesPerSecond, 6553.6, accuracy: 1e-6)
        XCTAssertEqual(result.minimumKilobytesPerSecond, 300 * 2.048 / 0.42, accuracy: 1e-6)
        XCTAssertEqual(result.maximumKilobytesPerSecond, 6553.6, accuracy: 1e-6)
        XCTAssertEqual(result.elapsedSeconds, 0.62, accuracy: 1e-9)
        XCTAssertEqual(result.averageKilobytesPerSecond, 940 * 2.048 / 0.62, accuracy: 1e-6)
    }

    func testAutomaticZonesAreWholeTransfersAndAbout200() throws {
        let (_, scan) = try pressedScan(blocks: 20_000)
        XCTAssertEqual(scan.effectiveZoneBlocks(total: 20_000), 128)  // 100 → rounded up to 4 × 32
        XCTAssertEqual(scan.effectiveZoneBlocks(total: 10), 32)
        let result = try scan.run()
        assertZonesCover(result, blocks: 20_000, zoneBlocks: 128)
        XCTAssertEqual(result.zones.count, 157)
    }

    func testBlankDiscHasNothingToScan() throws {
        let scan = ReadabilityScan(session: DriveSession(transport: VirtualDrive(media: .dvdPlusR)))
        let result = try scan.run()
        XCTAssertEqual(result.blocks, 0)
        XCTAssertEqual(result.zones, [])
        XCTAssertTrue(result.allReadable)
    }

    func testEmptyDriveThrowsInsteadOfReportingBadBlocks() {
        let scan = ReadabilityScan(session: DriveSession(transport: VirtualDrive(media: .none), sleep: { _ in }))
        XCTAssertThrowsError(try scan.run())
    }

    func testCancelStopsTheScan() throws {
        let (_, scan) = try pressedScan(blocks: 1000, zoneBlocks: 100)
        var zonesSeen = 0
        XCTAssertThrowsError(try scan.run(progress: { _ in zonesSeen += 1 }, cancelled: { zonesSeen >= 3 })) { error in
            guard case BurnError.cancelled = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(zonesSeen, 3)
    }

    func testGroupingMergesConsecutiveBlocksOnly() {
        XCTAssertEqual(LBARange.grouping([7, 3, 4, 5, 9, 4, 10]),
                       [LBARange(startLBA: 3, blocks: 3), LBARange(startLBA: 7, blocks: 1),
                        LBARange(startLBA: 9, blocks: 2)])
        XCTAssertEqual(LBARange.grouping([]), [])
    }

    // MARK: plot

    func testPlotIsWellFormedSVGWithRedBandsForUnreadableRanges() throws {
        let (drive, scan) = try pressedScan(blocks: 1000, zoneBlocks: 100)
        drive.inject(.unreadable(lbas: 100...119))
        drive.inject(.unreadable(lbas: 700...700))
        let result = try scan.run()
        let svg = ScanPlot.svg(result)
        let document = try SVGDocument(svg)
        XCTAssertEqual(document.root, "svg")
        let bands = document.elements.filter { $0.name == "rect" && $0.attributes["class"] == "unreadable" }
        XCTAssertEqual(bands.count, 2)
        XCTAssertEqual(bands.map { $0.attributes["fill"] }, ["red", "red"])
        // Plot area x 80...840 for LBA 0...1000: LBA 100 at 156, 20 blocks 15.2 px; one block clamps to 1 px.
        XCTAssertEqual(bands.map { $0.attributes["x"] }, ["156.0", "612.0"])
        XCTAssertEqual(bands.map { $0.attributes["width"] }, ["15.2", "1.0"])
        let lines = document.elements.filter { $0.name == "polyline" }
        XCTAssertEqual(lines.count, 1)
        let points = lines.first?.attributes["points"]?.split(separator: " ") ?? []
        XCTAssertEqual(points.count, 2 * result.zones.count)
        XCTAssertEqual(points.first, "80.0,\(ScanPlot.f(Self.y(result.zones[0].kilobytesPerSecond, result)))")
        XCTAssertEqual(points.last?.hasPrefix("840.0,"), true)
        let texts = document.texts
        XCTAssertTrue(texts.contains("LBA"))
        XCTAssertTrue(texts.contains("kB/s"))
        XCTAssertTrue(texts.contains("1000"))
        XCTAssertTrue(texts.contains { $0.hasSuffix("x") }, "multiples of 1× on the right axis")
    }

    func testPlotOfEmptyScanIsStillWellFormed() throws {
        let empty = ScanResult(profile: .none, blocks: 0, zones: [], unreadable: [], elapsedSeconds: 0)
        let document = try SVGDocument(ScanPlot.svg(empty, title: "a <b> & \"c\""))
        XCTAssertTrue(document.texts.contains("a <b> & \"c\""))
    }

    func testNiceCeiling() {
        XCTAssertEqual(ScanPlot.niceCeiling(6553.6), 10_000)
        XCTAssertEqual(ScanPlot.niceCeiling(1462), 2000)
        XCTAssertEqual(ScanPlot.niceCeiling(2100), 2500)
        XCTAssertEqual(ScanPlot.niceCeiling(1), 1)
    }

    // MARK: helpers

    private static func y(_ speed: Double, _ r: ScanResult) -> Double {
        let top = ScanPlot.niceCeiling(r.maximumKilobytesPerSecond)
        return 40 + 330 - speed / top * 330
    }

    private func assertZonesCover(_ result: ScanResult, blocks: UInt64, zoneBlocks: UInt64,
                                  file: StaticString = #filePath, line: UInt = #line) {
        var next: UInt64 = 0
        for zone in result.zones {
            XCTAssertEqual(zone.startLBA, next, "zones must be contiguous", file: file, line: line)
            XCTAssertTrue(zone.blocks == zoneBlocks || zone.startLBA + zone.blocks == blocks, file: file, line: line)
            next = zone.startLBA + zone.blocks
        }
        XCTAssertEqual(next, blocks, "zones must end at the disc's end", file: file, line: line)
    }
}

/// The elements and text of an XML document, parsed by Foundation's XMLParser (which fails on malformed XML).
private final class SVGDocument: NSObject, XMLParserDelegate {
    struct Element { var name: String; var attributes: [String: String] }
    var elements: [Element] = []
    var texts: [String] = []
    var root: String? { elements.first?.name }
    private var text = ""

    init(_ svg: String) throws {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        guard parser.parse() else {
            throw parser.parserError ?? NSError(domain: "SVG", code: 1)
        }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        elements.append(Element(name: name, attributes: attributes))
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text", !text.isEmpty { texts.append(text) }
        text = ""
    }
}
