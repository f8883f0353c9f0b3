import XCTest
import MMC
import SCSI

final class ModeSenseSelectTests: XCTestCase {
    // MARK: CDBs

    func testModeSenseCDBDefaults() {
        let cmd = ModeSense10(page: .capabilities)
        XCTAssertEqual(cmd.cdb.bytes, [
            0x5A,        // MODE SENSE(10)
            0x08,        // DBD
            0x2A,        // PC 00b (current), page 2Ah
            0x00,        // subpage
            0x00, 0x00, 0x00,
            0x01, 0x00,  // allocation length 256
            0x00,
        ])
        XCTAssertEqual(cmd.transfer, .fromDevice(allocationLength: 256))
    }

    func testModeSenseCDBFields() {
        let cmd = ModeSense10(page: .writeParameters, subpage: 0x01, control: .changeable, allocationLength: 0x1234,
                              disableBlockDescriptors: false)
        XCTAssertEqual(cmd.cdb.bytes, [0x5A, 0x00, 0x45, 0x01, 0, 0, 0, 0x12, 0x34, 0x00])
        XCTAssertEqual(ModeSense10(page: .all, control: .saved).cdb.bytes[2], 0xFF)
        XCTAssertEqual(ModeSense10(page: .caching, control: .default).cdb.bytes[2], 0x88)
    }

    func testModeSelectCDB() {
        let list = [UInt8](repeating: 0, count: 60)
        let cmd = ModeSelect10(parameterList: list)
        XCTAssertEqual(cmd.cdb.bytes, [
            0x55,        // MODE SELECT(10)
            0x10,        // PF = 1, SP = 0
            0, 0, 0, 0, 0,
            0x00, 0x3C,  // parameter list length 60
            0x00,
        ])
        XCTAssertEqual(cmd.transfer, .toDevice(list))
        XCTAssertEqual(ModeSelect10(parameterList: [], pageFormat: false, savePages: true).cdb.bytes[1], 0x01)
        XCTAssertEqual(ModeSelect10(parameterList: [1, 2], savePages: true).cdb.bytes[1], 0x11)
    }

    func testModeSelectFromPagesBuildsHeaderAndClearsPS() {
        let page = ModePage(code: .caching, parametersSavable: true, parameters: [0x04, 0x00])
        XCTAssertEqual(page.data, [0x88, 0x02, 0x04, 0x00])
        let cmd = ModeSelect10(pages: [page])
        XCTAssertEqual(cmd.parameterList, [
            0x00, 0x00,  // mode data length: reserved (0) in MODE SELECT
            0x00,        // medium type
            0x00,        // device-specific parameter
            0x00, 0x00,  // reserved
            0x00, 0x00,  // block descriptor length 0
            0x08, 0x02, 0x04, 0x00,  // caching page with PS cleared
        ])
        XCTAssertEqual(cmd.cdb.bytes[7...8], [0x00, 0x0C])
        XCTAssertTrue(cmd.pageFormat)
    }

    // MARK: ModePage

    func testModePageConstructionAndAccessors() throws {
        let page = ModePage(code: .powerCondition, parameters: [0, 3, 0, 0, 0, 10, 0, 0, 0, 20])
        XCTAssertEqual(page.data.prefix(2), [0x1A, 0x0A])
        XCTAssertEqual(page.headerLength, 2)
        XCTAssertEqual(page.declaredPageLength, 10)
        XCTAssertFalse(page.isTruncated)
        XCTAssertEqual(page.parameters.count, 10)
        let sub = ModePage(code: .informationalExceptions, subpageCode: 0x01, parameters: [1, 2, 3])
        XCTAssertEqual(sub.data, [0x5C, 0x01, 0x00, 0x03, 1, 2, 3])
        XCTAssertTrue(sub.isSubpageFormat)
        XCTAssertEqual(sub.parameters, [1, 2, 3])
        let decoded = try ModePage(bytes: sub.data)
        XCTAssertEqual(decoded, sub)
        let cut = try ModePage(bytes: [0x85, 0x32, 0x41])
        XCTAssertTrue(cut.isTruncated)
        XCTAssertTrue(cut.parametersSavable)
        XCTAssertEqual(cut.code, .writeParameters)
        XCTAssertEqual(cut.parameters, [0x41])
        MMCBTest.assertThrows([[], [0x45], [0x45, 0x01, 0x00]]) { try ModePage(bytes: $0) }
    }

    // MARK: MODE SENSE parameter list

    /// Header + a 6-byte caching page + a write parameters page cut after 4 parameter bytes.
    static let twoPages: [UInt8] = [
        0x00, 0x44,              // mode data length 68 (6 + 8 + 54 announced)
        0x00, 0x00,              // medium type, device-specific
        0x00, 0x00,              // LONGLBA 0, reserved
        0x00, 0x00,              // block descriptor length 0
        0x88, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,  // page 08h (PS), length 6, WCE
        0x05, 0x32, 0x41, 0x04, 0x08, 0x00,              // page 05h, length 50, but only 4 bytes arrive
    ]

