/// Sense key (SPC-4 §4.5.6): the 4-bit class of a CHECK CONDITION.
public struct SenseKey: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue & 0x0F }

    public static let noSense = SenseKey(rawValue: 0x0)
    public static let recoveredError = SenseKey(rawValue: 0x1)
    public static let notReady = SenseKey(rawValue: 0x2)
    public static let mediumError = SenseKey(rawValue: 0x3)
    public static let hardwareError = SenseKey(rawValue: 0x4)
    public static let illegalRequest = SenseKey(rawValue: 0x5)
    public static let unitAttention = SenseKey(rawValue: 0x6)
    public static let dataProtect = SenseKey(rawValue: 0x7)
    public static let blankCheck = SenseKey(rawValue: 0x8)
    public static let vendorSpecific = SenseKey(rawValue: 0x9)
    public static let copyAborted = SenseKey(rawValue: 0xA)
    public static let abortedCommand = SenseKey(rawValue: 0xB)
    public static let volumeOverflow = SenseKey(rawValue: 0xD)
    public static let miscompare = SenseKey(rawValue: 0xE)

    static let names = [
        "NO SENSE", "RECOVERED ERROR", "NOT READY", "MEDIUM ERROR", "HARDWARE ERROR", "ILLEGAL REQUEST",
        "UNIT ATTENTION", "DATA PROTECT", "BLANK CHECK", "VENDOR SPECIFIC", "COPY ABORTED", "ABORTED COMMAND",
        "RESERVED", "VOLUME OVERFLOW", "MISCOMPARE", "COMPLETED",
    ]
    public var description: String { SenseKey.names[Int(rawValue)] }
}

/// Decoded sense data, fixed (70h/71h) or descriptor (72h/73h) format (SPC-4 §4.5).
public struct SenseData: Sendable, Hashable, CustomStringConvertible {
    public enum Format: Sendable, Hashable { case fixed, descriptor }

    public var format: Format
    /// false for deferred errors (71h/73h).
    public var isCurrent: Bool
    public var key: SenseKey
    public var asc: UInt8
    public var ascq: UInt8
    /// The INFORMATION field when marked valid (often the LBA of a medium error).
    public var information: UInt64?
    /// Progress of a format/blank/close, 0.0 ... 1.0, when the sense-key-specific field carries one.
    public var progress: Double?
    /// The raw sense-key-specific 3 bytes when SKSV is set.
    public var senseKeySpecific: [UInt8]?

