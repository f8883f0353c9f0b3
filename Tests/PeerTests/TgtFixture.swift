import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private tgtd (Linux SCSI target framework) on 127.0.0.1, for tests against an MMC implementation nobody on
/// this team wrote. See shared/PEERS.md §1.
///
/// Typical use, once per test class:
/// ```
/// override class func setUp() { fixture = Result { try TgtFixture.startWithStandardMedia() } }
/// override class func tearDown() { try? fixture?.get().stop() }
/// let tgt = try fixture.get()   // in each test: a failed start fails every test
/// let drive = try ISCSITransport.connect(url: tgt.blank.url)
/// ```
/// The daemon listens on a free port with its own IPC socket in a temp directory, so it never meets a system
/// tgt.service. It is stopped by `stop()`, at process exit (`atexit`), and by a watchdog shell that kills it
/// when the test process dies without either.
final class TgtFixture: @unchecked Sendable {
    /// One iSCSI target with a single CD/DVD logical unit (LUN 1; LUN 0 is tgt's controller LUN).
    struct Target: Sendable {
        let tid: Int
        let name: String
        let backingFile: URL
        let port: Int
        static let lun = 1
        var url: String { "iscsi://127.0.0.1:\(port)/\(name)/\(Self.lun)" }
    }

    static let romName = "iqn.2026-01.test.discburn:rom"
    static let blankName = "iqn.2026-01.test.discburn:blank"

    /// Write cache on: MODE page 08h (caching), 10 bytes, WCE (byte 2 bit 2) set (SBC-3 §6.4.5).
    static let cachingModePage = "mode_page=8:0:10:4:0:0:0:0:0:0:0:0:0"
    /// Larger iSCSI bursts than the 8 KiB default (RFC 7143 §13): ~500 MB/s instead of ~70 MB/s here.
    static let burstParameters = [("MaxRecvDataSegmentLength", "262144"), ("FirstBurstLength", "262144"),
                                  ("MaxBurstLength", "1048576")]

    let directory: URL
    let port: Int
    let pid: pid_t
    private let tgtadm: String
    private let watchdogPID: pid_t?
    private var targets: [Int: Target] = [:]
    private var stopped = false
    private let lock = NSLock()

    /// Set by `startWithStandardMedia()`: the pressed DVD-ROM (tid 1) and the blank DVD+R (tid 2), and the ISO.
    private(set) var rom: Target!
    private(set) var blank: Target!
    private(set) var isoFile: URL!

    var environment: [String: String] { ["TGT_IPC_SOCKET": directory.appendingPathComponent("tgtd.sock").path] }

    private init(directory: URL, port: Int, pid: pid_t, tgtadm: String, watchdogPID: pid_t?) {
        self.directory = directory
        self.port = port
        self.pid = pid
        self.tgtadm = tgtadm
        self.watchdogPID = watchdogPID
    }

    deinit { stop() }

    // MARK: start

    /// Starts tgtd and adds a pressed DVD-ROM from a fresh ISO (tid 1) and a blank DVD+R (tid 2).
    static func startWithStandardMedia(isoPayloadBytes: Int = 3 << 20) throws -> TgtFixture {
        let fixture = try start()
        do {
            let iso = fixture.directory.appendingPathComponent("rom.iso")
            try TestMedia.makeISO(at: iso, payloadBytes: isoPayloadBytes)
            fixture.isoFile = iso
            fixture.rom = try fixture.addTarget(tid: 1, name: romName, backingFile: iso)
            let blankFile = fixture.directory.appendingPathComponent("blank.img")
            fixture.blank = try fixture.addTarget(tid: 2, name: blankName, backingFile: blankFile, emptyFirst: true)
        } catch {
            fixture.stop()
            throw error
        }
        return fixture
    }

