import Foundation
import XCTest

/// Deterministic pseudo-random bytes (SplitMix64), so every corpus file is the same on every run.
struct SeededBytes {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
}

/// Generates the bad-input corpus: every file must give a one-line error and a non-zero exit, never a crash.
enum BadImageCorpus {
    static func make(in directory: String, from fixtures: ImageFixtures) throws -> [String] {
        let good = try Data(contentsOf: URL(fileURLWithPath: try fixtures.rockRidgeJoliet()))
        var random = SeededBytes(seed: 0x15_09_660)
        var files: [String: Data] = [
            "empty.iso": Data(),
            "truncated-half.iso": good.prefix(good.count / 2),
            "truncated-after-descriptors.iso": good.prefix(17 * 2048),
            "truncated-odd.iso": good.prefix(good.count / 2 + 123),
            "photo.iso": Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + Data("JFIF".utf8) + Data(random.bytes(40_000)),
            "random-1MiB.iso": Data(random.bytes(1 << 20)),
            "short.iso": Data(random.bytes(1000)),
        ]
        files["record-past-block.iso"] = try recordPastBlock(try fixtures.manyFiles())
        files["directory-loop.iso"] = try directoryLoop(good)
        files["garbage-root.iso"] = try garbageRoot(
            try Data(contentsOf: URL(fileURLWithPath: try fixtures.manyFiles())), random: &random)
        files["huge-directory.iso"] = try hugeDirectory(good)
        var paths: [String] = []
        for (name, data) in files.sorted(by: { $0.key < $1.key }) {
            let path = directory + "/" + name
            try data.write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        try TestSupport.write("FILE \"missing.bin\" BINARY\n  TRACK 01 MODE1/2352\n    INDEX 01 00:00:00\n",
                              to: directory + "/missing-bin.cue")
        try TestSupport.write("this is not a cue sheet\n", to: directory + "/nonsense.cue")
        try FileManager.default.createDirectory(atPath: directory + "/a-directory.iso",
                                                withIntermediateDirectories: true)
        return paths + [directory + "/missing-bin.cue", directory + "/nonsense.cue", directory + "/a-directory.iso",
                        directory + "/does-not-exist.iso"]
    }

    // MARK: patching helpers over raw ISO bytes (ECMA-119 §8.4 / §9.1 offsets)

    static func u32(_ data: Data, _ offset: Int) -> Int {
        Int(data[offset]) | Int(data[offset + 1]) << 8 | Int(data[offset + 2]) << 16 | Int(data[offset + 3]) << 24
    }

    /// Writes a both-byte-order 32-bit field (§7.3.3).
    static func putBoth(_ data: inout Data, _ offset: Int, _ value: Int) {
        for index in 0..<4 {
            data[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
            data[offset + 7 - index] = UInt8(truncatingIfNeeded: value >> (8 * index))
        }
    }

    static func rootLBA(_ data: Data) -> Int { u32(data, 16 * 2048 + 156 + 2) }

    /// Offsets of the records in the root's first block, with their flags.
    static func rootRecords(_ data: Data) -> [(offset: Int, isDirectory: Bool, name: [UInt8])] {
        let base = rootLBA(data) * 2048
        var records: [(Int, Bool, [UInt8])] = []
        var offset = 0
        while offset < 2048, data[base + offset] != 0 {
            let length = Int(data[base + offset])
            let nameLength = Int(data[base + offset + 32])
            let name = [UInt8](data[(base + offset + 33)..<(base + offset + 33 + nameLength)])
            records.append((base + offset, data[base + offset + 25] & 2 != 0, name))
            offset += length
        }
        return records
    }

    /// A record whose length byte reaches past the end of its block.
    static func recordPastBlock(_ path: String) throws -> Data {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let last = try XCTUnwrap(rootRecords(data).last)
        let end = last.offset + Int(data[last.offset])
        let blockEnd = (rootLBA(data) + 1) * 2048
        let gap = blockEnd - end
        precondition(gap > 0 && gap < 200, "root block not full enough (gap \(gap))")
        data[end] = UInt8(max(34, gap + 20))
        return data
    }

    /// The first subdirectory of the root points back at the root's extent.
    static func directoryLoop(_ good: Data) throws -> Data {
        var data = good
        let sub = try XCTUnwrap(rootRecords(data).first { $0.isDirectory && $0.name != [0] && $0.name != [1] })
        putBoth(&data, sub.offset + 2, rootLBA(data))
        return data
    }

    /// Valid descriptors, but the root directory's block is random bytes.
    static func garbageRoot(_ good: Data, random: inout SeededBytes) throws -> Data {
        var data = good
        let base = rootLBA(data) * 2048
        data.replaceSubrange(base..<(base + 2048), with: random.bytes(2048))
        return data
    }

    /// The root directory announces 4 GiB - 1 bytes.
    static func hugeDirectory(_ good: Data) throws -> Data {
        var data = good
        putBoth(&data, 16 * 2048 + 156 + 10, 0xFFFF_FFFF)
        return data
    }
}

extension ImageFixtures {
    /// 60 files with longish names, so the root directory fills more than one block.
    func manyFiles() throws -> String {
        let source = directory + "/many"
        try TestSupport.shell("mkdir -p '\(source)' && for i in $(seq 1 60); do "
            + "printf x > '\(source)/file-with-a-longish-name-'$i; done")
        return try image("many.iso", "xorriso -as mkisofs -R -o OUT '\(source)'")
    }
}
