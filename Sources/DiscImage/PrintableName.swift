/// Names from an image shown on a terminal: control characters would move the cursor, recolour the screen or
/// start a new line that forges a listing entry, so text output escapes them (JSON output has its own escapes).
public enum PrintableName {
    /// C0 and C1 controls, DEL and the bidirectional overrides become `\n`, `\t`, `\r`, `\xHH` or `\u{HHHH}`;
    /// a backslash becomes `\\` so the escaped form is unambiguous. Everything else is kept.
    public static func escaped(_ name: String, escapingBackslash: Bool = true) -> String {
        let needsEscape = { (scalar: Unicode.Scalar) in
            Self.needsEscape(scalar) && (escapingBackslash || scalar != "\\")
        }
        guard name.unicodeScalars.contains(where: needsEscape) else { return name }
        var out = ""
        out.reserveCapacity(name.utf8.count + 8)
        for scalar in name.unicodeScalars {
            guard needsEscape(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                let hex = String(scalar.value, radix: 16)
                out += scalar.value < 0x80
                    ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                    : "\\u{" + hex + "}"
            }
        }
        return out
    }

    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x5C, 0x7F, 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