    /// Starts a bare tgtd on 127.0.0.1 at a free port. Fails (never skips) when the `tgt` package is missing.
    static func start(timeout: TimeInterval = 15) throws -> TgtFixture {
        let tgtd = try PeerEnvironment.requireTool("tgtd", package: "tgt")
        let tgtadm = try PeerEnvironment.requireTool("tgtadm", package: "tgt")
        var lastError: Error = PeerError.notReady("tgtd did not start")
        for _ in 0..<3 {  // the free port can be taken between probing and binding: try again with another
            let directory = try PeerEnvironment.makeTemporaryDirectory(prefix: "discburn-tgt")
            do {
                return try launch(tgtd: tgtd, tgtadm: tgtadm, directory: directory, port: try freePort(),
                                  timeout: timeout)
            } catch {
                lastError = error
                try? FileManager.default.removeItem(at: directory)
            }
        }
        throw lastError
    }

    private static func launch(tgtd: String, tgtadm: String, directory: URL, port: Int,
                               timeout: TimeInterval) throws -> TgtFixture {
        let socket = directory.appendingPathComponent("tgtd.sock").path
        let pidFile = directory.appendingPathComponent("tgtd.pid").path
        let log = directory.appendingPathComponent("tgtd.log").path
        // Non-interactive sh: the background child is no group leader, so setsid execs tgtd itself and $! is
        // tgtd's PID. tgtd ignores SIGTERM; only `system delete` or SIGKILL ends it.
        try ToolRunner.shell("setsid '\(tgtd)' -f --iscsi portal=127.0.0.1:\(port) > '\(log)' 2>&1 & "
                             + "echo $! > '\(pidFile)'", environment: ["TGT_IPC_SOCKET": socket])
        let pidText = try String(contentsOfFile: pidFile, encoding: .utf8)
        guard let pid = pid_t(pidText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw PeerError.notReady("tgtd PID file \(pidFile) holds '\(pidText)'")
        }
        DaemonRegistry.register(pid)
        let watchdog = try? startWatchdog(tgtdPID: pid, tgtadm: tgtadm, socket: socket, directory: directory)
        let fixture = TgtFixture(directory: directory, port: port, pid: pid, tgtadm: tgtadm, watchdogPID: watchdog)
        do {
            try fixture.waitUntilListening(timeout: timeout)
        } catch {
            let logText = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            fixture.stop()
            throw PeerError.notReady("\(error); tgtd log: \(logText.suffix(1500))")
        }
        return fixture
    }

    /// A shell that outlives a crashed test process and then stops tgtd: `atexit` does not run on a crash.
    private static func startWatchdog(tgtdPID: pid_t, tgtadm: String, socket: String,
                                      directory: URL) throws -> pid_t? {
        let pidFile = directory.appendingPathComponent("watchdog.pid").path
        let script = "while kill -0 \(getpid()) 2>/dev/null && kill -0 \(tgtdPID) 2>/dev/null; do sleep 1; done; "
            + "if kill -0 \(tgtdPID) 2>/dev/null; then TGT_IPC_SOCKET='\(socket)' '\(tgtadm)' --mode system "
            + "--op delete >/dev/null 2>&1; sleep 1; kill -9 \(tgtdPID) 2>/dev/null; fi; rm -rf '\(directory.path)'"
        try ToolRunner.shell("setsid /bin/sh -c \"\(script)\" </dev/null >/dev/null 2>&1 & echo $! > '\(pidFile)'")
        let text = try String(contentsOfFile: pidFile, encoding: .utf8)
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Waits until tgtd answers tgtadm and accepts TCP connections on its portal.
    private func waitUntilListening(timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard DaemonRegistry.isAlive(pid) else { throw PeerError.notReady("tgtd exited during start") }
            let shown = try? ToolRunner.run(tgtadm, ["--lld", "iscsi", "--mode", "target", "--op", "show"],
                                            environment: environment, timeout: 5, check: true)
            if shown != nil, Self.canConnect(port: port) { return }
            usleep(100_000)
        }
        throw PeerError.notReady("tgtd did not listen on 127.0.0.1:\(port) within \(Int(timeout)) s")
    }

