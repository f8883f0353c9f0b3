import SCSI

/// READ BUFFER CAPACITY, opcode 5Ch: how big the drive's write buffer is and how much of it is free. MMC-6 §6.20.
///
/// CDB (10 bytes): byte 1 bit 0 = Block; bytes 7-8 = allocation length; byte 9 = control.
/// Response (12 bytes): bytes 0-1 = data length (000Ah). Block = 0: bytes 4-7 = length of the buffer, bytes 8-11 =
/// blank (available) length, both in bytes. Block = 1: byte 3 bit 0 = Block, bytes 8-11 = available length in
/// blocks.
public struct ReadBufferCapacity: MMCCommand {
    public static let name = "READ BUFFER CAPACITY"

    /// Ask for the available space in blocks instead of bytes (not every drive supports it).
    public let block: Bool
    public let allocationLength: UInt16

    public init(block: Bool = false, allocationLength: UInt16 = 12) {
        self.block = block
        self.allocationLength = allocationLength
    }

    public var cdb: CDB {
        var w = ByteWriter(CDB(opcode: 0x5C, length: 10).bytes)
        w.setBits(1, mask: 0x01, block)
        w.setUInt16(7, allocationLength)
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    /// Needs all 12 bytes within min(data length + 2, received). When blocks were asked for but the answer's
    /// Block bit is clear, the drive answered in bytes and the result says so (`.bytes`).
    public func parse(_ data: [UInt8]) throws(MMCParseError) -> BufferCapacity {
        try MMCParseError.wrap(Self.name) {
            let whole = ByteReader(data)
            let dataLength = try whole.uint16(at: 0)
            let r = whole.clamped(at: 0, length: Int(dataLength) + 2)
            guard r.count >= 12 else {
                throw MMCParseError(Self.name, "needs 12 bytes, got \(r.count) (data length \(dataLength))")
            }
            if block, try r.bit(at: 3, 0) {
                return .blocks(availableBlocks: try r.uint32(at: 8))
            }
            return .bytes(lengthBytes: try r.uint32(at: 4), availableBytes: try r.uint32(at: 8))
        }
    }
}

/// The drive buffer's state, in bytes or (Block = 1) in blocks. MMC-6 §6.20.
public enum BufferCapacity: Sendable, Hashable {
    case bytes(lengthBytes: UInt32, availableBytes: UInt32)
    case blocks(availableBlocks: UInt32)

    public var lengthBytes: UInt32? {
        if case .bytes(let length, _) = self { return length }
        return nil
    }

    public var availableBytes: UInt32? {
        if case .bytes(_, let available) = self { return available }
        return nil
    }

    public var availableBlocks: UInt32? {
        if case .blocks(let available) = self { return available }
        return nil
    }

    /// Used share of the buffer, 0…1 (available clamped to the length); nil in block form or for a zero length.
    public var fillFraction: Double? {
        guard case .bytes(let length, let available) = self, length > 0 else { return nil }
        return Double(length - min(available, length)) / Double(length)
    }
}
