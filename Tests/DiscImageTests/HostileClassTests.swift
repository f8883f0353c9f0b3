@testable import DiscImage
import XCTest

/// Issue 13, classes 1, 2, 3, 5, 8, 11, 12 at the image layer: each test was seen failing before its fix.
final class HostileClassTests: XCTestCase {
    /// Builds a Rock Ridge image of the tree made by `shellLines` (run in the source directory).
    static func image(_ name: String, _ shellLines: String) throws -> (image: String, directory: String) {
        try TestSupport.requireTools("xorriso")
        let directory = try TestSupport.scratch(name)
        let source = directory + "/src"
        try TestSupport.shell("mkdir -p '\(source)' && cd '\(source)' && \(shellLines) && "
            + "xorriso -as mkisofs -R -o '\(directory)/\(name).iso' . 2>/dev/null")
        return (directory + "/\(name).iso", directory)
    }

    static func patch(_ path: String, _ body: (inout Data) throws -> Void) throws {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try body(&bytes)
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    // MARK: 1. symlinks judged by what they resolve to

    func testSymlinkThroughAnEarlierSymlinkIsNotCreated() throws {
        let binary = try TestSupport.discburnOrFail()
        let (image, directory) = try Self.image("through", "mkdir sub && ln -s .. sub/up && ln -s sub/up/.. esc "
            + "&& ln -s sub/up/x fine && printf hi > sub/file")
        let destination = directory + "/dest"
        let result = try TestSupport.run(binary, ["image", "extract", image, destination])
        XCTAssertEqual(result.status, 0, result.stderr)
        var info = stat()
        XCTAssertNotEqual(lstat(destination + "/esc", &info), 0, "esc -> sub/up/.. leaves DEST and was created")
        XCTAssertTrue(result.stderr.contains("'/esc' -> 'sub/up/..' not created"), result.stderr)
        XCTAssertEqual(lstat(destination + "/fine", &info), 0, "a link descending through a link stays inside")
        XCTAssertEqual(lstat(destination + "/sub/up", &info), 0)
    }

    func testSymlinkTargetWithNULIsNotCreated() throws {
        let binary = try TestSupport.discburnOrFail()
        let (image, directory) = try Self.image("nul", "ln -s QQQ/x/y evil && printf hi > plain")
        try Self.patch(image) { bytes in
            let needle = Data([0, 3]) + Data("QQQ".utf8)
            let range = try XCTUnwrap(bytes.range(of: needle), "SL component QQQ not found")
            bytes.replaceSubrange(range, with: Data([0, 3, 0x2E, 0x2E, 0]))
        }
        let destination = directory + "/dest"
        let result = try TestSupport.run(binary, ["image", "extract", image, destination])
        XCTAssertEqual(result.status, 0, result.stderr)
        var info = stat()
        XCTAssertNotEqual(lstat(destination + "/evil", &info), 0, "target '..\\0/x/y' was cut to '..' by symlink()")
        XCTAssertEqual(lstat(destination + "/plain", &info), 0)
    }

    // MARK: 2. Rock Ridge continuation areas

    /// Replaces the PX entry of the file record named `name` in the root directory with a CE entry (plus padding)
    /// built by `continuation(rootLBA, offsetOfTheCEInItsBlock)`.
    static func replacePXWithCE(_ bytes: inout Data, recordNamed name: String,
                                _ continuation: (Int, Int) -> (lba: Int, offset: Int, length: Int)) throws {
        let root = BadImageCorpus.rootLBA(bytes)
        let record = try XCTUnwrap(BadImageCorpus.rootRecords(bytes).first { $0.name == Array(name.utf8) })
        let recordEnd = record.offset + Int(bytes[record.offset])
        let px = try XCTUnwrap(bytes.range(of: Data("PX".utf8), in: record.offset..<recordEnd))
        let pxLength = Int(bytes[px.lowerBound + 2])
        XCTAssertGreaterThanOrEqual(pxLength, 32)
        let (lba, offset, length) = continuation(root, px.lowerBound - root * 2048)
        var entry = Data("CE".utf8) + Data([28, 1]) + Data(count: 24)
        BadImageCorpus.putBoth(&entry, 4, lba)
        BadImageCorpus.putBoth(&entry, 12, offset)
        BadImageCorpus.putBoth(&entry, 20, length)
        entry += Data("PD".utf8) + Data([UInt8(pxLength - 28), 1]) + Data(count: pxLength - 32)
        bytes.replaceSubrange(px.lowerBound..<(px.lowerBound + pxLength), with: entry)
    }

    func testContinuationPointingAtItselfIsReportedAsDamage() throws {
        let (image, _) = try Self.image("celoop", "printf one > AAAAAAAA && printf two > BBBBBBBB")
        try Self.patch(image) { bytes in
            try Self.replacePXWithCE(&bytes, recordNamed: "AAAAAAAA.;1") { root, offset in (root, offset, 28) }
        }
        let info = try DiscImage.inspect(path: image)
        XCTAssertTrue(info.validation.problems.contains { $0.contains("continuation") }, "\(info.validation.problems)")
        let fileSystem = try DiscImage.fileSystem(path: image)
        var names: [String] = []
        try fileSystem.walk(fileSystem.root, recursive: true) { names.append($0.name) }
        XCTAssertEqual(names.sorted(), ["AAAAAAAA", "BBBBBBBB"])
    }

    func testContinuationFarOffsetReadsOnlyItsBlocks() throws {
        let (image, _) = try Self.image("cefar", "printf one > AAAAAAAA")
        try Self.patch(image) { bytes in
            try Self.replacePXWithCE(&bytes, recordNamed: "AAAAAAAA.;1") { root, _ in (root, 0xFFFF_F000, 64) }
        }
        let info = try DiscImage.inspect(path: image)
        XCTAssertTrue(info.validation.problems.contains { $0.contains("continuation") }, "\(info.validation.problems)")
    }

    // MARK: 3. nothing reaches libcdio unchecked

    func testGarbageNRGAndTOCAreRefusedByName() throws {
        let binary = try TestSupport.discburnOrFail()
        let directory = try TestSupport.scratch("nrg")
        var random = SeededBytes(seed: 0x4E52_47)
        for name in ["garbage.nrg", "garbage.toc"] {
            let path = directory + "/" + name
            try (Data("NER5".utf8) + Data(random.bytes(70_000)) + Data("NER5".utf8) + Data([0, 0, 0, 0, 0, 0, 0x10, 0]))
                .write(to: URL(fileURLWithPath: path))
            for arguments in [["image", "info", path], ["image", "ls", path]] {
                let result = try TestSupport.run(binary, arguments)
                XCTAssertTrue(result.exitedNormally, "crashed: \(arguments)")
                XCTAssertNotEqual(result.status, 0)
                XCTAssertTrue(result.stderr.hasPrefix("discburn: error: ") && result.stderr.contains("not supported"),
                              result.stderr)
            }
        }
    }

    func testCueWithMalformedLinesIsRefusedBeforeLibcdio() throws {
        let directory = try TestSupport.scratch("badcue")
        try Data(count: 2352 * 10).write(to: URL(fileURLWithPath: directory + "/d.bin"))
        let sheets = [
            "FILE \"d.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 99:99:99999\n",
            "FILE \"d.bin\" BINARY\n  TRACK 00 MODE1/2352\n    INDEX 01 00:00:00\n",
            "FILE \"d.bin\" BINARY\n  TRACK 01 MODE7/9999\n    INDEX 01 00:00:00\n",
            "FILE \"d.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n  TRACK 01 AUDIO\n",
            "FILE \"d.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n  FLAGS DCP\n  \u{1}\u{2}junk\n",
        ]
        for (index, sheet) in sheets.enumerated() {
            let path = directory + "/s\(index).cue"
            try TestSupport.write(sheet, to: path)
            XCTAssertThrowsError(try TrackImageReader.checkCue(path: path), "accepted: \(sheet)")
        }
    }

    // MARK: 5. special files

    func testFIFOAndCharacterDeviceAreRefusedWithoutBlocking() throws {
        let binary = try TestSupport.discburnOrFail()
        let directory = try TestSupport.scratch("fifo")
        let fifo = directory + "/pipe.iso"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        for path in [fifo, "/dev/zero"] {
            let result = try TestSupport.run("/usr/bin/timeout", ["20", binary, "image", "info", path])
            XCTAssertNotEqual(result.status, 124, "blocked on \(path)")
            XCTAssertTrue(result.stderr.contains("not a regular file"), result.stderr)
        }
        // In process: hold the FIFO open for writing so that, before the fix, open(2) returned instead of hanging.
        let writer = open(fifo, O_RDWR | O_NONBLOCK)
        defer { close(writer) }
        XCTAssertThrowsError(try ImageFile(path: fifo))
    }

    // MARK: 8. UDF sizes

    func testTruncatedUDFOnlyImageIsNotBurnable() throws {
        let bridge = try ImageFixtures.shared().udfBridge()
        let directory = try TestSupport.scratch("udfonly")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: bridge))
        for block in 16..<19 where bytes[block * 2048 + 1..<block * 2048 + 6] == Data("CD001".utf8) {
            bytes.replaceSubrange(block * 2048 + 1..<block * 2048 + 6, with: Data("BEA01".utf8))
        }
        let whole = directory + "/udf.iso"
        try bytes.write(to: URL(fileURLWithPath: whole))
        let wholeInfo = try DiscImage.inspect(path: whole)
        XCTAssertEqual(wholeInfo.format, .udf)
        XCTAssertTrue(wholeInfo.validation.isBurnable, "\(wholeInfo.validation.problems)")
        let cut = directory + "/udf-cut.iso"
        try bytes.prefix(257 * 2048).write(to: URL(fileURLWithPath: cut))
        let info = try DiscImage.inspect(path: cut)
        XCTAssertEqual(info.format, .udf)
        XCTAssertTrue(info.validation.truncated, "\(info.validation)")
        XCTAssertFalse(info.validation.isBurnable)
    }

    // MARK: 11. names printed raw, duplicate names

    func testControlCharactersInNamesAreEscapedInTextListing() throws {
        let binary = try TestSupport.discburnOrFail()
        let (image, _) = try Self.image("ctrl", "printf x > NLNAMEXY")
        try Self.patch(image) { try HostileNameTests.patchName(&$0, from: "NLNAMEXY", to: "X\n\u{1B}[31mY") }
        let result = try TestSupport.run(binary, ["image", "ls", image, "-R"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains("\u{1B}"), result.stdout)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 1, result.stdout)
        XCTAssertTrue(result.stdout.contains("/X\\n\\x1b[31mY"), result.stdout)
        let json = try TestSupport.run(binary, ["image", "ls", image, "-R", "--json"])
        XCTAssertTrue(json.stdout.contains("\"/X\\n\\u001b[31mY\""), json.stdout)
    }

    func testDuplicateNamesAreReportedAndNeverOverwritten() throws {
        let binary = try TestSupport.discburnOrFail()
        let (image, directory) = try Self.image("dups", "printf first > AAAAAAAA && printf second > BBBBBBBB")
        try Self.patch(image) { try HostileNameTests.patchName(&$0, from: "BBBBBBBB", to: "AAAAAAAA") }
        for force in [false, true] {
            let destination = directory + "/out-\(force)"
            let result = try TestSupport.run(binary, ["image", "extract", image, destination] + (force ? ["--force"] : []))
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stderr.contains("duplicate name"), result.stderr)
            let contents = try FileManager.default.contentsOfDirectory(atPath: destination).sorted()
            XCTAssertEqual(contents.count, 2, "\(contents)")
            let texts = try contents.map { try String(contentsOfFile: destination + "/" + $0, encoding: .utf8) }
            XCTAssertEqual(Set(texts), ["first", "second"])
        }
    }

    // MARK: 12. disk full during extract

    func testExtractOntoAFullDiskRemovesThePartialFileAndCanRerun() throws {
        let binary = try TestSupport.discburnOrFail()
        let (image, directory) = try Self.image("full", "head -c 400000 /dev/urandom > big.bin && printf s > small")
        let destination = directory + "/dest"
        // A file size limit with SIGXFSZ ignored makes write(2) fail with EFBIG, as a full disk does with ENOSPC.
        let limited = try TestSupport.run("/bin/bash", ["-c",
            "trap '' XFSZ; ulimit -f 100; exec '\(binary)' image extract --quiet '\(image)' '\(destination)'"])
        XCTAssertTrue(limited.exitedNormally)
        XCTAssertNotEqual(limited.status, 0)
        XCTAssertTrue(limited.stderr.hasPrefix("discburn: error: "), limited.stderr)
        XCTAssertEqual(limited.stderr.split(separator: "\n").count, 1, limited.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: destination + "/big.bin"), "partial file left behind")
        let rerun = try TestSupport.run(binary, ["image", "extract", "--quiet", image, destination])
        XCTAssertEqual(rerun.status, 0, rerun.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: destination + "/big.bin")).count, 400_000)
    }
}
