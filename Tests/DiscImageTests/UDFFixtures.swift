import Foundation
import XCTest

/// UDF images for the reader's tests, made by genisoimage -udf (UDF 1.02 with an ISO 9660 bridge) and then
/// rewritten byte by byte: the bridge's ISO 9660 descriptors turned into "BEA01" (a UDF-only image), or its
/// ISO 9660 root directories cut down to README.TXT (a Windows ISO's layout). Descriptors that are patched get
/// their tag checksum and CRC recomputed here, so the reader sees sound tags around the damage under test.
struct UDFImage {
    var bytes: [UInt8]

    init(path: String) throws { bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    func write(_ path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

    /// A tree like a Windows installer's: README.TXT, boot/, efi/boot/bootx64.efi, sources/install.wim (a
    /// stand-in of 3 MB, many blocks), a deep directory and a two-letter name for the ".." test.
    static func windowsTree(_ directory: String) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [
            "README.TXT": Array("This disc contains a UDF file system.\n".utf8),
            "boot/bcd": pattern(20_000, seed: 1), "boot/boot.sdi": pattern(70_000, seed: 2),
            "efi/boot/bootx64.efi": pattern(5_000, seed: 3), "sources/install.wim": pattern(3_000_000, seed: 4),
            "deep/a/b/c.txt": Array("deep\n".utf8), "ab": Array("two\n".utf8),
        ]
        files["setup.exe"] = pattern(1, seed: 5)
        for (path, bytes) in files {
            let url = URL(fileURLWithPath: directory + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return files
    }

    static func pattern(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    /// genisoimage -udf -J of `tree` into `output`.
    static func bridge(tree: String, output: String, volumeId: String = "WINLIKE") throws -> UDFImage {
        let result = try TestSupport.run("genisoimage", ["-quiet", "-udf", "-J", "-V", volumeId, "-o", output, tree])
        XCTAssertEqual(result.status, 0, result.stderr)
        return try UDFImage(path: output)
    }

    /// Turns the ISO 9660 volume descriptors (blocks 16-18) into extended-area descriptors: UDF only.
    mutating func removeISO9660() {
        for block in 16..<19 where Array(bytes[(block * 2048 + 1)..<(block * 2048 + 6)]) == Array("CD001".utf8) {
            bytes.replaceSubrange((block * 2048 + 1)..<(block * 2048 + 6), with: Array("BEA01".utf8))
        }
    }

    /// Keeps only ".", ".." and README.TXT in the ISO 9660 and Joliet root directories (their first block).
    mutating func cutISO9660RootToReadme() {
        for block in 16..<19 where bytes[block * 2048] == 1 || bytes[block * 2048] == 2 {
            let root = block * 2048 + 156
            let extent = Int(le32(root + 2)) * 2048
            var kept: [UInt8] = []
            var offset = 0
            while offset < 2048, bytes[extent + offset] != 0 {
                let length = Int(bytes[extent + offset])
                let record = Array(bytes[(extent + offset)..<(extent + offset + length)])
                let nameLength = Int(record[32])
                let name = record[33..<(33 + nameLength)].filter { $0 != 0 }
                let isDot = nameLength == 1 && record[33] <= 1
                if isDot || String(decoding: name, as: UTF8.self).hasPrefix("README.TXT") {
                    kept += record
                }
                offset += length
            }
            bytes.replaceSubrange(extent..<(extent + 2048), with: kept + [UInt8](repeating: 0, count: 2048 - kept.count))
        }
    }

    func le32(_ offset: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) } }
    func le16(_ offset: Int) -> UInt16 { UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8 }

    mutating func setLE32(_ offset: Int, _ value: UInt32) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }

    /// The partition's first block (partition descriptor, tag 5, in the main sequence at blocks 32-47).
    var partitionStart: Int {
        for block in 32..<48 where le16(block * 2048) == 5 { return Int(le32(block * 2048 + 188)) }
        return 0
    }

    /// Byte offset of the File Identifier Descriptor named `name` (compression id 8), found by its tag.
    func fileIdentifier(_ name: String) -> Int? {
        let wanted = [8] + Array(name.utf8)
        var offset = 0
        while offset + 40 < bytes.count {
            if le16(offset) == 257, bytes[offset + 19] == UInt8(wanted.count) {
                let nameStart = offset + 38 + Int(le16(offset + 36))
                if nameStart + wanted.count <= bytes.count, Array(bytes[nameStart..<(nameStart + wanted.count)]) == wanted {
                    return offset
                }
            }
            offset += 4
        }
        return nil
    }

    /// Byte offset of the file entry a FID points to (its long_ad ICB at +20: length, block at +24).
    func fileEntry(of fid: Int) -> Int { (partitionStart + Int(le32(fid + 24))) * 2048 }

    /// Recomputes the descriptor CRC (over its announced CRC length) and the tag checksum at `offset`.
    mutating func retag(_ offset: Int) {
        let length = Int(le16(offset + 10))
        var crc: UInt16 = 0
        for byte in bytes[(offset + 16)..<(offset + 16 + length)] {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        bytes[offset + 8] = UInt8(crc & 0xFF)
        bytes[offset + 9] = UInt8(crc >> 8)
        var sum: UInt8 = 0
        for index in 0..<16 where index != 4 { sum &+= bytes[offset + index] }
        bytes[offset + 4] = sum
    }

    /// Replaces a FID's name with another of the same length and re-tags it.
    mutating func rename(_ name: String, to newName: [UInt8]) throws {
        let fid = try XCTUnwrap(fileIdentifier(name), "no FID named \(name)")
        XCTAssertEqual(newName.count, name.utf8.count)
        let start = fid + 38 + Int(le16(fid + 36)) + 1
        bytes.replaceSubrange(start..<(start + newName.count), with: newName)
        retag(fid)
    }

    /// Rewrites the volume as UDF 2.50 with a metadata partition (UDF 2.2.10): a type 2 map (reference 1) whose
    /// metadata file, a file entry of type 250 at the partition's old end (the partition grows by one block),
    /// maps metadata block b to partition block b in two extents split at `splitBlock`. The file set descriptor
    /// and the root ICB are then addressed through reference 1; the FIDs keep reference 0 (physical). `shift`
    /// moves the second extent (a wrong mapping, to show that the mapping is used).
    mutating func addMetadataPartition(splitBlock: UInt32 = 3, fileType: UInt8 = 250, shift: UInt32 = 0) {
        var partitionLength: UInt32 = 0
        for block in 32..<48 where le16(block * 2048) == 5 {
            partitionLength = le32(block * 2048 + 192)
            setLE32(block * 2048 + 192, partitionLength + 1)
            retag(block * 2048)
        }
        let fileBlock = partitionLength
        let entry = (partitionStart + Int(fileBlock)) * 2048
        var fileEntry = [UInt8](repeating: 0, count: 2048)
        fileEntry[0] = 5; fileEntry[1] = 1; fileEntry[2] = 2  // tag 261, version 2
        bytes.replaceSubrange(entry..<(entry + 2048), with: fileEntry)
        bytes[entry + 10] = 176  // CRC length: 192 - 16
        setLE32(entry + 12, fileBlock)
        bytes[entry + 20] = 4  // strategy 4
        bytes[entry + 27] = fileType
        setLE32(entry + 56, partitionLength * 2048)
        setLE32(entry + 172, 16)
        setLE32(entry + 176, splitBlock * 2048)
        setLE32(entry + 180, 0)
        setLE32(entry + 184, (partitionLength - splitBlock) * 2048)
        setLE32(entry + 188, splitBlock + shift)
        retag(entry)
        for block in 32..<48 where le16(block * 2048) == 6 {
            let descriptor = block * 2048
            let tableBytes = Int(le32(descriptor + 264))
            var map = [UInt8](repeating: 0, count: 64)
            map[0] = 2; map[1] = 64
            map.replaceSubrange(5..<28, with: Array("*UDF Metadata Partition".utf8))
            map[38] = bytes[descriptor + 440 + 4]; map[39] = bytes[descriptor + 440 + 5]  // partition number
            for index in 0..<4 { map[40 + index] = UInt8(truncatingIfNeeded: fileBlock >> (8 * index)) }
            bytes.replaceSubrange((descriptor + 440 + tableBytes)..<(descriptor + 440 + tableBytes + 64), with: map)
            setLE32(descriptor + 264, UInt32(tableBytes + 64))
            setLE32(descriptor + 268, 2)
            bytes[descriptor + 10] = UInt8((440 + tableBytes + 64 - 16) & 0xFF)
            bytes[descriptor + 11] = UInt8((440 + tableBytes + 64 - 16) >> 8)
            bytes[descriptor + 248 + 8] = 1  // file set descriptor through the metadata partition
            retag(descriptor)
            let fileSet = (partitionStart + Int(le32(descriptor + 248 + 4))) * 2048
            bytes[fileSet + 400 + 8] = 1  // root ICB through the metadata partition
            retag(fileSet)
        }
    }
}
