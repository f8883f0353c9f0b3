import CCdio

/// UDF presence and volume name. Detection is ours (bounds-checked); the name comes from libudf, which is
/// handed the file only after our checks pass.
public struct UDFVolume: Sendable, Equatable {
    /// NSR02 (UDF 1.02) or NSR03 (UDF 2.x), from the volume recognition sequence.
    public var standard: String
    public var volumeId: String?

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
        return UDFVolume(standard: standard, volumeId: libudfVolumeId(reader.file.path))
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
