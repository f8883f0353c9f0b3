import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

final class ScanCLITests: XCTestCase {
    /// A pressed-disc image of `blocks` × 2048 bytes (any file is a pressed virtual disc's user data).
    private func image(blocks: Int, in dir: URL) throws -> URL {
        var bytes = [UInt8](repeating: 0, count: blocks * 2048)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i / 2048 &+ i) }
        let url = dir.appendingPathComponent("disc.iso")
        try Data(bytes).write(to: url)
        return url
    }

    func testJSONAndPlotOfAPressedDVDROM() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let iso = try image(blocks: 1500, in: dir)
        let plot = dir.appendingPathComponent("speed.svg")
        let json = try CLIRunner.json(["scan", "--drive", "virtual:dvd-rom:\(iso.path)", "--json",
                                       "--plot", plot.path, "--zone-blocks", "200"])
        XCTAssertEqual(json["result"] as? String, "ok")
        XCTAssertEqual(json["profile"] as? String, "DVD-ROM")
        XCTAssertEqual(json["blocks"] as? Int, 1500)
        XCTAssertEqual(json["unreadableBlocks"] as? Int, 0)
        XCTAssertEqual((json["unreadable"] as? [Any])?.count, 0)
        XCTAssertGreaterThan(json["averageKilobytesPerSecond"] as? Int ?? 0, 0)
        let zones = try XCTUnwrap(json["zones"] as? [[String: Any]])
        XCTAssertEqual(zones.map { $0["startLBA"] as? Int }, [0, 200, 400, 600, 800, 1000, 1200, 1400])
        XCTAssertEqual(zones.map { $0["blocks"] as? Int }, [200, 200, 200, 200, 200, 200, 200, 100])
        XCTAssertTrue(zones.allSatisfy { ($0["kilobytesPerSecond"] as? Int ?? 0) > 0 })
        XCTAssertEqual(json["plot"] as? String, plot.path)

        let svg = try Data(contentsOf: plot)
        let counter = ElementCounter()
        let parser = XMLParser(data: svg)
        parser.delegate = counter
        XCTAssertTrue(parser.parse(), "the plot is not well-formed XML: \(String(describing: parser.parserError))")
        XCTAssertEqual(counter.names.first, "svg")
        XCTAssertEqual(counter.names.filter { $0 == "polyline" }.count, 1)
        XCTAssertEqual(counter.unreadableBands, 0)
    }

    /// A slow drive (every command 5 ms more) with zones of two READs cannot read faster than 64 blocks per 10 ms.
    func testSlowDriveShowsInZoneSpeeds() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let iso = try image(blocks: 256, in: dir)
        let json = try CLIRunner.json(["scan", "--drive", "virtual:dvd-rom:\(iso.path)?latency=5", "--json",
                                       "--zone-blocks", "64"])
        let zones = try XCTUnwrap(json["zones"] as? [[String: Any]])
        XCTAssertEqual(zones.count, 4)
        for zone in zones { XCTAssertLessThanOrEqual(zone["kilobytesPerSecond"] as? Int ?? .max, 13_108) }
        XCTAssertLessThanOrEqual(json["maximumKilobytesPerSecond"] as? Int ?? .max, 13_108)
    }

    func testTextReportAndExitStatus() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let iso = try image(blocks: 400, in: dir)
        let outcome = try CLIRunner.run(["scan", "--drive", "virtual:dvd-rom:\(iso.path)"])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertTrue(outcome.stdout.hasPrefix("Scanned 400 blocks (819200 bytes) of DVD-ROM"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("Speed: min "), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("Unreadable: none"), outcome.stdout)
        XCTAssertTrue(outcome.stderr.contains("scanning: 100.0%"), outcome.stderr)
    }

    func testBlankDiscAndEmptyTray() throws {
        let blank = try CLIRunner.run(["scan", "--drive", "virtual:dvd+r"])
        XCTAssertEqual(blank.status, 0, blank.stderr)
        XCTAssertEqual(blank.stdout, "Nothing recorded: the DVD+R has no readable blocks\n")

        let empty = try CLIRunner.run(["scan", "--drive", "virtual:none", "--json"])
        XCTAssertEqual(empty.status, 1)
        XCTAssertEqual(try CLIRunner.jsonLines(empty.stdout).map { $0["event"] as? String }, ["error"])
        XCTAssertEqual(empty.stderr, "discburn: error: no disc in virtual:none: insert the disc to read and close the tray.\n")
    }

    func testHelpStatesTheExitStatus() throws {
        let help = try CLIRunner.run(["scan", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("--zone-blocks"), help.stdout)
        XCTAssertTrue(help.stdout.contains("--plot"), help.stdout)
        XCTAssertTrue(help.stdout.contains("1 when"), help.stdout)
    }
}

private final class ElementCounter: NSObject, XMLParserDelegate {
    var names: [String] = []
    var unreadableBands = 0

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        names.append(name)
        if name == "rect", attributes["class"] == "unreadable" { unreadableBands += 1 }
    }
}
