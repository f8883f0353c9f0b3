import Foundation
import XCTest
@testable import SGIO

/// A drive in use by another process is refused, naming that process (flock, as udev and systemd expect).
final class DeviceLockTests: XCTestCase {
    private var path: String!

    override func setUpWithError() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: path) }

    /// Another process (util-linux flock(1)) holds the lock: the refusal names its PID.
    func testALockHeldByAnotherProcessIsRefusedWithItsPID() throws {
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--exclusive", path, "/bin/sleep", "30"]
        try holder.run()
        defer {
            // flock(1) waits for its sleep: end both.
            for child in children(of: holder.processIdentifier) { kill(child, SIGKILL) }
            holder.terminate()
            holder.waitUntilExit()
        }
        // Wait until flock(1) holds it (its child sleep inherits the open file; either PID is the holder).
        var refusal: DeviceLock.InUse?
        for _ in 0..<200 {
            do {
                _ = try DeviceLock(path: path, mode: .shared)
                usleep(10_000)
            } catch let inUse as DeviceLock.InUse {
                refusal = inUse
                break
            }
        }
        let inUse = try XCTUnwrap(refusal, "flock(1) never took the lock")
        let pid = try XCTUnwrap(inUse.pid)
        XCTAssertEqual(pid, holder.processIdentifier, "flock(1) took the lock, so /proc/locks names it")
        XCTAssertTrue(inUse.description.contains("in use by PID \(pid)"), inUse.description)
    }

    /// EBUSY from an exclusive open: the holder found in /proc/locks is named.
    func testBusyOpenNamesTheProcessHoldingTheLock() throws {
        let holder = try DeviceLock(path: path, mode: .exclusive)
        XCTAssertEqual(SGIOOpenError.fromOpen(errno: EBUSY, path: path), .inUse(path: path, pid: getpid()))
        XCTAssertTrue(SGIOOpenError.inUse(path: path, pid: 42).description.contains("in use by PID 42"))
        _ = holder
        XCTAssertEqual(SGIOOpenError.fromOpen(errno: EBUSY, path: "/nonexistent/x"), .busy(path: "/nonexistent/x"))
    }

    func testSharedLocksCoexistAndExclusiveExcludes() throws {
        let a = try DeviceLock(path: path, mode: .shared)
        let b = try DeviceLock(path: path, mode: .shared)
        XCTAssertThrowsError(try DeviceLock(path: path, mode: .exclusive)) { XCTAssertTrue($0 is DeviceLock.InUse) }
        _ = (a, b)
    }

    func testLockIsReleasedWithTheValue() throws {
        do { _ = try DeviceLock(path: path, mode: .exclusive) }
        XCTAssertNoThrow(try DeviceLock(path: path, mode: .exclusive))
    }

    func testProcLocksParsing() {
        let text = """
            1: FLOCK  ADVISORY  WRITE 4242 00:05:1234 0 EOF
            1: -> FLOCK  ADVISORY  READ 777 00:05:1234 0 EOF
            2: POSIX  ADVISORY  WRITE 99 08:01:1234 0 EOF
            3: FLOCK  ADVISORY  READ 5151 fd:01:1234 0 EOF
            """
        XCTAssertEqual(DeviceLock.holder(device: 5, inode: 1234, locks: text), 4242)
        XCTAssertNil(DeviceLock.holder(device: 5, inode: 1234, excluding: 4242, locks: text), "a waiter is no holder")
        XCTAssertNil(DeviceLock.holder(device: 0x801, inode: 1234, locks: text), "POSIX locks are not flock")
        XCTAssertEqual(DeviceLock.holder(device: 0xFD01, inode: 1234, locks: text), 5151)
        XCTAssertNil(DeviceLock.holder(device: 5, inode: 1, locks: text))
        XCTAssertNil(DeviceLock.holder(device: 5, inode: 1234, locks: "garbage\n1: FLOCK\n\n"))
    }

    private func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { candidate in
            guard let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == pid
        }
    }
}
