@testable import DiscImage
import Foundation
import XCTest

/// The UDF tree reader: UDF-only images, a Windows-layout bridge, mkudffs volumes (UDF 1.02 and 2.01 with
/// extended file entries and embedded directories), refusals and hostile descriptors.
final class UDFReaderTests: XCTestCase {
    var directory = ""
    var files: [String: [UInt8]] = [:]

    override func setUpWithError() throws {
        directory = try TestSupport.scratch("udf")
        files = try UDFImage.windowsTree(directory + "/tree")
    }

    func udfOnly(_ patch: (inout UDFImage) throws -> Void = { _ in }) throws -> String {
        var image = try UDFImage.bridge(tree: directory + "/tree", output: directory + "/bridge.iso")
        image.removeISO9660()
        try patch(&image)
        let path = directory + "/udf-\(UUID().uuidString).iso"
        try image.write(path)
        return path
    }

    func contents(_ tree: any ImageTree) throws -> [String: [UInt8]] {
        var found: [String: [UInt8]] = [:]
        try tree.walk(tree.root, recursive: true) { entry in
            guard entry.kind == .file else { return }
            var data: [UInt8] = []
            try tree.readContents(of: entry, chunkBytes: 65536) { data += $0 }
            XCTAssertEqual(Int64(data.count), entry.sizeBytes, entry.path)
            found[String(entry.path.dropFirst())] = data
        }
        return found
    }

    func testUDFOnlyImageIsReadWholeThroughTheAutomaticChoice() throws {
        let image = try udfOnly()
        XCTAssertThrowsError(try DiscImage.fileSystem(path: image))
        let chosen = try DiscImage.tree(path: image)
        XCTAssertEqual(chosen.tree.treeName, "UDF")
        XCTAssertTrue(chosen.reason.contains("no ISO 9660"), chosen.reason)
        XCTAssertEqual(try contents(chosen.tree), files)
        let wim = try chosen.tree.lookup("/sources/install.wim")
        XCTAssertEqual(wim.sizeBytes, 3_000_000)
        XCTAssertEqual(try chosen.tree.lookup("deep/a/b").kind, .directory)
        XCTAssertFalse(chosen.tree.sizeValidation.truncated)
    }

    func testWindowsLayoutBridgeChoosesUDFWhoseTreeHoldsTheFiles() throws {
        var image = try UDFImage.bridge(tree: directory + "/tree", output: directory + "/win.iso")
        image.cutISO9660RootToReadme()
        let path = directory + "/win-cut.iso"
        try image.write(path)
        let iso = try DiscImage.tree(path: path, choice: .iso9660).tree
        XCTAssertEqual(try contents(iso).keys.sorted(), ["README.TXT"])
        let chosen = try DiscImage.tree(path: path)
        XCTAssertEqual(chosen.tree.treeName, "UDF")
        XCTAssertTrue(chosen.reason.contains("holds \(files.count) files, the Joliet tree 1"), chosen.reason)
        XCTAssertEqual(try contents(chosen.tree), files)
        // An unmodified bridge has the same files on both sides: its Joliet tree is kept.
        XCTAssertEqual(try DiscImage.tree(path: directory + "/win.iso").tree.treeName, "Joliet")
    }

    func testUDFChoiceOnAnImageWithoutUDFIsRefusedWithTheReason() throws {
        let plain = try ImageFixtures.shared().plainISO()
        XCTAssertThrowsError(_ = try DiscImage.tree(path: plain, choice: .udf)) { error in
            XCTAssertTrue("\(error)".contains("no UDF file system"), "\(error)")
        }
    }

