import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a host tool to completion with a hard timeout, collecting stdout and stderr together.
enum ToolRunner {
    struct Output {
        let status: Int32
        let text: String
    }

    /// Runs `executable` with `arguments`; throws if it cannot start, times out, or (when `check`) exits non-zero.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    timeout: TimeInterval = 60, check: Bool = true) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        let killer = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        let text = String(decoding: data, as: UTF8.self)
        let command = ([executable] + arguments).joined(separator: " ")
        if process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL {
            throw PeerError.toolTimedOut(command: command, after: timeout)
        }
        if check && process.terminationStatus != 0 {
            throw PeerError.toolFailed(command: command, status: process.terminationStatus, output: text)
        }
        return Output(status: process.terminationStatus, text: text)
    }

    /// Runs a shell snippet with `/bin/sh -c`.
    @discardableResult
    static func shell(_ script: String, environment: [String: String] = [:], timeout: TimeInterval = 60,
                      check: Bool = true) throws -> Output {
        try run("/bin/sh", ["-c", script], environment: environment, timeout: timeout, check: check)
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
