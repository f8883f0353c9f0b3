@testable import USBWriter
import XCTest

final class ImageFactsTests: XCTestCase {
    func testHybridISOIsAccepted() throws {
        let iso = try TestISO.make(boot: .bios, hybridMBR: true)
        let facts = try ImageFacts.inspect(path: iso.path)
        XCTAssertEqual(facts.kind, .hybridISO)
        XCTAssertNil(facts.bootProblem)
        XCTAssertEqual(facts.sizeBytes, try XCTUnwrap(FileManager.default.attributesOfItem(atPath: iso.path)[.size] as? NSNumber).uint64Value)
    }

    func testPlainISOIsRefusedWithTheElToritoReason() throws {
        let bios = try ImageFacts.inspect(path: try TestISO.make(boot: .bios).path)
        XCTAssertEqual(bios.kind, .plainISO)
        guard case .notBootable(_, let reason)? = bios.bootProblem else { return XCTFail("\(String(describing: bios.bootProblem))") }
        XCTAssertTrue(reason.contains("El Torito only"), reason)
        let none = try ImageFacts.inspect(path: try TestISO.make().path)
        guard case .notBootable(_, let noCatalog)? = none.bootProblem else { return XCTFail() }
        XCTAssertTrue(noCatalog.contains("no El Torito boot catalog"), noCatalog)
    }

    func testUEFIOnlyElToritoNeedsAFileCopyStick() throws {
        let facts = try ImageFacts.inspect(path: try TestISO.make(boot: .uefi).path)
        guard case .uefiOnly? = facts.bootProblem else { return XCTFail("\(String(describing: facts.bootProblem))") }
        XCTAssertTrue("\(facts.bootProblem!)".contains("file-copy stick"))
    }

    func testCompressedImageIsMeasuredAndChecked() throws {
        let iso = try TestISO.make(boot: .bios, hybridMBR: true)
        let bytes = [UInt8](try Data(contentsOf: iso))
        let compressed = try temporaryFile("test.iso.zst", Compressors.zstd(bytes))
        let facts = try ImageFacts.inspect(path: compressed.path)
        XCTAssertEqual(facts.compression, .zstd)
        XCTAssertEqual(facts.sizeBytes, UInt64(bytes.count))
        XCTAssertEqual(facts.kind, .hybridISO)
        let plain = [UInt8](try Data(contentsOf: try TestISO.make(boot: .bios)))
        let plainFacts = try ImageFacts.inspect(path: try temporaryFile("p.iso.gz", Compressors.gzip(plain)).path)
        XCTAssertEqual(plainFacts.kind, .plainISO)
        XCTAssertNotNil(plainFacts.bootProblem)
    }

    func testDiskImagesAndUnknownData() throws {
        var gpt = [UInt8](repeating: 0, count: 1 << 20)
        gpt.replaceSubrange(512..<520, with: Array("EFI PART".utf8))
        XCTAssertEqual(try ImageFacts.inspect(path: try temporaryFile("disk.img", gpt).path).kind, .diskImage)
        let unknown = try ImageFacts.inspect(path: try temporaryFile("x.bin", patterned(100_000)).path)
        XCTAssertEqual(unknown.kind, .unknown)
        XCTAssertNotNil(unknown.bootProblem)
        XCTAssertThrowsError(try ImageFacts.inspect(path: try temporaryFile("empty.iso", []).path)) {
            guard case .emptyImage? = $0 as? USBWriteError else { return XCTFail("\($0)") }
        }
    }
}
