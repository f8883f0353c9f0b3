import Foundation
import XCTest
@testable import SGIO

/// EACCES needs a user without root's override: as root, the test re-runs one test of this same binary as `nobody`
/// (setpriv) against a mode-600 node owned by root:cdrom, and checks what the child reports.
final class SGIOPermissionTests: XCTestCase {
    static let deviceVariable = "SGIO_PERMISSION_CHILD_DEVICE"
    static let groupVariable = "SGIO_PERMISSION_CHILD_GROUP"
    static let marker = "SGIO-CHILD-ERROR: "

    func testPermissionDeniedAsUnprivilegedUser() throws {
        let setpriv = "/usr/bin/setpriv"
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: setpriv), getpwnam("nobody") != nil,
              getgrnam("nogroup") != nil
        else { throw XCTSkip("needs root, setpriv, user nobody and group nogroup") }

        let directory = NSTemporaryDirectory() + "sgio-perm-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        XCTAssertEqual(chmod(directory, 0o755), 0)
        let node = directory + "/sr0"
        var null = stat()
        XCTAssertEqual(stat("/dev/null", &null), 0)
        if mknod(node, S_IFCHR | 0o600, null.st_rdev) != 0 {
            // No CAP_MKNOD: a mode-600 regular file fails the open the same way.
            XCTAssertTrue(FileManager.default.createFile(atPath: node, contents: Data()))
            XCTAssertEqual(chmod(node, 0o600), 0)
        }
        let group = getgrnam("cdrom").map { String(cString: $0.pointee.gr_name) }
        if let gid = getgrnam("cdrom")?.pointee.gr_gid { XCTAssertEqual(chown(node, 0, gid), 0) }

        let binary = try XCTUnwrap(Self.testBinaryPath())
        let child = Process()
        child.executableURL = URL(fileURLWithPath: setpriv)
        child.arguments = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", binary,
                           "SGIOTests.SGIOPermissionChildTests/testChildOpenIsDenied"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.deviceVariable] = node
        environment[Self.groupVariable] = group ?? ""
        child.environment = environment
        let output = Pipe()
        child.standardOutput = output
        child.standardError = output
        try child.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()

        XCTAssertEqual(child.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("Executed 1 test, with 0 failures"), text)
        let expected = SGIOOpenError.permissionDenied(path: node, group: group).description
        XCTAssertTrue(text.contains(Self.marker + expected), "child said:\n\(text)\nexpected: \(expected)")
    }

    static func testBinaryPath() -> String? {
        guard let resolved = realpath("/proc/self/exe", nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// Runs only inside the child started by `SGIOPermissionTests`; skipped otherwise.
final class SGIOPermissionChildTests: XCTestCase {
    func testChildOpenIsDenied() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let node = environment[SGIOPermissionTests.deviceVariable] else {
            throw XCTSkip("runs only as the unprivileged child of SGIOPermissionTests")
        }
        let group = environment[SGIOPermissionTests.groupVariable].flatMap { $0.isEmpty ? nil : $0 }
        XCTAssertNotEqual(getuid(), 0, "the child must not be root")
        do {
            _ = try SGIOTransport.open(path: node)
            XCTFail("open of a mode-600 root node succeeded for uid \(getuid())")
        } catch {
            print(SGIOPermissionTests.marker + error.description)
            XCTAssertEqual(error, .permissionDenied(path: node, group: group))
        }
    }
}
