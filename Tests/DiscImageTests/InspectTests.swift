@testable import DiscImage
import XCTest

/// `DiscImage.inspect` / `validate` and `image info --json` on images built at test time.
final class InspectTests: XCTestCase {
    func testRockRidgeJolietInfo() throws {
        let image = try ImageFixtures.shared().rockRidgeJoliet()
        let info = try DiscImage.inspect(path: image)
        XCTAssertEqual(info.format, .iso9660)
        XCTAssertEqual(info.volumeId, "RRJOLIET")
        XCTAssertTrue(info.joliet)
        XCTAssertTrue(info.rockRidge)
        XCTAssertNil(info.udf)
        XCTAssertNil(info.bootCatalog)
        XCTAssertEqual(info.hybrid.summary, "none")
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: image)[.size] as? Int)
        XCTAssertEqual(info.validation.blocks, Int64(size / 2048))
        XCTAssertEqual(info.validation.volumeBlocks, Int64(size / 2048))
        XCTAssertEqual(info.validation.problems, [])
        XCTAssertFalse(info.validation.truncated)
    }

    /// libiso9660 is asked for a second opinion on the descriptors; it must actually answer.
    func testLibiso9660SecondOpinionAnswers() throws {
        let fixtures = try ImageFixtures.shared()
        XCTAssertEqual(DiscImage.libiso9660VolumeId(path: try fixtures.plainISO()), "PLAIN")
        XCTAssertNotNil(DiscImage.libiso9660VolumeId(path: try fixtures.rockRidgeJoliet()))
    }

    func testJolietOnlyAndPlain() throws {
        let fixtures = try ImageFixtures.shared()
        let joliet = try DiscImage.inspect(path: try fixtures.jolietOnly())
        XCTAssertEqual(joliet.nameSpace, .joliet)
        XCTAssertFalse(joliet.rockRidge)
        let plain = try DiscImage.inspect(path: try fixtures.plainISO())
        XCTAssertEqual(plain.nameSpace, .iso9660)
        XCTAssertEqual(plain.volumeId, "PLAIN")
    }

    func testUDFBridgeReportsUDFVolumeNameFromLibudf() throws {
        let info = try DiscImage.inspect(path: try ImageFixtures.shared().udfBridge())
        XCTAssertEqual(info.format, .iso9660AndUDF)
        XCTAssertEqual(info.udf?.standard, "NSR02")
        XCTAssertEqual(info.udf?.volumeId, "UDF BRIDGE")
    }

    func testElToritoAndIsohybrid() throws {
        let info = try DiscImage.inspect(path: try ImageFixtures.shared().bootable())
        let entries = try XCTUnwrap(info.bootCatalog?.entries)
        XCTAssertEqual(entries.count, 2)
        XCTAssertEqual(entries[0].platform, .bios)
        XCTAssertEqual(entries[0].emulation, BootCatalog.Emulation.none)
        XCTAssertEqual(entries[0].sectorCount512, 4)
        XCTAssertTrue(entries[0].bootable)
        XCTAssertEqual(entries[1].platform, .uefi)
        XCTAssertEqual(entries[1].sectorCount512, 128)
        XCTAssertTrue(info.biosBootable)
        XCTAssertTrue(info.uefiBootable)
        XCTAssertEqual(info.hybrid.summary, "mbr+gpt")
        XCTAssertTrue(info.hybrid.mbrPartitions.contains { $0.type == 0xEF })
        XCTAssertTrue(info.usbBootable.yes)
    }

    func testInfoJSONKeys() throws {
        let binary = try TestSupport.discburnOrFail()
        let result = try TestSupport.run(binary, ["image", "info", try ImageFixtures.shared().bootable(), "--json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["format", "volumeId", "blocks", "blockSize", "joliet", "rockRidge", "udf", "bootable",
                    "elTorito", "hybrid", "truncated", "missingBlocks"] {
            XCTAssertNotNil(object[key], key)
        }
        XCTAssertEqual(object["format"] as? String, "iso9660")
        XCTAssertEqual(object["volumeId"] as? String, "BOOTABLE")
        XCTAssertEqual(object["blockSize"] as? Int, 2048)
        XCTAssertEqual(object["hybrid"] as? String, "mbr+gpt")
        XCTAssertEqual(object["bootable"] as? Bool, true)
        XCTAssertEqual(object["bootPlatforms"] as? [String], ["BIOS", "UEFI"])
        XCTAssertEqual(object["truncated"] as? Bool, false)
        XCTAssertEqual(object["missingBlocks"] as? Int, 0)
        let entries = try XCTUnwrap(object["elTorito"] as? [[String: Any]])
        XCTAssertEqual(entries.map { $0["platform"] as? String }, ["BIOS", "UEFI"])
        XCTAssertEqual(entries.map { $0["emulation"] as? String }, ["no", "no"])
    }

    func testTruncatedImageValidation() throws {
        let image = try ImageFixtures.shared().rockRidgeJoliet()
        let data = try Data(contentsOf: URL(fileURLWithPath: image))
        let path = try TestSupport.scratch("trunc") + "/cut.iso"
        let keptBlocks = data.count / 2048 - 37
        try data.prefix(keptBlocks * 2048 + 100).write(to: URL(fileURLWithPath: path))
        let validation = try DiscImage.validate(path: path)
        XCTAssertTrue(validation.truncated)
        XCTAssertEqual(validation.missingBlocks, 37)
        XCTAssertEqual(validation.blocksPresent, Int64(keptBlocks))
        XCTAssertEqual(validation.blocks, Int64(keptBlocks + 1))
        XCTAssertEqual(validation.volumeBlocks, Int64(data.count / 2048))
        XCTAssertTrue(validation.problems.contains { $0.contains("not a multiple of the 2048-byte sector size") })
        XCTAssertFalse(validation.isBurnable)
    }

    func testBinCueTracksAndListing() throws {
        let (cue, bin) = try ImageFixtures.shared().binCue()
        let info = try DiscImage.inspect(path: cue)
        XCTAssertEqual(info.format, .cue)
        let binBytes = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: bin)[.size] as? Int)
        XCTAssertEqual(info.tracks, [ImageTrack(number: 1, mode: "mode1", sectorBytes: 2352, startLBA: 0,
                                                blocks: Int64(binBytes / 2352))])
        XCTAssertEqual(info.volumeId, "RRJOLIET")
        XCTAssertEqual(info.validation.problems, [])
        XCTAssertEqual(info.validation.blocks, Int64(binBytes / 2352))
    }

    func testMissingBinNamesTheFile() throws {
        let directory = try TestSupport.scratch("cue")
        try TestSupport.write("FILE \"gone.bin\" BINARY\n TRACK 01 MODE1/2352\n  INDEX 01 00:00:00\n",
                              to: directory + "/x.cue")
        XCTAssertThrowsError(try DiscImage.inspect(path: directory + "/x.cue")) { error in
            XCTAssertEqual(error as? DiscImageError,
                           .missingTrackFile(cue: directory + "/x.cue", file: directory + "/gone.bin"))
        }
    }
}
