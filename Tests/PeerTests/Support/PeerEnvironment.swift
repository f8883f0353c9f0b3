import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where things are for the peer tests: the package root (found from this file's path, so `swift test` works
/// from any directory), the cache for downloaded kernels, and the host tools the peers need.
enum PeerEnvironment {
    /// `…/Tests/PeerTests/Support/PeerEnvironment.swift` → the package root.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var peerTestsDirectory: URL { packageRoot.appendingPathComponent("Tests/PeerTests") }

    /// Downloaded and unpacked things that outlive one test run (gitignored through `.build/`).
    static var cacheDirectory: URL { packageRoot.appendingPathComponent(".build/peer-cache") }

    /// A product SwiftPM built next to this test bundle (e.g. the `discburn` executable), or nil.
    static func builtProduct(_ name: String) -> URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name),
            packageRoot.appendingPathComponent(".build/debug/\(name)"),
        ]
        return candidates.first { access($0.path, X_OK) == 0 }
    }

    /// Directories searched for tools besides `$PATH`: tgtd lives in /usr/sbin, which a non-login PATH may lack.
    private static let extraToolDirectories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin",
                                               "/usr/local/bin"]

    /// The absolute path of `name`, or nil.
    static func findTool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + extraToolDirectories
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/" + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// The absolute path of `name`; throws naming the Debian package to install when it is missing.
    /// Peer tests must fail, not skip, when their tools are missing: skipping is not passing.
    static func requireTool(_ name: String, package: String) throws -> String {
        guard let found = findTool(name) else { throw PeerError.missingTool(name, package: package) }
        return found
    }

    /// A fresh private directory under /tmp (short: tgtd's socket path must fit `sun_path`).
    static func makeTemporaryDirectory(prefix: String) throws -> URL {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw PeerError.system("mkdtemp /tmp/\(prefix).XXXXXX", errno)
        }
        return URL(fileURLWithPath: String(cString: made))
    }
}

/// Failures of the peer fixtures themselves (not of the code under test).
enum PeerError: Error, CustomStringConvertible {
    case missingTool(String, package: String)
    case toolFailed(command: String, status: Int32, output: String)
    case toolTimedOut(command: String, after: TimeInterval)
    case system(String, Int32)
    case notReady(String)

    var description: String {
        switch self {
        case .missingTool(let tool, let package):
            return "\(tool) not found: install the Debian package '\(package)' (apt-get install -y \(package)); "
                + "the peer tests fail rather than skip without it"
        case .toolFailed(let command, let status, let output):
            return "\(command) exited with status \(status): \(output.suffix(2000))"
        case .toolTimedOut(let command, let after):
            return "\(command) did not finish within \(Int(after)) s and was killed"
        case .system(let what, let code): return "\(what): \(String(cString: strerror(code)))"
        case .notReady(let what): return what
        }
    }
}