    public init(key: SenseKey, asc: UInt8, ascq: UInt8, format: Format = .fixed, isCurrent: Bool = true,
                information: UInt64? = nil, progress: Double? = nil, senseKeySpecific: [UInt8]? = nil) {
        self.key = key
        self.asc = asc
        self.ascq = ascq
        self.format = format
        self.isCurrent = isCurrent
        self.information = information
        self.progress = progress
        self.senseKeySpecific = senseKeySpecific
    }

    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case unknownResponseCode(UInt8)
        case truncated(ByteReader.OutOfBounds)
        public var description: String {
            switch self {
            case .empty: return "no sense bytes"
            case .unknownResponseCode(let c): return "unknown sense response code 0x" + [c].hexString
            case .truncated(let e): return "truncated sense data: \(e)"
            }
        }
    }

    /// Parses fixed or descriptor sense data. Fields past the received bytes are absent, never read.
    public init(bytes: [UInt8]) throws(ParseError) {
        guard let first = bytes.first else { throw .empty }
        let code = first & 0x7F
        let r = ByteReader(bytes)
        do {
            switch code {
            case 0x70, 0x71: try self.init(fixed: r, current: code == 0x70)
            case 0x72, 0x73: try self.init(descriptor: r, current: code == 0x72)
            default: throw ParseError.unknownResponseCode(first)
            }
        } catch let e as ByteReader.OutOfBounds {
            throw .truncated(e)
        } catch let e as ParseError {
            throw e
        } catch {
            throw .empty
        }
    }

    private init(fixed r: ByteReader, current: Bool) throws {
        let key = SenseKey(rawValue: try r.uint8(at: 2))
        // Additional sense length (byte 7) bounds what follows; use min(announced, received).
        let additional = Int((try? r.uint8(at: 7)) ?? 0)
        let end = min(r.count, 8 + additional)
        let asc: UInt8 = end > 12 ? try r.uint8(at: 12) : 0
        let ascq: UInt8 = end > 13 ? try r.uint8(at: 13) : 0
        let valid = try r.uint8(at: 0) & 0x80 != 0
        let information: UInt64? = valid && r.count >= 7 ? UInt64(try r.uint32(at: 3)) : nil
        var sks: [UInt8]?
        if end >= 18, try r.uint8(at: 15) & 0x80 != 0 { sks = try r.slice(at: 15, length: 3) }
        self.init(key: key, asc: asc, ascq: ascq, format: .fixed, isCurrent: current, information: information,
                  progress: SenseData.progress(key: key, sks: sks), senseKeySpecific: sks)
    }

    private init(descriptor r: ByteReader, current: Bool) throws {
        let key = SenseKey(rawValue: try r.uint8(at: 1))
        let asc = try r.uint8(at: 2)
        let ascq = try r.uint8(at: 3)
        let additional = Int((try? r.uint8(at: 7)) ?? 0)
        let end = min(r.count, 8 + additional)
        var information: UInt64?
        var sks: [UInt8]?
        var at = 8
        while at + 2 <= end {
            let type = try r.uint8(at: at)
            let length = Int(try r.uint8(at: at + 1))
            guard at + 2 + length <= end else { break }
            switch type {
            case 0x00 where length >= 0x0A:  // information descriptor
                if try r.uint8(at: at + 2) & 0x80 != 0 { information = try r.uint64(at: at + 4) }
            case 0x02 where length >= 0x06:  // sense key specific descriptor
                if try r.uint8(at: at + 4) & 0x80 != 0 { sks = try r.slice(at: at + 4, length: 3) }
            default: break
            }
            at += 2 + length
        }
        self.init(key: key, asc: asc, ascq: ascq, format: .descriptor, isCurrent: current, information: information,
                  progress: SenseData.progress(key: key, sks: sks), senseKeySpecific: sks)
    }

    /// Progress indication (SPC-4 §4.5.2.4.4) is defined for NOT READY and NO SENSE.
    private static func progress(key: SenseKey, sks: [UInt8]?) -> Double? {
        guard let sks, sks.count == 3, key == .notReady || key == .noSense else { return nil }
        let value = UInt16(sks[1]) << 8 | UInt16(sks[2])
        return Double(value) / 65536.0
    }

    /// Fixed-format bytes for this sense (18 bytes), as a device would return them. Used by the VirtualDrive.
    public var fixedBytes: [UInt8] {
        var w = ByteWriter(count: 18)
        w.set(0, (isCurrent ? 0x70 : 0x71) | (information != nil ? 0x80 : 0))
        w.set(2, key.rawValue)
        if let information { w.setUInt32(3, UInt32(truncatingIfNeeded: information)) }
        w.set(7, 10)
        w.set(12, asc)
        w.set(13, ascq)
        if let sks = senseKeySpecific, sks.count == 3 {
            w.set(15, sks[0] | 0x80); w.set(16, sks[1]); w.set(17, sks[2])
        } else if let progress {
            let v = UInt16(min(65535, max(0, progress * 65536)))
            w.set(15, 0x80); w.setUInt16(16, v)
        }
        return w.bytes
    }

    /// "3/0C/09" style triple.
    public var triple: String {
        String(key.rawValue, radix: 16, uppercase: true) + "/" + [asc].hexString.uppercased() + "/" + [ascq].hexString.uppercased()
    }

    public var description: String { "\(triple) \(SenseTable.entry(for: self).message)" }
}
