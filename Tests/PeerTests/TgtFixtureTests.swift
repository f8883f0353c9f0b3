import XCTest

/// The fixture itself: it must leave nothing behind and fail loudly when its tools are missing.
final class TgtFixtureTests: XCTestCase {
    func testStopLeavesNoDaemonSocketOrDirectory() throws {
        let tgt = try TgtFixture.start()
        let pid = tgt.pid
        XCTAssertTrue(DaemonRegistry.isAlive(pid))
        XCTAssertTrue(TgtFixture.canConnect(port: tgt.port))
        let shown = try tgt.admin(["--lld", "iscsi", "--mode", "target", "--op", "show"])
        XCTAssertEqual(shown.status, 0)
        tgt.stop()
        XCTAssertFalse(DaemonRegistry.isAlive(pid), "tgtd \(pid) still running after stop()")
        XCTAssertFalse(TgtFixture.canConnect(port: tgt.port))
        XCTAssertFalse(FileManager.default.fileExists(atPath: tgt.directory.path))
        tgt.stop()   // idempotent
    }

    func testMissingToolNamesTheDebianPackage() {
        XCTAssertThrowsError(try PeerEnvironment.requireTool("tgtd-that-does-not-exist", package: "tgt")) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.contains("apt-get install -y tgt"), message)
            XCTAssertTrue(message.contains("fail rather than skip"), message)
        }
    }

    func testPackageRootIsFoundFromThisFile() {
        let manifest = PeerEnvironment.packageRoot.appendingPathComponent("Package.swift")
        XCTAssertTrue(FileManager.default.fileExists(atPath: manifest.path), manifest.path)
    }
}
