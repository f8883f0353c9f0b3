import Foundation

/// A requested write speed.
public enum SpeedRequest: Sendable, Hashable, CustomStringConvertible {
    case maximum
    case minimum
    /// Multiples of the medium's 1× ("8", "8x", "2.4x").
    case multiple(Double)
    case kilobytesPerSecond(Int)

    /// Parses `max`, `min`, `8`, `8x`, `2.4x`, `11080kB/s` / `11080k`.
    public init?(parsing text: String) {
        let t = text.lowercased().trimmingCharacters(in: .whitespaces)
        switch t {
        case "max", "maximum": self = .maximum
        case "min", "minimum": self = .minimum
        default:
            for suffix in ["kb/s", "kbps", "k"] where t.hasSuffix(suffix) {
                guard let n = Int(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), n > 0 else {
                    return nil
                }
                self = .kilobytesPerSecond(n)
                return
            }
            let number = t.hasSuffix("x") ? String(t.dropLast()) : t
            guard let x = Double(number), x > 0, x < 1000 else { return nil }
            self = .multiple(x)
        }
    }

    public var description: String {
        switch self {
        case .maximum: return "max"
        case .minimum: return "min"
        case .multiple(let x): return x == x.rounded() && abs(x) < 1e6 ? "\(Int(x))x" : "\(x)x"
        case .kilobytesPerSecond(let k): return "\(k) kB/s"
        }
    }
}

/// A write mode as the user names it (`--mode`). On CD, `sao` and `dao` are the same thing (cdrecord -dao
/// writes Session At Once); on DVD-R/-RW `dao` is Disc At Once.
public enum WriteModeRequest: String, Sendable, Hashable, CaseIterable {
    case tao, sao, dao, incremental

    public init?(parsing text: String) { self.init(rawValue: text.lowercased()) }
}

/// Everything a user can ask of a burn.
public struct BurnOptions: Sendable {
    public var speed: SpeedRequest = .maximum
    /// Simulation: the test-write bit; the medium stays blank.
    public var dummy = false
    /// Leave the disc appendable where the medium supports sessions.
    public var multiSession = false
    public var verify = true
    public var overburn = false
    public var eject = false
    /// Software FIFO size; 0 disables the FIFO (the writer reads the image itself); nil sizes it from the write
    /// speed (`FIFOSizing`).
    public var fifoSizeBytes: Int?
    /// Blocks per WRITE command: 16 (32 KiB) works on every drive and is the DVD ECC block; DVD writes are
    /// rounded up to 16, BD writes to 32 (64 KiB, libburn's BD-R obs).
    public var blocksPerWrite = 16
    /// BD: WRITE(12) with the Streaming bit, which switches the drive's defect management (verify after write,
    /// spare replacement) off for speed. Only where feature 0107h offers stream writing, never with writes under
    /// 64 KiB (LG GGW-H20 writes junk then: libburn write.c).
    public var streamRecording = false
    /// DVD+R DL: last LBA of layer 0 + 1 (nil: the middle of the image, rounded to 16 blocks).
    public var layerBreakLBA: UInt64?
    /// CD: prefer SAO (cue sheet) over TAO.
    public var preferSessionAtOnce = false
    /// DVD-R/-RW: prefer incremental over DAO.
    public var preferIncremental = false
    /// The write mode the user named (`--mode`), checked against the plan: honoured or refused, never changed.
    public var requestedMode: WriteModeRequest?
    /// `--data`: the file is data, not a disc image: burn it byte for byte without the notice that says so.
    public var data = false
    /// `--force`: burn an ISO 9660/UDF image even though it is truncated or damaged.
    public var force = false
    /// Test hook for the underrun benchmark: the image reader stalls this long every `every`.
    public var readerStall: (stall: Duration, every: Duration)?

    public init() {}
}

import Foundation
