import DiscImage
#if canImport(Glibc)
import Glibc
#endif

/// Buffered standard output for long listings, plus the small formatters the image commands share.
final class ImageOutput {
    nonisolated(unsafe) static let standardOutput = ImageOutput()
    private var buffer: [UInt8] = []
    static let flushBytes = 1 << 16

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushBytes { flush() }
    }

    func line(_ text: String) { write(text + "\n") }

    func flush() {
        guard !buffer.isEmpty else { return }
        Self.writeAll(buffer, to: 1)
        buffer.removeAll(keepingCapacity: true)
    }

    static func writeAll(_ text: String, to descriptor: Int32) { writeAll(Array(text.utf8), to: descriptor) }

    /// write(2) until done; a closed pipe (EPIPE) ends quietly.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var done = 0
        while done < bytes.count {
            let wrote = bytes.withUnsafeBytes { raw in Glibc.write(descriptor, raw.baseAddress! + done, raw.count - done) }
            if wrote < 0 && errno == EINTR { continue }
            if wrote <= 0 { return }
            done += wrote
        }
    }

    static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    /// JSON string literal with the escapes RFC 8259 §7 requires.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `drwxr-xr-x`-style mode; without Rock Ridge modes, r-x for everyone (as xorriso shows plain ISO 9660).
    static func modeString(_ entry: ImageEntry) -> String {
        let type: Character = entry.kind == .directory ? "d" : (entry.kind == .symlink ? "l" : "-")
        let bits = entry.permissions ?? (entry.kind == .symlink ? 0o777 : 0o555)
        let letters: [Character] = ["r", "w", "x"]
        var text = String(type)
        for index in 0..<9 {
            text.append(bits & (1 << (8 - index)) != 0 ? letters[index % 3] : "-")
        }
        return text
    }

    /// "2024-05-01 12:00" in UTC, or 16 dashes.
    static func shortDate(_ date: ISODate?) -> String {
        guard let date else { return String(repeating: "-", count: 16) }
        let iso = date.iso8601
        return String(iso.prefix(16).map { $0 == "T" ? " " : $0 })
    }
}
