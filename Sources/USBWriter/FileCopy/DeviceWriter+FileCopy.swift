import Burning
import Crypto
import Foundation

extension DeviceWriter {
    /// The backup GPT at the disk's end, after the staged prefix (an aligned copy: the handle may be O_DIRECT).
    func writeTail(_ staged: StagedStick, to device: BlockDeviceHandle) throws {
        let expected = staged.layout.diskSectors * UInt64(GPTLayout.sectorBytes)
        guard device.sizeBytes == expected else {
            throw USBWriteError.fileCopy(reason: "\(devicePath) is \(device.sizeBytes) bytes now, the stick was laid "
                                         + "out for \(expected); was the disk swapped?")
        }
        let buffer = AlignedBuffer(count: staged.tail.count)
        buffer.bytes.copyBytes(from: staged.tail)
        try device.write(UnsafeRawBufferPointer(buffer.bytes), at: staged.layout.tailOffsetBytes)
    }

    /// After the raw read-back matched: the backup GPT read back, then every file read back from the disk by
    /// mcopy (the page cache dropped first) and compared by SHA-256 with what DiscImage read from the ISO.
    func verifyFileCopy(_ staged: StagedStick, device: BlockDeviceHandle, raw: VerifyResult) -> VerifyResult {
        do {
            try verifyTail(staged, device: device)
            device.dropCache()
            let config = (staged.imagePath as NSString).deletingLastPathComponent + "/mtools.conf"
            // nolock: this process holds the disk's flock for the whole job; mcopy only reads.
            try Data("drive s: file=\"\(devicePath)\" offset=\(staged.layout.partitionOffsetBytes) nolock\n".utf8)
                .write(to: URL(fileURLWithPath: config))
            var meter = ProgressMeter(totalBytes: max(1, staged.files.reduce(0) { $0 + $1.sizeBytes }),
                                      profile: .removableDisk)
            for file in staged.files {
                if isCancelled { return .skipped("interrupted") }
                let sha256 = try Self.sha256(ofStandardOutput: FileCopyTools.mcopy, ["-n", "-Q", "s:" + Self.mtoolsPattern(file.path), "-"],
                                             environment: ["MTOOLSRC": config, "MTOOLS_SKIP_CHECK": "1"])
                guard sha256 == file.sha256 else {
                    return VerifyResult(outcome: .mismatch, blocksCompared: raw.blocksCompared, sha256: raw.sha256,
                                        reason: "\(file.path) reads back from \(devicePath) with SHA-256 \(sha256), "
                                            + "the ISO has \(file.sha256); the stick is faulty")
                }
                meter.add(bytes: Int(file.sizeBytes))
                if meter.due() { emit(meter.status(.verifying)) }
            }
            return raw
        } catch {
            return VerifyResult(outcome: .unreadable, blocksCompared: raw.blocksCompared, reason: "\(error)")
        }
    }

    /// mtools reads "[...]" in a source name as a character class and has no escape: each bracket becomes "?"
    /// (one character). A second name matching the pattern can only make the hash differ, never match.
    static func mtoolsPattern(_ path: String) -> String {
        String(path.map { $0 == "[" || $0 == "]" ? "?" : $0 })
    }

    private func verifyTail(_ staged: StagedStick, device: BlockDeviceHandle) throws {
        let reader = try device.openForReading()
        defer { close(reader.descriptor) }
        let buffer = AlignedBuffer(count: staged.tail.count)
        let count = pread(reader.descriptor, buffer.bytes.baseAddress, staged.tail.count,
                          off_t(staged.layout.tailOffsetBytes))
        guard count == staged.tail.count, Array(buffer.bytes) == staged.tail else {
            throw USBWriteError.read(device: devicePath, offsetBytes: staged.layout.tailOffsetBytes,
                                     reason: "the backup GPT reads back different")
        }
    }

    /// Runs a tool and hashes what it writes on standard output.
    static func sha256(ofStandardOutput tool: FileCopyTools.Tool, _ arguments: [String],
                       environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileCopyTools.path(of: tool))
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var hash = SHA256()
        while true {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            hash.update(data: chunk)
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw USBWriteError.tool(name: tool.name, package: tool.package,
                                     reason: "reading \(arguments.dropLast().last ?? "") back: exit status \(process.terminationStatus)")
        }
        return FileCopyStager.hex(hash)
    }
}
