import DiscImage
#if canImport(Glibc)
import Glibc
#endif

/// Buffered standard output that formats straight into bytes: a 50,000-entry listing must not cost a String
/// per field.
final class ImageOutput {
    nonisolated(unsafe) static let standardOutput = ImageOutput()
    static let flushBytes = 1 << 16
    /// A raw buffer: no copy-on-write or exclusivity checks per byte.
    static let capacityBytes = 1 << 17
    private let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacityBytes)
    private var count = 0
    /// The text of the last date written (see `date(_:iso:)`).
    static let dateCacheBytes = 32
    private let dateCache = UnsafeMutablePointer<UInt8>.allocate(capacity: dateCacheBytes)
    private var lastDate: (date: ISODate, iso: Bool, length: Int)?

    deinit {
        storage.deallocate()
        dateCache.deallocate()
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    private func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        if count + bytes.count > Self.capacityBytes { flush() }
        guard let base = bytes.baseAddress else { return }
        if bytes.count > Self.capacityBytes {
            Self.writeAll(bytes, to: 1)
            return
        }
        (storage + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    func byte(_ value: UInt8) {
        if count >= Self.capacityBytes { flush() }
        storage[count] = value
        count += 1
    }

    func line(_ text: String) {
        write(text)
        endLine()
    }

    func endLine() {
        byte(0x0A)
        if count >= Self.flushBytes { flush() }
    }

    func flush() {
        guard count > 0 else { return }
        Self.writeAll(UnsafeBufferPointer(start: storage, count: count), to: 1)
        count = 0
    }

    /// Decimal, right-aligned in `width` columns. (Digits are reversed into a UInt64 first: an Int64 magnitude
    /// has at most 19 digits, so the reversal cannot overflow.)
    func number(_ value: Int64, width: Int = 0) {
        var rest = value.magnitude
        var reversed: UInt64 = 0
        var length = 0
        repeat {
            reversed = reversed &* 10 &+ rest % 10
            rest /= 10
            length += 1
        } while rest > 0
        let total = length + (value < 0 ? 1 : 0)
        for _ in total..<max(width, total) { byte(0x20) }
        if value < 0 { byte(UInt8(ascii: "-")) }
        for _ in 0..<length {
            byte(UInt8(ascii: "0") + UInt8(reversed % 10))
            reversed /= 10
        }
    }

    /// Octal digits without leading zeros ("0" for zero), as `String(value, radix: 8)` writes them.
    func octal(_ value: UInt32) {
        var shift = 30
        while shift > 0 && value >> shift == 0 { shift -= 3 }
        while shift >= 0 {
            byte(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value >> shift & 7))
            shift -= 3
        }
    }

    func twoDigits(_ value: Int) {
        byte(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / 10 % 10))
        byte(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value % 10))
    }

    /// "2024-05-01 12:00" (`iso` false) or "2024-05-01T12:00:00Z" (`iso` true), in UTC. The last date's text is
    /// kept: entries of one directory usually share a timestamp, and the calendar arithmetic is per entry otherwise.
    func date(_ date: ISODate, iso: Bool) {
        if count + Self.dateCacheBytes > Self.capacityBytes { flush() }
        if let last = lastDate, last.iso == iso, last.date == date {
            (storage + count).update(from: dateCache, count: last.length)
            count += last.length
            return
        }
        let start = count
        let f = date.utc
        number(Int64(f.year))
        byte(UInt8(ascii: "-")); twoDigits(f.month); byte(UInt8(ascii: "-")); twoDigits(f.day)
        byte(iso ? UInt8(ascii: "T") : 0x20)
        twoDigits(f.hour); byte(UInt8(ascii: ":")); twoDigits(f.minute)
        if iso { byte(UInt8(ascii: ":")); twoDigits(f.second); byte(UInt8(ascii: "Z")) }
        let length = count - start
        if length <= Self.dateCacheBytes {  // a year beyond 9999 digits is never cached
            dateCache.update(from: storage + start, count: length)
            lastDate = (date, iso, length)
        }
    }

    /// A name from the image as terminal-safe text (`PrintableName.escaped`); names of printable ASCII other than
    /// the backslash are the same escaped or not, and are copied byte for byte without building a new String.
    func printableName(_ text: String) {
        let copied = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for value in bytes where value < 0x20 || value > 0x7E || value == UInt8(ascii: "\\") { return false }
            append(bytes)
            return true
        }
        if copied != true { write(PrintableName.escaped(text)) }
    }

    /// JSON string literal with the escapes RFC 8259 §7 requires.
    func jsonString(_ text: String) {
        byte(UInt8(ascii: "\""))
        let copied = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            // The common name needs no escape: copied whole.
            for value in bytes where value < 0x20 || value == UInt8(ascii: "\"") || value == UInt8(ascii: "\\") {
                return false
            }
            append(bytes)
            return true
        }
        if copied == true {
            byte(UInt8(ascii: "\""))
            return
        }
        for value in text.utf8 {
            switch value {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                byte(UInt8(ascii: "\\")); byte(value)
            case 0x0A: write("\\n")
            case 0x0D: write("\\r")
            case 0x09: write("\\t")
            case 0..<0x20:
                write("\\u00"); twoHex(value)
            default: byte(value)
            }
        }
        byte(UInt8(ascii: "\""))
    }

    private func twoHex(_ value: UInt8) {
        let hex = Array("0123456789abcdef".utf8)
        byte(hex[Int(value >> 4)]); byte(hex[Int(value & 15)])
    }

    /// `drwxr-xr-x`-style mode; without Rock Ridge modes, r-x for everyone (as xorriso shows plain ISO 9660).
    func mode(_ entry: ImageEntry) {
        byte(entry.kind == .directory ? UInt8(ascii: "d") : (entry.kind == .symlink ? UInt8(ascii: "l") : 0x2D))
        let bits = entry.permissions ?? (entry.kind == .symlink ? 0o777 : 0o555)
        if count + 9 > Self.capacityBytes { flush() }
        for shift in stride(from: 6, through: 0, by: -3) {  // user, group, other
            storage[count] = bits >> (shift + 2) & 1 != 0 ? UInt8(ascii: "r") : 0x2D
            storage[count + 1] = bits >> (shift + 1) & 1 != 0 ? UInt8(ascii: "w") : 0x2D
            storage[count + 2] = bits >> shift & 1 != 0 ? UInt8(ascii: "x") : 0x2D
            count += 3
        }
    }

    static func writeAll(_ text: String, to descriptor: Int32) { writeAll(Array(text.utf8), to: descriptor) }

    /// write(2) until done; a closed pipe (EPIPE) ends quietly.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        bytes.withUnsafeBufferPointer { writeAll($0, to: descriptor) }
    }

    static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let wrote = Glibc.write(descriptor, base + done, bytes.count - done)
            if wrote < 0 && errno == EINTR { continue }
            if wrote <= 0 { return }
            done += wrote
        }
    }

    /// A message as one terminal-safe line: control characters (from names in an image) are escaped.
    static func oneLine(_ text: String) -> String {
        PrintableName.escaped(String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 }), escapingBackslash: false)
    }
}
