import Foundation
import XCTest

/// Runs the built `discburn` executable on the host (for tgt over iSCSI and for the VirtualDrive side of the
/// comparisons) and decodes `--json` output.
enum DiscburnCLI {
    struct Outcome {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// The `discburn` SwiftPM built next to the tests; fails (never skips) when it is missing.
    static func binary() throws -> URL {
        guard let found = PeerEnvironment.builtProduct("discburn") else {
            throw PeerError.notReady("the discburn executable is not built next to the tests: run `swift build` first")
        }
        return found
    }

    /// Runs `discburn arguments…` with stdout and stderr kept apart.
    static func run(_ arguments: [String], timeout: TimeInterval = 60) throws -> Outcome {
        let directory = try PeerEnvironment.makeTemporaryDirectory(prefix: "discburn-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("stdout"), err = directory.appendingPathComponent("stderr")
        let quoted = ([try binary().path] + arguments).map(shellQuoted).joined(separator: " ")
        let result = try ToolRunner.shell("\(quoted) > \(shellQuoted(out.path)) 2> \(shellQuoted(err.path))",
                                          timeout: timeout, check: false)
        return Outcome(status: result.status,
                       standardOutput: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                       standardError: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    /// `discburn probe --json --drive DEV [--scsi-log FILE]`, which must exit 0 and print one JSON object.
    static func probe(drive: String, scsiLog: URL? = nil) throws -> ProbeJSON {
        var arguments = ["probe", "--json", "--drive", drive]
        if let scsiLog { arguments += ["--scsi-log", scsiLog.path] }
        let outcome = try run(arguments)
        guard outcome.status == 0 else {
            throw PeerError.toolFailed(command: "discburn " + arguments.joined(separator: " "),
                                       status: outcome.status, output: outcome.standardError)
        }
        return try ProbeJSON(text: outcome.standardOutput)
    }

    static func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// One `discburn probe --json` report (Sources/discburn/ProbeReport.swift), as plain JSON values.
struct ProbeJSON {
    let object: [String: Any]
    let text: String

    init(text: String) throws {
        self.text = text
        // `--json` prints one event per line; the report is the last one (probe's only line, verify's result).
        let last = text.split(separator: "\n").last.map(String.init) ?? text
        guard let data = last.data(using: .utf8),
              var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw PeerError.notReady("probe output is not a JSON object: \(text.prefix(500))")
        }
        // The `probe` event: the drive's capabilities are under "capabilities" ("drive" names the device);
        // compared here under "drive", without the event envelope.
        if let capabilities = object.removeValue(forKey: "capabilities") { object["drive"] = capabilities }
        object["event"] = nil
        object["schemaVersion"] = nil
        self.object = object
    }

    var drive: [String: Any] { object["drive"] as? [String: Any] ?? [:] }
    var media: [String: Any] { object["media"] as? [String: Any] ?? [:] }
    var notes: [String] { object["notes"] as? [String] ?? [] }

    /// Every field as "path → canonical JSON text", descending into objects except at `leaves`
    /// (`drive.writeModes` is compared as one value: its keys depend on the drive's profiles).
    /// A missing key and JSON null both read as absent.
    func flattened(leaves: Set<String> = ["drive.writeModes"]) -> [String: String] {
        var out: [String: String] = [:]
        func walk(_ value: Any, _ path: String) {
            if let dictionary = value as? [String: Any], !leaves.contains(path) {
                for (key, child) in dictionary { walk(child, path.isEmpty ? key : path + "." + key) }
                return
            }
            if value is NSNull { return }
            out[path] = Self.canonical(value)
        }
        walk(object, "")
        return out
    }

    static func canonical(_ value: Any) -> String {
        if let data = try? JSONSerialization.data(withJSONObject: value,
                                                  options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }
}

/// A field where a peer's probe report and the VirtualDrive's report for the same medium are known to differ,
/// with the reason (and spec section) that Vendor-notes/tgt.md or qemu.md explains.
struct KnownDifference {
    enum Kind: String {
        /// Identity strings: a different product, by design.
        case identity
        /// A different drive model: other profiles, features or speeds; neither answer is wrong.
        case driveModel = "drive model"
        /// The peer is looser than the spec; the VirtualDrive keeps the stricter answer.
        case peerLoose = "peer loose"
    }

    let path: String
    let kind: Kind
    let reason: String
}

enum ProbeComparison {
    /// Compares every field of two probe reports. Returns one message per field that differs and is not in
    /// `allowed`, and one per allowed field that no longer differs (so the allow-list and the notes stay true).
    static func unexpected(peer: ProbeJSON, virtual: ProbeJSON, allowed: [KnownDifference],
                           ignoring: Set<String> = ["device"]) -> [String] {
        let a = peer.flattened(), b = virtual.flattened()
        let allowedPaths = Set(allowed.map(\.path))
        var messages: [String] = []
        for path in Set(a.keys).union(b.keys).union(allowedPaths).subtracting(ignoring).sorted() {
            let left = a[path] ?? "(absent)", right = b[path] ?? "(absent)"
            if left != right && !allowedPaths.contains(path) {
                messages.append("NEW difference at \(path): peer \(left) vs VirtualDrive \(right) — fix the "
                                + "VirtualDrive if the peer is right per the spec, else document it and allow it")
            }
            if left == right && allowedPaths.contains(path) {
                messages.append("STALE allow-list entry \(path): both now say \(left) — remove it here and in "
                                + "Vendor-notes")
            }
        }
        return messages
    }
}

/// Peer traces kept as replay fixtures for Tests/TraceTests (PeerTraceFixtureTests), so the unit suite checks our
/// parsers against answers we did not write even where tgt and QEMU are not installed.
///
/// Re-record: `DISCBURN_RECORD_PEER_TRACES=1 swift test --filter PeerTests` overwrites
/// Tests/TraceTests/Fixtures/*.jsonl from the live peers; then run `swift test --filter TraceTests` and update
/// the facts asserted there if a peer version changed its answers.
enum PeerTraceFixtures {
    static var directory: URL { PeerEnvironment.packageRoot.appendingPathComponent("Tests/TraceTests/Fixtures") }
    static var recording: Bool { ProcessInfo.processInfo.environment["DISCBURN_RECORD_PEER_TRACES"] == "1" }

    /// Writes `contents` (a `--scsi-log` JSON-lines trace) as fixture `name` when recording is on.
    static func keep(_ contents: String, as name: String) throws {
        guard recording else { return }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: directory.appendingPathComponent(name))
        print("recorded peer trace fixture \(name) (\(contents.utf8.count) bytes)")
    }
}
