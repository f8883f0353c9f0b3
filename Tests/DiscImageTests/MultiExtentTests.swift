import DiscImage
import XCTest

/// ISO 9660 level 3 multi-extent file over 4 GiB, built from a sparse source and written to a sparse image.
final class MultiExtentTests: XCTestCase {
    static let hugeBytes: Int64 = 4_700_000_000

    func testHugeFileListsWithFullSizeAndExtracts() throws {
        try TestSupport.requireTools("xorriso")
        let directory = try TestSupport.scratch("huge")
        try TestSupport.shell("""
            set -e
            mkdir src && truncate -s \(Self.hugeBytes) src/huge.bin
            printf START | dd of=src/huge.bin conv=notrunc status=none
            printf MIDDLE | dd of=src/huge.bin bs=1 seek=4294967296 conv=notrunc status=none
            printf END | dd of=src/huge.bin bs=1 seek=\(Self.hugeBytes - 3) conv=notrunc status=none
            printf small > src/small.txt
            xorriso -as mkisofs -R -iso-level 3 -o - src 2>/dev/null | cp --sparse=always /dev/stdin huge.iso
            """, cwd: directory)
        let image = directory + "/huge.iso"
        let fileSystem = try DiscImage.fileSystem(path: image)
        let entry = try fileSystem.lookup("/huge.bin")
        XCTAssertEqual(entry.sizeBytes, Self.hugeBytes)
        XCTAssertEqual(entry.extents.count, 2)
        XCTAssertEqual(entry.extents.reduce(0) { $0 + $1.lengthBytes }, Self.hugeBytes)
        XCTAssertEqual(try ListingAgreementTests.ours(image), try XorrisoListing.list(image))

        let binary = try TestSupport.discburnOrFail()
        let result = try TestSupport.run(binary, ["image", "extract", image, directory + "/out"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("extracting: 100%"), result.stderr)
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: directory + "/out/huge.bin"))
        defer { try? handle.close() }
        XCTAssertEqual(try handle.seekToEnd(), UInt64(Self.hugeBytes))
        for (offset, marker) in [(UInt64(0), "START"), (UInt64(4_294_967_296), "MIDDLE"),
                                 (UInt64(Self.hugeBytes - 3), "END")] {
            try handle.seek(toOffset: offset)
            XCTAssertEqual(String(decoding: try handle.read(upToCount: marker.count) ?? Data(), as: UTF8.self), marker)
        }
        XCTAssertEqual(try TestSupport.run("cmp", ["src/huge.bin", "out/huge.bin"], cwd: directory).status, 0)
    }
}
