import Foundation

/// The Debian tools of the file-copy method, run as child processes (never through a shell).
///
/// Why dosfstools and mtools rather than a FAT32 writer of our own: mkfs.fat is the reference FAT formatter on
/// Linux (the one `fsck.fat` is written against), and mtools writes long names, directories and cluster chains
/// into an image at a byte offset without mounting it (no root-only loop mount, no kernel FAT driver, nothing
/// for udev to auto-mount half-written). A writer of our own would have to re-earn that trust file by file.
/// WIMs over 4 GiB are split with wimlib (`wimlib-imagex split`, Debian package wimtools), whose .swm parts
/// Windows Setup reads.
enum FileCopyTools {
    struct Tool {
        var name: String
        var package: String
    }

    static let mkfsFAT = Tool(name: "mkfs.fat", package: "dosfstools")
    static let mcopy = Tool(name: "mcopy", package: "mtools")
    static let wimlib = Tool(name: "wimlib-imagex", package: "wimtools")

    static func path(of tool: Tool) throws -> String {
        for directory in ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/bin", "/usr/local/sbin"] {
            let candidate = directory + "/" + tool.name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw USBWriteError.tool(name: tool.name, package: tool.package, reason: "it is not installed")
    }

    /// Runs `tool` to the end; throws with its last line of output when it exits non-zero. `running` gets the
    /// process so a cancel can terminate it.
    @discardableResult
    static func run(_ tool: Tool, _ arguments: [String], environment: [String: String] = [:],
                    standardOutput: FileHandle? = nil, running: ((Process?) -> Void)? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(of: tool))
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = standardOutput ?? errors
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw USBWriteError.tool(name: tool.name, package: tool.package, reason: "\(error)")
        }
        running?(process)
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        running?(nil)
        let text = String(decoding: output, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            let last = text.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw USBWriteError.tool(name: tool.name, package: tool.package,
                                     reason: "\(last) (exit status \(process.terminationStatus))")
        }
        return text
    }
}