    // MARK: targets

    /// Creates target `tid` named `name` with a CD/DVD LUN 1 backed by `backingFile` (an empty file is a blank
    /// DVD+R, a non-empty one a pressed DVD-ROM), write cache and large bursts on, bound to 127.0.0.1.
    @discardableResult
    func addTarget(tid: Int, name: String, backingFile: URL, emptyFirst: Bool = false) throws -> Target {
        if emptyFirst { try Data().write(to: backingFile) }
        try admin(["--lld", "iscsi", "--mode", "target", "--op", "new", "--tid", "\(tid)", "-T", name])
        try addLogicalUnit(tid: tid, backingFile: backingFile)
        for (key, value) in Self.burstParameters {
            try admin(["--lld", "iscsi", "--mode", "target", "--op", "update", "--tid", "\(tid)",
                       "--name", key, "--value", value])
        }
        try admin(["--lld", "iscsi", "--mode", "target", "--op", "bind", "--tid", "\(tid)", "-I", "127.0.0.1"])
        let target = Target(tid: tid, name: name, backingFile: backingFile, port: port)
        lock.withLock { targets[tid] = target }
        return target
    }

    private func addLogicalUnit(tid: Int, backingFile: URL) throws {
        try admin(["--lld", "iscsi", "--mode", "logicalunit", "--op", "new", "--tid", "\(tid)",
                   "--lun", "\(Target.lun)", "--device-type", "cd", "-b", backingFile.path])
        try admin(["--lld", "iscsi", "--mode", "logicalunit", "--op", "update", "--tid", "\(tid)",
                   "--lun", "\(Target.lun)", "--params", Self.cachingModePage])
    }

    /// Puts fresh blank media in `target`: removes the LUN, empties its backing file and creates the LUN again.
    /// Close every transport to the target first (tgt refuses to delete a LUN in use only with sessions open
    /// on it in some versions; a stale session would also see a unit attention).
    func resetToBlank(_ target: Target) throws {
        try admin(["--lld", "iscsi", "--mode", "logicalunit", "--op", "delete", "--tid", "\(target.tid)",
                   "--lun", "\(Target.lun)"])
        try Data().write(to: target.backingFile)
        try addLogicalUnit(tid: target.tid, backingFile: target.backingFile)
    }

    /// Runs tgtadm against this daemon's socket.
    @discardableResult
    func admin(_ arguments: [String], check: Bool = true) throws -> ToolRunner.Output {
        try ToolRunner.run(tgtadm, arguments, environment: environment, timeout: 20, check: check)
    }

    // MARK: stop

    /// Deletes every target (forcing out sessions), asks tgtd to exit, then SIGKILLs it if it is still alive,
    /// and removes the temp directory. Safe to call more than once.
    func stop() {
        let (alreadyStopped, tids) = lock.withLock { () -> (Bool, [Int]) in
            defer { stopped = true }
            return (stopped, Array(targets.keys).sorted())
        }
        guard !alreadyStopped else { return }
        if DaemonRegistry.isAlive(pid) {
            for tid in tids {
                _ = try? admin(["--lld", "iscsi", "--mode", "target", "--op", "delete", "--force", "--tid", "\(tid)"],
                               check: false)
            }
            _ = try? admin(["--mode", "system", "--op", "delete"], check: false)
            let deadline = Date().addingTimeInterval(3)
            while DaemonRegistry.isAlive(pid) && Date() < deadline { usleep(50_000) }
            if DaemonRegistry.isAlive(pid) { kill(pid, SIGKILL) }
        }
        DaemonRegistry.unregister(pid)
        if let watchdogPID { kill(watchdogPID, SIGKILL) }
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: ports

    /// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it back, close).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PeerError.system("socket", errno) }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw PeerError.system("bind 127.0.0.1:0", errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw PeerError.system("getsockname", errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// True when something accepts TCP connections on 127.0.0.1:`port`.
    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
