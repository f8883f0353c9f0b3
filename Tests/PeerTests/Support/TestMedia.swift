import Foundation

/// Disc images made at test time, with deterministic content so a failure can be reproduced.
enum TestMedia {
    /// Deterministic pseudo-random bytes (SplitMix64), the same for the same seed on every machine.
    static func bytes(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var out = [UInt8]()
        out.reserveCapacity(count + 8)
        while out.count < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            withUnsafeBytes(of: z.littleEndian) { out.append(contentsOf: $0) }
        }
        return Array(out.prefix(count))
    }

    /// Builds an ISO 9660 + Rock Ridge image at `output` from a few files of `payloadBytes` in all, with
    /// xorriso (or genisoimage). Throws naming the Debian package if neither is installed.
    static func makeISO(at output: URL, volumeID: String = "DISCBURN_PEER", payloadBytes: Int = 3 << 20,
                        seed: UInt64 = 0xD15C_B0B0) throws {
        let source = output.deletingLastPathComponent().appendingPathComponent(volumeID + ".src")
        try? FileManager.default.removeItem(at: source)
        try FileManager.default.createDirectory(at: source.appendingPathComponent("sub"),
                                                withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: source) }
        let first = payloadBytes * 2 / 3
        try Data(bytes(count: first, seed: seed)).write(to: source.appendingPathComponent("payload.bin"))
        try Data(bytes(count: payloadBytes - first, seed: seed &+ 1))
            .write(to: source.appendingPathComponent("sub/more.bin"))
        try Data("DiscBurn peer test image\n".utf8).write(to: source.appendingPathComponent("README.TXT"))
        let mkisofsArguments = ["-quiet", "-V", volumeID, "-R", "-J", "-o", output.path, source.path]
        if let xorriso = PeerEnvironment.findTool("xorriso") {
            try ToolRunner.run(xorriso, ["-as", "mkisofs"] + mkisofsArguments, timeout: 120)
        } else if let genisoimage = PeerEnvironment.findTool("genisoimage") {
            try ToolRunner.run(genisoimage, mkisofsArguments, timeout: 120)
        } else {
            throw PeerError.missingTool("xorriso", package: "xorriso")
        }
    }

    /// The first `count` bytes of a file.
    static func prefix(of file: URL, count: Int) throws -> [UInt8] {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        return [UInt8](try handle.read(upToCount: count) ?? Data())
    }

    static func size(of file: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }
}
