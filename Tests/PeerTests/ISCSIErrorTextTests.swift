import XCTest
@testable import ISCSI

/// libiscsi's internal function names never reach a user: its errors are said in DiscBurn's words.
final class ISCSIErrorTextTests: XCTestCase {
    func testLibiscsiTextBecomesAPlainCause() {
        let cases: [(String, String)] = [
            ("iscsi_service_reconnect_if_loggedin: socket error", "the target closed the connection"),
            ("iscsi_connect_async: connect() failed: Connection refused", "the connection was refused"),
            ("Login failed: Target not found (0x0203)", "the target does not exist on that portal"),
            ("iscsi_tcp_service: read from socket failed: Connection reset by peer", "the target closed the connection"),
            ("Login failed: Authorization failure (0x0201)", "the target refused the login (not authorised)"),
            ("iscsi_something_new: odd thing happened", "the target failed: odd thing happened"),
            ("", "the target failed"),
        ]
        for (libiscsi, expected) in cases {
            let plain = ISCSIErrorText.plain(libiscsi)
            XCTAssertEqual(plain, expected, libiscsi)
            XCTAssertFalse(plain.contains("iscsi_"), plain)
        }
    }
}
