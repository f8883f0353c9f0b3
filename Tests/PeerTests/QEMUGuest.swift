import Foundation

/// Runs `Tests/PeerTests/qemu/run-guest.sh`: Debian's kernel under QEMU (TCG) with virtio-scsi CD/DVD drives,
/// a steps script run as root inside (helpers from `qemu/guest-lib.sh`: `step`, `kv`, `as_user`, `sr_for_sg`),
/// and the serial console captured. See PEERS.md §2.
///
/// ```
/// let run = try QEMUGuest.run(steps: "step devices\nls /dev/sr*\n", drives: [.cd(iso), .dvd(big), .empty],
///                             binaries: [discburnPath])
/// XCTAssertEqual(run.values["user.md5"], expected)
/// ```
struct QEMUGuest {
    enum Drive {
        case cd(URL)
        case dvd(URL)
        case empty
        /// An iSCSI LUN passed through with `scsi-block` (e.g. tgt's blank DVD+R): the guest's SG_IO reaches it.
        case iscsi(String)
    }

    /// What one boot produced.
    struct Run {
        /// The guest console, `\r` removed.
        let serialLog: String
        /// run-guest.sh's exit status: 0, the steps' rc, 124 on timeout, 2/3 for setup or marker failures.
        let exitStatus: Int32
        /// From DIR/timing: kernel, initramfs_seconds, boot_seconds, guest_ready_uptime, qemu_status.
        let timing: [String: String]
        /// run-guest.sh's own output (initramfs summary, errors).
        let harnessOutput: String
        /// QEMU's trace log (`trace: true`): SCSI requests, passed-through CDBs and step markers; "" otherwise.
        var traceLog: String = ""

        /// Every `KEY=VALUE` line the steps printed with `kv` (the last one wins).
        var values: [String: String] {
            var out: [String: String] = [:]
            for line in serialLog.split(separator: "\n") {
                guard let equals = line.firstIndex(of: "="), !line.hasPrefix("DISCBURN-GUEST"),
                      !line.hasPrefix("[") else { continue }
                let key = String(line[..<equals])
                guard !key.isEmpty, !key.contains(" ") else { continue }
                out[key] = String(line[line.index(after: equals)...])
            }
            return out
        }

        /// The console lines of step `name` (between its `=== STEP name ===` and the next marker).
        func lines(ofStep name: String) -> [String] {
            var inside = false
            var out: [String] = []
            for line in serialLog.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                if line.hasPrefix("=== STEP ") || line.hasPrefix("DISCBURN-GUEST-END") {
                    inside = line == "=== STEP \(name) ==="
                    continue
                }
                if inside { out.append(line) }
            }
            return out
        }

        /// The lines a step printed with `emit NAME FILE` (between "--- BEGIN NAME ---" and "--- END NAME ---"),
        /// joined with newlines; nil when there is no such block. The last block of that name wins.
        func block(named name: String) -> String? {
            var found: [String]?
            var current: [String]?
            for line in serialLog.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
                if line == "--- BEGIN \(name) ---" {
                    current = []
                } else if line == "--- END \(name) ---", let lines = current {
                    found = lines
                    current = nil
                } else if current != nil {
                    current?.append(line)
                }
            }
            return found.map { $0.joined(separator: "\n") }
        }

        var reachedEnd: Bool { serialLog.contains("DISCBURN-GUEST-END rc=") }

        /// Seconds QEMU ran (boot, steps, power-off).
        var bootSeconds: Double? { timing["boot_seconds"].flatMap(Double.init) }
    }

    static var scriptDirectory: URL { PeerEnvironment.peerTestsDirectory.appendingPathComponent("qemu") }

    /// Debian's unpacked kernel (`qemu/fetch-kernel.sh`), found once per test process and passed to every boot
    /// with `--kernel-root` (asking apt which version is current costs ~2 s each time).
    static let kernelRoot: Result<String, Error> = Result {
        let bash = try PeerEnvironment.requireTool("bash", package: "bash")
        let fetch = try ToolRunner.run(bash, [scriptDirectory.appendingPathComponent("fetch-kernel.sh").path],
                                       timeout: 600, check: false)
        let root = fetch.text.split(separator: "\n").last.map(String.init) ?? ""
        guard fetch.status == 0, root.hasPrefix("/") else {
            throw PeerError.toolFailed(command: "qemu/fetch-kernel.sh", status: fetch.status, output: fetch.text)
        }
        return root
    }

    /// The arguments every run-guest.sh call starts with after the script: the kernel found once.
    static func commonArguments() throws -> [String] {
        ["--kernel-root", try kernelRoot.get()]
    }

    /// Boots the guest and runs `steps`. Fails (never skips) when QEMU or busybox-static is missing.
    /// `timeout` bounds QEMU itself; fetching the kernel (first run) and building the initramfs come on top.
    static func run(steps: String, drives: [Drive], binaries: [String] = [], files: [(String, String)] = [],
                    dvdVendor: String = "DISCBURN", dvdProduct: String = "VIRTUAL-DVD",
                    timeout: TimeInterval = 240, memoryMegabytes: Int = 1024, trace: Bool = false,
                    keepOutput: Bool = false) throws -> Run {
        _ = try PeerEnvironment.requireTool("qemu-system-x86_64", package: "qemu-system-x86")
        _ = try PeerEnvironment.requireTool("busybox", package: "busybox-static")
        let bash = try PeerEnvironment.requireTool("bash", package: "bash")
        let work = try PeerEnvironment.makeTemporaryDirectory(prefix: "discburn-qemu")
        let keep = keepOutput || ProcessInfo.processInfo.environment["DISCBURN_KEEP_GUEST"] != nil
        defer { if !keep { try? FileManager.default.removeItem(at: work) } }
        let stepsFile = work.appendingPathComponent("steps.sh")
        try Data(steps.utf8).write(to: stepsFile)
        let out = work.appendingPathComponent("out")

        var arguments = [scriptDirectory.appendingPathComponent("run-guest.sh").path,
                         "--out", out.path, "--steps", stepsFile.path, "--timeout", "\(Int(timeout))", "--memory", "\(memoryMegabytes)",
                         "--dvd-vendor", dvdVendor, "--dvd-product", dvdProduct] + (try commonArguments())
        if trace { arguments.append("--trace") }
        for binary in binaries { arguments += ["--binary", binary] }
        for (source, destination) in files { arguments += ["--file", "\(source):\(destination)"] }
        for drive in drives {
            switch drive {
            case .cd(let file): arguments += ["--cd", file.path]
            case .dvd(let file): arguments += ["--dvd", file.path]
            case .empty: arguments += ["--empty"]
            case .iscsi(let url): arguments += ["--iscsi", url]
            }
        }
        let harness = try ToolRunner.run(bash, arguments, timeout: timeout + 300, check: false)
        let serial = (try? String(contentsOf: out.appendingPathComponent("serial.log"), encoding: .utf8)) ?? ""
        var timing: [String: String] = [:]
        let timingText = (try? String(contentsOf: out.appendingPathComponent("timing"), encoding: .utf8)) ?? ""
        for line in timingText.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { timing[String(parts[0])] = String(parts[1]) }
        }
        if keep { print("QEMU guest output kept in \(work.path)") }
        let traceLog = (try? String(contentsOf: out.appendingPathComponent("trace.log"), encoding: .utf8)) ?? ""
        return Run(serialLog: serial.replacingOccurrences(of: "\r", with: ""), exitStatus: harness.status,
                   timing: timing, harnessOutput: harness.text, traceLog: traceLog)
    }
}
