import CCdio

/// UDF presence and volume name. Detection is ours (bounds-checked); the name comes from libudf, which is
/// handed the file only after our checks pass.
public struct UDFVolume: Sendable, Equatable {
    /// NSR02 (UDF 1.02) or NSR03 (UDF 2.x), from the volume recognition sequence.
    public var standard: String
    public var volumeId: String?
    /// Blocks the volume needs: the end of its furthest partition (ECMA-167 3/10.5), nil when no partition
    /// descriptor was found. A file shorter than this is truncated.
    public var volumeBlocks: Int64?

    /// Volume recognition sequence: BEA01 … NSR0x … TEA01 in the blocks after the 32 KiB system area
    /// (ECMA-167 3/9.1, 2/9.1.2). Anchor volume descriptor pointer at block 256, tag 2 (ECMA-167 3/10.2).
    static func detect(_ reader: BlockReader) throws -> UDFVolume? {
        var standard: String?
        for lba in Int64(16)..<Int64(16 + 64) {
            guard let block = try reader.block(lba), let identifier = block.text(1, 5) else { break }
            if identifier == "NSR02" || identifier == "NSR03" { standard = identifier }
            let known = ["CD001", "BEA01", "NSR02", "NSR03", "BOOT2", "CDW02"]
            if identifier == "TEA01" || !known.contains(identifier) { break }
        }
        guard let standard, try hasAnchor(reader) else { return nil }
        let blocks = try partitionEndBlocks(reader)
        // libudf reads the descriptor sequence only when every block of it is in the file.
        let name = blocks.map { $0 <= reader.blocksPresent } ?? false ? libudfVolumeId(reader.file.path) : nil
        return UDFVolume(standard: standard, volumeId: name, volumeBlocks: blocks)
    }

    /// The main volume descriptor sequence (extent at bytes 16-23 of the anchor, ECMA-167 3/10.2): the largest
    /// partition starting location + length of its partition descriptors (tag 5, bytes 188 and 192).
    static func partitionEndBlocks(_ reader: BlockReader) throws -> Int64? {
        guard let anchor = try reader.block(256), let lengthBytes = anchor.u32le(16),
              let location = anchor.u32le(20) else { return nil }
        let blockCount = min(Int64(lengthBytes) / 2048, 64)
        var end: Int64?
        for index in 0..<blockCount {
            guard let block = try reader.block(Int64(location) + index), let tag = block.u16le(0) else { break }
            if tag == 8 { break }
            if tag == 5, let start = block.u32le(188), let length = block.u32le(192) {
                end = max(end ?? 0, Int64(start) + Int64(length))
            }
        }
        return end
    }

    /// Descriptor tag (ECMA-167 3/7.2): identifier 2 and a checksum over bytes 0-3 and 5-15.
    static func hasAnchor(_ reader: BlockReader) throws -> Bool {
        guard let block = try reader.block(256), block.u16le(0) == 2, let bytes = block.array(0, 16) else {
            return false
        }
        var sum: UInt8 = 0
        for (index, byte) in bytes.enumerated() where index != 4 { sum &+= byte }
        return sum == bytes[4]
    }

    /// libudf reads the anchor, the volume descriptor sequence and the primary volume descriptor.
    static func libudfVolumeId(_ path: String) -> String? {
        TrackImageReader.silenceLibcdio()
        guard let handle = udf_open(path) else { return nil }
        defer { _ = udf_close(handle) }
        var buffer = [CChar](repeating: 0, count: 256)
        let needed = udf_get_volume_id(handle, &buffer, UInt32(buffer.count - 1))
        guard needed > 0 else { return nil }
        buffer[buffer.count - 1] = 0
        // libudf hands out Latin-1: map each byte to its code point.
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
