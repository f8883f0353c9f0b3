import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs host tools with `posix_spawn` and `waitpid`, not Foundation's `Process`: `Process.waitUntilExit()`
/// depends on SIGCHLD delivery, which hung here when the test runner inherited a signal mask blocking SIGCHLD.
/// Output goes to a temp file (no pipe that a daemon child could hold open).
enum ToolRunner {
    struct Output {
        let status: Int32
        let text: String
    }

    /// Runs `executable` with `arguments`; throws if it cannot start, times out (it is then SIGKILLed), or
    /// (when `check`) exits non-zero. stdout and stderr are collected together.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    timeout: TimeInterval = 60, check: Bool = true) throws -> Output {
        let outputFile = try temporaryFile()
        defer { unlink(outputFile) }
        let pid = try spawn(executable, arguments, environment: environment, outputPath: outputFile)
        let status = waitForExit(pid, timeout: timeout)
        let text = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
        let command = ([executable] + arguments).joined(separator: " ")
        guard let status else { throw PeerError.toolTimedOut(command: command, after: timeout) }
        if check && status != 0 {
            throw PeerError.toolFailed(command: command, status: status, output: text)
        }
        return Output(status: status, text: text)
    }

    /// Runs a shell snippet with `/bin/sh -c`.
    @discardableResult
    static func shell(_ script: String, environment: [String: String] = [:], timeout: TimeInterval = 60,
                      check: Bool = true) throws -> Output {
        try run("/bin/sh", ["-c", script], environment: environment, timeout: timeout, check: check)
    }

    /// Starts `executable` with stdin from /dev/null, stdout and stderr to `outputPath`, descriptors above 2
    /// closed, an empty signal mask and default SIGPIPE. `environment` is added to this process's environment.
    static func spawn(_ executable: String, _ arguments: [String], environment: [String: String],
                      outputPath: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        if let closeFrom = closeFromAction { _ = closeFrom(&actions, 3) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw PeerError.system("posix_spawn \(executable)", result) }
        return pid
    }

    /// Waits for `pid` to exit; returns its exit status (128+signal when killed by a signal), or nil after
    /// SIGKILLing it at the timeout.
    static func waitForExit(_ pid: pid_t, timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR { return -1 }
            if Date() >= deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return nil
            }
            usleep(5_000)
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// glibc ≥ 2.34's `posix_spawn_file_actions_addclosefrom_np`, which the Swift Glibc module does not
    /// export: found at run time so daemons do not inherit our sockets (libiscsi's are not close-on-exec).
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private static let closeFromAction: CloseFrom? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    private static func temporaryFile() throws -> String {
        var template = Array("/tmp/discburn-tool.XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw PeerError.system("mkstemp", errno) }
        close(fd)
        return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Process-wide record of daemons the peer fixtures started, killed at exit even when a test forgot to stop
/// them (`atexit`). A crash is covered by each fixture's watchdog process instead.
enum DaemonRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pids: Set<pid_t> = []
    nonisolated(unsafe) private static var installed = false

    static func register(_ pid: pid_t) {
        lock.lock(); defer { lock.unlock() }
        pids.insert(pid)
        if !installed {
            installed = true
            atexit { DaemonRegistry.killAll() }
        }
    }

    static func unregister(_ pid: pid_t) {
        lock.lock(); defer { lock.unlock() }
        pids.remove(pid)
    }

    static func killAll() {
        lock.lock(); defer { lock.unlock() }
        for pid in pids { kill(pid, SIGKILL) }
        pids.removeAll()
    }

    /// True while `pid` exists and is not a zombie.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
        return state != "Z" && state != "X"
    }
}