    func testParameterListWithTwoPagesLastCut() throws {
        let list = try ModeSense10(page: .all).parse(Self.twoPages)
        XCTAssertEqual(list.modeDataLength, 0x44)
        XCTAssertEqual(list.mediumType, 0)
        XCTAssertEqual(list.deviceSpecific, 0)
        XCTAssertFalse(list.longLBA)
        XCTAssertEqual(list.blockDescriptorLength, 0)
        XCTAssertTrue(list.truncated)
        XCTAssertEqual(list.pages.count, 2)
        XCTAssertEqual(list.pages[0].code, .caching)
        XCTAssertTrue(list.pages[0].parametersSavable)
        XCTAssertFalse(list.pages[0].isTruncated)
        XCTAssertEqual(list.pages[0].data, [0x88, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00])
        let wp = try XCTUnwrap(list.page(.writeParameters))
        XCTAssertTrue(wp.isTruncated)
        XCTAssertEqual(wp.data, [0x05, 0x32, 0x41, 0x04, 0x08, 0x00])
        XCTAssertNil(list.page(.capabilities))
    }

    func testBlockDescriptorsAreSkipped() throws {
        let bytes: [UInt8] = [
            0x00, 0x12, 0x05, 0x80, 0x01, 0x00,  // length 18, medium type 5, WP bit, LONGLBA
            0x00, 0x08,                          // one 8-byte block descriptor
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00,
            0x1D, 0x02, 0xAB, 0xCD,              // page 1Dh, length 2
        ]
        let list = try ModeSense10(page: .timeoutAndProtect, disableBlockDescriptors: false).parse(bytes)
        XCTAssertEqual(list.mediumType, 5)
        XCTAssertEqual(list.deviceSpecificParameter, 0x80)
        XCTAssertTrue(list.longLBA)
        XCTAssertEqual(list.blockDescriptors, [0, 0, 0, 0, 0, 0, 0x08, 0x00])
        XCTAssertEqual(list.pages.map(\.code), [.timeoutAndProtect])
        XCTAssertEqual(list.pages[0].parameters, [0xAB, 0xCD])
        XCTAssertFalse(list.truncated)
    }

    func testSubpageFormatPageInList() throws {
        let bytes: [UInt8] = [0x00, 0x0D, 0, 0, 0, 0, 0x00, 0x00,
                              0x5C, 0x01, 0x00, 0x03, 0x11, 0x22, 0x33]  // page 1Ch subpage 01h, length 3
        let list = try ModeSense10(page: .informationalExceptions, subpage: 1).parse(bytes)
        let page = try XCTUnwrap(list.page(.informationalExceptions, subpage: 1))
        XCTAssertEqual(page.parameters, [0x11, 0x22, 0x33])
        XCTAssertFalse(list.truncated)
    }

    func testHostileParameterLists() throws {
        MMCBTest.assertThrows(MMCBTest.tinyVectors + [[0x00, 0x06, 0, 0, 0, 0, 0], [0x00, 0x05, 0, 0, 0, 0, 0, 0]]) {
            try ModeSense10(page: .all).parse($0)
        }
        // header only
        let empty = try ModeSense10(page: .all).parse([0x00, 0x06, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(empty.pages, [])
        XCTAssertFalse(empty.truncated)
        // block descriptor length beyond the data: no pages, flagged
        let overrun = try ModeSense10(page: .all).parse([0x00, 0x0A, 0, 0, 0, 0, 0xFF, 0xFF, 1, 2, 3, 4])
        XCTAssertEqual(overrun.pages, [])
        XCTAssertEqual(overrun.blockDescriptors, [1, 2, 3, 4])
        XCTAssertTrue(overrun.truncated)
        // one stray byte after the last page
        let stray = try ModeSense10(page: .all).parse([0x00, 0x0B, 0, 0, 0, 0, 0, 0, 0x1D, 0x00, 0x2A])
        XCTAssertEqual(stray.pages.map(\.code), [.timeoutAndProtect])
        XCTAssertTrue(stray.truncated)
        // announced length smaller than a page that follows: the page is clipped to the announced end
        let clipped = try ModeSense10(page: .all).parse([0x00, 0x08, 0, 0, 0, 0, 0, 0, 0x1D, 0x02, 0xAA, 0xBB])
        XCTAssertEqual(clipped.pages.first?.data, [0x1D, 0x02])
        XCTAssertTrue(clipped.pages.first?.isTruncated ?? false)
    }

    func testGarbageNeverCrashes() {
        var pagesSeen = 0
        MMCBTest.feedHostileInputs { bytes in
            var plausible = bytes  // no block descriptors, so the page splitter runs over the garbage
            if plausible.count >= 8 { (plausible[6], plausible[7]) = (0, 0) }
            for vector in [bytes, plausible] {
                guard let list = try? ModeSense10(page: .all).parse(vector) else { continue }
                pagesSeen += list.pages.count
                for page in list.pages {
                    _ = page.parameters
                    _ = try? WriteParametersPage(page)
                    _ = try? CapabilitiesPage(page)
                    _ = page.isTruncated ? nil : ModeSelect10(pages: [page])
                }
            }
            _ = try? ModePage(bytes: bytes)
        }
        XCTAssertGreaterThan(pagesSeen, 1000, "garbage should reach the page splitter")
    }
}
