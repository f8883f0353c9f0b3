import Foundation

/// A QEMU boot that may start before the test that needs it, on its own thread: the standard guest keeps one
/// core busy for most of the suite, so the other guests (the USB sticks, the exit-status check) boot beside it
/// (`BootsAhead.start`). `value()` starts the boot if nobody did and waits for it, so a test sees the same result
/// whether or not the boot ran ahead. A started boot is always waited for at exit: no QEMU outlives the tests.
///
/// ```
/// static let guest = BackgroundBoot(testClass: "QEMUUSBWriteTests") { try makeFixture() }
/// let fixture = try Self.guest.value()
/// ```
final class BackgroundBoot<Value>: AheadOfTimeBoot, @unchecked Sendable {
    /// The test class whose tests need this boot (as `swift test` names it to the test process).
    let testClass: String
    private let body: () throws -> Value
    private let condition = NSCondition()
    private var started = false
    private var result: Result<Value, Error>?

    init(testClass: String, _ body: @escaping () throws -> Value) {
        self.testClass = testClass
        self.body = body
    }

    /// Starts the boot on its own thread unless it started already.
    func start() {
        condition.lock()
        defer { condition.unlock() }
        guard !started else { return }
        started = true
        BootsAhead.waitAtExit { [self] in waitForResult() }
        Thread { [self] in
            let outcome = Result { try body() }
            condition.lock()
            result = outcome
            condition.broadcast()
            condition.unlock()
        }.start()
    }

    func waitForResult() { _ = try? value() }

    /// The boot's result, waiting for it (and starting it first when nothing did).
    func value() throws -> Value {
        start()
        condition.lock()
        while result == nil { condition.wait() }
        let outcome = result!
        condition.unlock()
        return try outcome.get()
    }
}

/// What `BootsAhead.start` needs of a boot, whatever its result type.
protocol AheadOfTimeBoot: AnyObject, Sendable {
    var testClass: String { get }
    func start()
    func waitForResult()
}

enum BootsAhead {
    private final class Flag: @unchecked Sendable {
        let condition = NSCondition()
        var done = false
    }

    /// Starts `boots` one after the other (each waits for the one before: with the standard guest, two guests
    /// at a time on two cores) on a thread of their own, leaving out those whose test class will not run.
    static func start(_ boots: [any AheadOfTimeBoot], arguments: [String] = CommandLine.arguments) {
        let selected = boots.filter { selects($0.testClass, arguments: arguments) }
        guard !selected.isEmpty else { return }
        let flag = Flag()
        waitAtExit {
            flag.condition.lock()
            while !flag.done { flag.condition.wait() }
            flag.condition.unlock()
        }
        Thread {
            for boot in selected {
                boot.start()
                boot.waitForResult()
            }
            flag.condition.lock()
            flag.done = true
            flag.condition.broadcast()
            flag.condition.unlock()
        }.start()
    }

    /// True when this test process will run `testClass`: every test when no test was named, or a selection
    /// naming the class or the whole target (SwiftPM passes `Module.Class/test,...`, comma-separated).
    static func selects(_ testClass: String, arguments: [String]) -> Bool {
        let specifiers = arguments.dropFirst().filter { !$0.hasPrefix("-") && $0.contains(".") }
        guard !specifiers.isEmpty else { return true }
        return specifiers.contains { specifier in
            specifier.split(separator: ",").contains { entry in
                let name = entry.split(separator: "/").first.map(String.init) ?? ""
                return name == "PeerTests" || name == "PeerTests.\(testClass)"
            }
        }
    }

    // MARK: waiting at exit

    private static let lock = NSLock()
    nonisolated(unsafe) private static var waits: [@Sendable () -> Void] = []
    nonisolated(unsafe) private static var installed = false

    /// Runs `wait` when the process exits (every started guest ends within run-guest.sh's own timeout).
    static func waitAtExit(_ wait: @escaping @Sendable () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        waits.append(wait)
        if !installed {
            installed = true
            atexit { BootsAhead.waitForAll() }
        }
    }

    private static func waitForAll() {
        lock.lock()
        let pending = waits
        waits = []
        lock.unlock()
        for wait in pending { wait() }
    }
}
