import SCSI

/// A mode page code (SPC-4 §7.5.1, 6 bits; MMC-6 §7.2 lists the pages an MM drive keeps). An open set.
public struct ModePageCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8

    /// A page code is 6 bits; anything larger is a programmer error.
    public init(rawValue: UInt8) {
        precondition(rawValue <= 0x3F, "a mode page code is 6 bits")
        self.rawValue = rawValue
    }

    /// Read/Write Error Recovery Parameters, MMC-6 §7.3.
    public static let readWriteErrorRecovery = ModePageCode(rawValue: 0x01)
    /// MRW (Mount Rainier) page, MMC-6 §7.4.
    public static let mountRainierRewritable = ModePageCode(rawValue: 0x03)
    /// Write Parameters, MMC-6 §7.5.
    public static let writeParameters = ModePageCode(rawValue: 0x05)
    /// Caching, SPC-4 / SBC-3 (MMC-6 §7.6).
    public static let caching = ModePageCode(rawValue: 0x08)
    /// Power Condition, SPC-4 §7.5.13 (MMC-6 §7.7).
    public static let powerCondition = ModePageCode(rawValue: 0x1A)
    /// Informational Exceptions Control (fault/failure reporting), SPC-4 §7.5.11 (MMC-6 §7.8).
    public static let informationalExceptions = ModePageCode(rawValue: 0x1C)
    /// Time-out and Protect, MMC-6 §7.9.
    public static let timeoutAndProtect = ModePageCode(rawValue: 0x1D)
    /// CD/DVD Capabilities and Mechanical Status (legacy), MMC-3 §5.5.10.
    public static let capabilities = ModePageCode(rawValue: 0x2A)
    /// "Return all pages" (MODE SENSE only), SPC-4 §6.14.
    public static let all = ModePageCode(rawValue: 0x3F)

    public var description: String {
        let hex = [rawValue].hexString.uppercased() + "h"
        switch self {
        case .readWriteErrorRecovery: return "Read/Write Error Recovery (\(hex))"
        case .mountRainierRewritable: return "MRW (\(hex))"
        case .writeParameters: return "Write Parameters (\(hex))"
        case .caching: return "Caching (\(hex))"
        case .powerCondition: return "Power Condition (\(hex))"
        case .informationalExceptions: return "Informational Exceptions (\(hex))"
        case .timeoutAndProtect: return "Time-out and Protect (\(hex))"
        case .capabilities: return "CD/DVD Capabilities and Mechanical Status (\(hex))"
        case .all: return "All pages (\(hex))"
        default: return "mode page \(hex)"
        }
    }
}

/// The PC field of MODE SENSE: which set of values to return. SPC-4 §6.14.2 (2 bits, every value defined).
public enum PageControl: UInt8, Sendable, Hashable, CaseIterable {
    case current = 0
    case changeable = 1
    case `default` = 2
    case saved = 3
}

/// One mode page as it travels in a mode parameter list, header included. SPC-4 §7.5.7.
///
/// Page_0 format: byte 0 = PS (bit 7), SPF = 0 (bit 6), page code (bits 5-0); byte 1 = page length.
/// Sub_page format: byte 0 with SPF = 1; byte 1 = subpage code; bytes 2-3 = page length.
public struct ModePage: Sendable, Hashable {
    public let code: ModePageCode
    /// 0 for page_0 format pages.
    public let subpageCode: UInt8
    /// PS: the drive can save this page (MODE SENSE); must be sent as zero in MODE SELECT.
    public let parametersSavable: Bool
    /// The page bytes as they came or will go, header included (2 bytes, or 4 in sub_page format).
    public let data: [UInt8]

    /// A page_0 format page with the given parameter bytes (those after the 2-byte header).
    public init(code: ModePageCode, parametersSavable: Bool = false, parameters: [UInt8]) {
        precondition(parameters.count <= 0xFF, "a page_0 mode page holds at most 255 parameter bytes")
        var bytes: [UInt8] = [code.rawValue | (parametersSavable ? 0x80 : 0), UInt8(parameters.count)]
        bytes.append(contentsOf: parameters)
        self.init(code: code, subpageCode: 0, parametersSavable: parametersSavable, data: bytes)
    }

    /// A sub_page format page (SPF = 1) with the given parameter bytes (those after the 4-byte header).
    public init(code: ModePageCode, subpageCode: UInt8, parametersSavable: Bool = false, parameters: [UInt8]) {
        precondition(parameters.count <= 0xFFFF, "a sub_page mode page holds at most 65535 parameter bytes")
        var w = ByteWriter(count: 4)
        w.set(0, code.rawValue | 0x40 | (parametersSavable ? 0x80 : 0))
        w.set(1, subpageCode)
        w.setUInt16(2, UInt16(parameters.count))
        w.append(parameters)
        self.init(code: code, subpageCode: subpageCode, parametersSavable: parametersSavable, data: w.bytes)
    }

    /// Decodes one page from raw bytes that start with its header. The bytes are kept as given, so a page cut
    /// short by the allocation length comes back with `isTruncated` set; fewer bytes than the header throws.
    public init(bytes: [UInt8]) throws(MMCParseError) {
        let name = "MODE PAGE"
        self = try MMCParseError.wrap(name) {
            let r = ByteReader(bytes)
            let first = try r.uint8(at: 0)
            let subpageFormat = first & 0x40 != 0
            guard bytes.count >= (subpageFormat ? 4 : 2) else {
                throw MMCParseError(name, "mode page header needs \(subpageFormat ? 4 : 2) bytes, got \(bytes.count)")
            }
            return ModePage(code: ModePageCode(rawValue: first & 0x3F),
                            subpageCode: subpageFormat ? try r.uint8(at: 1) : 0,
                            parametersSavable: first & 0x80 != 0, data: bytes)
        }
    }

    init(code: ModePageCode, subpageCode: UInt8, parametersSavable: Bool, data: [UInt8]) {
        self.code = code
        self.subpageCode = subpageCode
        self.parametersSavable = parametersSavable
        self.data = data
    }

    /// SPF: sub_page format (4-byte header).
    public var isSubpageFormat: Bool { (data.first ?? 0) & 0x40 != 0 }
    /// 2 (page_0) or 4 (sub_page).
    public var headerLength: Int { isSubpageFormat ? 4 : 2 }

    /// The page length from the header: bytes that follow the header, as the page declares.
    public var declaredPageLength: Int {
        if isSubpageFormat {
            guard data.count >= 4 else { return 0 }
            return Int(data[2]) << 8 | Int(data[3])
        }
        guard data.count >= 2 else { return 0 }
        return Int(data[1])
    }

    /// Fewer bytes are present than the header declares (the allocation length cut the page).
    public var isTruncated: Bool { data.count < headerLength + declaredPageLength }

    /// The bytes after the header that are both declared and present.
    public var parameters: [UInt8] {
        let end = min(data.count, headerLength + declaredPageLength)
        guard end > headerLength else { return [] }
        return Array(data[headerLength..<end])
    }

    /// The same page with PS cleared, as MODE SELECT wants it (SPC-4 §7.5.7: PS is reserved in MODE SELECT).
    public var forModeSelect: ModePage {
        guard parametersSavable, !data.isEmpty else { return self }
        var bytes = data
        bytes[0] &= 0x7F
        return ModePage(code: code, subpageCode: subpageCode, parametersSavable: false, data: bytes)
    }
}
