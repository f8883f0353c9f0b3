import XCTest
@testable import VirtualDrive

final class SpecTests: XCTestCase {
    func testPlainMedium() throws {
        let s = try VirtualDriveSpec(parsing: "dvd+r")
        XCTAssertEqual(s.media, .dvdPlusR)
        XCTAssertNil(s.directory)
        XCTAssertNil(s.writeSpeedMultiplier)
        XCTAssertFalse(s.unitAttentionOnLoad)
        XCTAssertEqual(try VirtualDriveSpec(parsing: "virtual:BD-RE").media, .bdRE)
    }

    func testDirectoryAndOptions() throws {
        let s = try VirtualDriveSpec(parsing: "bd-r:/tmp/a:b/disc?speed=4x&attention=1&becoming=3")
        XCTAssertEqual(s.media, .bdR)
        XCTAssertEqual(s.directory, "/tmp/a:b/disc")
        XCTAssertEqual(s.writeSpeedMultiplier, 4)
        XCTAssertTrue(s.unitAttentionOnLoad)
        XCTAssertEqual(s.becomingReadyCommands, 3)
        XCTAssertEqual(s.description, "bd-r:/tmp/a:b/disc?speed=4x&attention=1&becoming=3")
        XCTAssertEqual(try VirtualDriveSpec(parsing: "dvd+r?speed=2.4x").writeSpeedMultiplier, 2.4)
    }

    func testPressedNeedsImage() throws {
        let s = try VirtualDriveSpec(parsing: "cd-rom:/x/y.iso")
        XCTAssertEqual(s.imagePath, "/x/y.iso")
        XCTAssertNil(s.directory)
    }

    func testErrorsAreClear() {
        XCTAssertThrowsError(try VirtualDriveSpec(parsing: "dvd+rx")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("unknown virtual medium \"dvd+rx\""), text)
            XCTAssertTrue(text.contains("dvd+r, dvd+r-dl, dvd+rw"), text)
        }
        XCTAssertThrowsError(try VirtualDriveSpec(parsing: "dvd+r?speed=fast")) { error in
            XCTAssertTrue("\(error)".contains("speed=fast"))
        }
        XCTAssertThrowsError(try VirtualDriveSpec(parsing: "dvd+r?colour=red")) { error in
            XCTAssertTrue("\(error)".contains("valid options: speed, attention, becoming"))
        }
        XCTAssertThrowsError(try VirtualDriveSpec(parsing: "none:/tmp/x"))
        XCTAssertThrowsError(try VirtualDriveSpec(parsing: "dvd+r:"))
        XCTAssertThrowsError(try VirtualDriveSpec(parsing: "dvd+r?attention"))
    }

    func testEveryKindParsesByName() throws {
        for kind in VirtualMediaKind.allCases where !kind.isPressed {
            XCTAssertEqual(try VirtualDriveSpec(parsing: kind.rawValue).media, kind)
            XCTAssertEqual(try VirtualDrive.open(parsing: kind.rawValue).loadedMedia, kind)
        }
    }
}