    /// mkudffs (udftools) writes UDF 1.02 and 2.01 with file entries or extended file entries and the root
    /// directory embedded in its ICB or in short/long extents; its CD-RW layout uses a sparable partition.
    func testMkudffsVolumesOpenAndSparablePartitionsAreRefused() throws {
        for (revision, allocation) in [("1.02", "inicb"), ("1.02", "short"), ("2.01", "inicb"), ("2.01", "long")] {
            let path = directory + "/mk-\(revision)-\(allocation).img"
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(count: 2001 * 2048)))
            let made = try TestSupport.run("mkudffs", ["--media-type=hd", "--blocksize=2048", "--udfrev=\(revision)",
                                                       "--ad=\(allocation)", "--label=MK", path])
            XCTAssertEqual(made.status, 0, "mkudffs is missing? install udftools: \(made.stderr)")
            let chosen = try DiscImage.tree(path: path)
            XCTAssertEqual(chosen.tree.treeName, "UDF", "\(revision) \(allocation)")
            XCTAssertEqual(try contents(chosen.tree), [:], "\(revision) \(allocation)")
            XCTAssertEqual(try DiscImage.inspect(path: path).udf?.standard, revision == "1.02" ? "NSR02" : "NSR03")
        }
        let cdrw = directory + "/cdrw.img"
        XCTAssertTrue(FileManager.default.createFile(atPath: cdrw, contents: Data(count: 4000 * 2048)))
        XCTAssertEqual(try TestSupport.run("mkudffs", ["--media-type=cdrw", cdrw]).status, 0)
        XCTAssertThrowsError(_ = try DiscImage.tree(path: cdrw)) { error in
            XCTAssertTrue("\(error)".contains("sparable partition"), "\(error)")
        }
        XCTAssertTrue(try DiscImage.validate(path: cdrw).isBurnable, "unsupported is not damaged")
    }

    /// UDF 2.50 metadata partition: the file set and root directory are found through the metadata file's
    /// two extents; a metadata map whose file entry is not a metadata file is damage.
    func testMetadataPartitionIsReadThroughTheMetadataFile() throws {
        let image = try udfOnly { $0.addMetadataPartition() }
        let tree = try DiscImage.tree(path: image).tree
        XCTAssertEqual(try contents(tree), files)
        let volume = try XCTUnwrap(tree as? UDFFileSystem).volume
        guard case .metadata(_, let extents) = volume.maps[1] else { return XCTFail("no metadata map") }
        XCTAssertEqual(extents.count, 2)
        let shifted = try udfOnly { $0.addMetadataPartition(shift: 1) }
        XCTAssertThrowsError(try contents(DiscImage.tree(path: shifted).tree), "blocks past the split are misread")
        let wrongType = try udfOnly { $0.addMetadataPartition(fileType: 5) }
        XCTAssertThrowsError(_ = try DiscImage.tree(path: wrongType, choice: .udf)) { error in
            XCTAssertTrue("\(error)".contains("file type 5"), "\(error)")
        }
    }

    // MARK: hostile descriptors

    func assertDamaged(_ image: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try contents(DiscImage.tree(path: image, choice: .udf).tree), file: file, line: line) {
            XCTAssertTrue("\($0)".contains(expected), "\($0)", file: file, line: line)
        }
    }

    func testDirectoryLoopIsRefused() throws {
        let image = try udfOnly { image in
            // /deep/a/b points back at /deep.
            let deep = try XCTUnwrap(image.fileIdentifier("deep"))
            let b = try XCTUnwrap(image.fileIdentifier("b"))
            image.setLE32(b + 24, image.le32(deep + 24))
            image.retag(b)
        }
        assertDamaged(image, "directory loop")
    }

    /// A UDF-only image has no ISO 9660 tree to check: its UDF tree is walked by `inspect`, so a damaged one is
    /// not burned without --force, while a sound one and a refused-but-sound (sparable) volume stay burnable.
    func testDamagedUDFOnlyImageIsNotBurnable() throws {
        XCTAssertTrue(try DiscImage.validate(path: try udfOnly()).isBurnable)
        let looped = try udfOnly { image in
            let deep = try XCTUnwrap(image.fileIdentifier("deep"))
            let b = try XCTUnwrap(image.fileIdentifier("b"))
            image.setLE32(b + 24, image.le32(deep + 24))
            image.retag(b)
        }
        let validation = try DiscImage.validate(path: looped)
        XCTAssertFalse(validation.isBurnable)
        XCTAssertTrue(validation.problems.joined().contains("directory loop"), "\(validation.problems)")
        let binary = try TestSupport.discburnOrFail()
        let burn = try TestSupport.run(binary, ["burn", looped, "--drive", "virtual:dvd+r", "--no-verify"])
        XCTAssertNotEqual(burn.status, 0)
        XCTAssertTrue(burn.stderr.contains("directory loop"), burn.stderr)
        let forced = try TestSupport.run(binary, ["burn", looped, "--drive", "virtual:dvd+r", "--no-verify", "--force"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
    }

    func testOversizedIdentifierAndFileLengthAreDamageNotATrap() throws {
        let identifier = try udfOnly { image in
            let fid = try XCTUnwrap(image.fileIdentifier("c.txt"))
            image.bytes[fid + 36] = 0xFF
            image.bytes[fid + 37] = 0xFF
            image.retag(fid)
        }
        assertDamaged(identifier, "bad file identifier")
        let length = try udfOnly { image in
            let entry = image.fileEntry(of: try XCTUnwrap(image.fileIdentifier("install.wim")))
            image.setLE32(entry + 56, 0)
            image.setLE32(entry + 60, 1)  // 4 GiB, its extents hold 3 MB
            image.retag(entry)
        }
        assertDamaged(length, "of its")
        let badCRC = try udfOnly { image in
            let entry = image.fileEntry(of: try XCTUnwrap(image.fileIdentifier("bcd")))
            image.bytes[entry + 60] ^= 1
        }
        assertDamaged(badCRC, "no valid file entry")
    }

    func testTruncatedUDFImageFailsOnTheMissingDataAndSaysTruncated() throws {
        let whole = try udfOnly()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
        bytes = bytes.prefix(bytes.count - 200 * 2048)
        let cut = directory + "/cut.iso"
        try bytes.write(to: URL(fileURLWithPath: cut))
        let tree = try DiscImage.tree(path: cut).tree
        XCTAssertTrue(tree.sizeValidation.truncated)
        XCTAssertThrowsError(try contents(tree))
    }

    func testHostileNamesAreEscapedInListingsAndCannotLeaveTheExtractionDirectory() throws {
        let binary = try TestSupport.discburnOrFail()
        let image = try udfOnly { image in
            try image.rename("README.TXT", to: Array("R\n\u{1B}[31m.TX".utf8))
            try image.rename("ab", to: Array("..".utf8))
        }
        let listing = try TestSupport.run(binary, ["image", "ls", image, "-R"])
        XCTAssertEqual(listing.status, 0, listing.stderr)
        XCTAssertFalse(listing.stdout.contains("\u{1B}"), listing.stdout)
        XCTAssertTrue(listing.stdout.contains("/R\\n\\x1b[31m.TX"), listing.stdout)
        try FileManager.default.createDirectory(atPath: directory + "/out", withIntermediateDirectories: true)
        let destination = directory + "/out/inner"
        let extract = try TestSupport.run(binary, ["image", "extract", image, destination, "--quiet"])
        XCTAssertEqual(extract.status, 0, extract.stderr)
        XCTAssertTrue(extract.stderr.contains("written as"), extract.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: destination + "/sources/install.wim")),
                       Data(files["sources/install.wim"]!))
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/out")
        XCTAssertEqual(names, ["inner"], "nothing written beside the destination")
    }

    func testImageLsOfAUDFOnlyImageListsItsTree() throws {
        let binary = try TestSupport.discburnOrFail()
        let image = try udfOnly()
        let listing = try TestSupport.run(binary, ["image", "ls", image, "-R", "--json"])
        XCTAssertEqual(listing.status, 0, listing.stderr)
        XCTAssertTrue(listing.stdout.contains("\"path\":\"/sources/install.wim\",\"type\":\"file\",\"size\":3000000"),
                      listing.stdout)
        XCTAssertEqual(listing.stdout.split(separator: "\n").count, files.count + 7)  // + boot efi efi/boot sources deep deep/a deep/a/b
        let refused = try TestSupport.run(binary, ["image", "ls", image, "--iso9660"])
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("only a UDF file system"), refused.stderr)
    }
}
