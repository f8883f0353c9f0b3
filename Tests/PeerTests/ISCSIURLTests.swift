import XCTest
@testable import ISCSI

final class ISCSIURLTests: XCTestCase {
    func testFullURL() throws {
        let url = try ISCSIURL(parsing: "iscsi://127.0.0.1:3261/iqn.2026-01.test.discburn:rom/1")
        XCTAssertEqual(url.host, "127.0.0.1")
        XCTAssertEqual(url.port, 3261)
        XCTAssertEqual(url.targetName, "iqn.2026-01.test.discburn:rom")
        XCTAssertEqual(url.lun, 1)
        XCTAssertEqual(url.portal, "127.0.0.1:3261")
        XCTAssertEqual(url.description, "iscsi://127.0.0.1:3261/iqn.2026-01.test.discburn:rom/1")
    }

    func testDefaultPortAndHostName() throws {
        let url = try ISCSIURL(parsing: "iscsi://burner-host.example/iqn.2001-04.com.example:drive/0")
        XCTAssertEqual(url.host, "burner-host.example")
        XCTAssertEqual(url.port, 3260)
        XCTAssertEqual(url.lun, 0)
        XCTAssertEqual(url.portal, "burner-host.example:3260")
    }

    func testIPv6HostIsBracketedInPortal() throws {
        let url = try ISCSIURL(parsing: "iscsi://[::1]:3262/iqn.2026-01.test:x/16383")
        XCTAssertEqual(url.host, "::1")
        XCTAssertEqual(url.port, 3262)
        XCTAssertEqual(url.lun, 16_383)
        XCTAssertEqual(url.portal, "[::1]:3262")
        XCTAssertEqual(try ISCSIURL(parsing: "iscsi://[fe80::1]/eui.0123456789ABCDEF/2").port, 3260)
    }

    func testSchemeIsCaseInsensitive() throws {
        XCTAssertEqual(try ISCSIURL(parsing: "ISCSI://h/naa.6001405abcdef/3").targetName, "naa.6001405abcdef")
    }

    func testInvalidURLsNameTheProblemAndTheExpectedForm() {
        let cases: [(String, String)] = [
            ("/dev/sr0", "does not start with iscsi://"),
            ("iscsi://", "0 '/'-separated"),
            ("iscsi://host", "0 '/'-separated"),
            ("iscsi://host/iqn.2026-01.a:b", "1 '/'-separated"),
            ("iscsi://host/iqn.2026-01.a:b/1/extra", "3 '/'-separated"),
            ("iscsi:///iqn.2026-01.a:b/1", "host is empty"),
            ("iscsi://:3260/iqn.2026-01.a:b/1", "host is empty"),
            ("iscsi://host:0/iqn.2026-01.a:b/1", "port '0'"),
            ("iscsi://host:65536/iqn.2026-01.a:b/1", "port '65536'"),
            ("iscsi://host:/iqn.2026-01.a:b/1", "port ''"),
            ("iscsi://host:+80/iqn.2026-01.a:b/1", "port '+80'"),
            ("iscsi://user@host/iqn.2026-01.a:b/1", "host 'user@host'"),
            ("iscsi://[::1/iqn.2026-01.a:b/1", "'[' without ']'"),
            ("iscsi://[::1]x/iqn.2026-01.a:b/1", "unexpected 'x'"),
            ("iscsi://[zz]/iqn.2026-01.a:b/1", "'zz' is not an IPv6"),
            ("iscsi://host//1", "target name (IQN) is empty"),
            ("iscsi://host/target1/1", "does not start with iqn."),
            ("iscsi://host/iqn.a b/1", "spaces or non-ASCII"),
            ("iscsi://host/iqn.2026-01.a:b/", "LUN ''"),
            ("iscsi://host/iqn.2026-01.a:b/-1", "LUN '-1'"),
            ("iscsi://host/iqn.2026-01.a:b/16384", "LUN '16384'"),
            ("iscsi://host/iqn.2026-01.a:b/one", "LUN 'one'"),
            ("iscsi://host/iqn.2026-01.a:b/99999999999999999999999", "LUN '9999"),
        ]
        for (text, fragment) in cases {
            XCTAssertThrowsError(try ISCSIURL(parsing: text), text) { error in
                let message = String(describing: error)
                XCTAssertTrue(message.contains(fragment), "\(text): '\(message)' lacks '\(fragment)'")
                XCTAssertTrue(message.hasPrefix("invalid iSCSI URL '\(text)'"), message)
                XCTAssertTrue(message.hasSuffix("expected iscsi://HOST[:PORT]/IQN/LUN"), message)
            }
        }
    }

    func testOverlongTargetNameIsRejected() {
        let name = "iqn.2026-01.test:" + String(repeating: "x", count: 210)
        XCTAssertThrowsError(try ISCSIURL(parsing: "iscsi://h/\(name)/1")) { error in
            XCTAssertTrue(String(describing: error).contains("longer than 223 bytes"))
        }
    }
}
