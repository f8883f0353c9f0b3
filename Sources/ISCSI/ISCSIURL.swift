/// Where an iSCSI logical unit lives: `iscsi://HOST[:PORT]/IQN/LUN`.
///
/// The host is a DNS name, an IPv4 address or a bracketed IPv6 address (`[::1]`); the port defaults to 3260
/// (RFC 7143 §13.1); the target name is an iSCSI qualified name (`iqn.`), an EUI-64 (`eui.`) or an NAA (`naa.`)
/// name (RFC 3720 §3.2.6.3); the LUN is a decimal number in the 14-bit flat address space (SAM-5 §4.7.7).
public struct ISCSIURL: Sendable, Hashable, CustomStringConvertible {
    public static let defaultPort = 3260
    /// Largest LUN that flat space addressing can carry.
    public static let maximumLUN = 16_383

    /// DNS name or address, without IPv6 brackets.
    public let host: String
    public let port: Int
    /// The iSCSI target name, e.g. `iqn.2026-01.test.discburn:rom`.
    public let targetName: String
    public let lun: Int

    public init(host: String, port: Int = ISCSIURL.defaultPort, targetName: String, lun: Int) {
        self.host = host
        self.port = port
        self.targetName = targetName
        self.lun = lun
    }

    /// Parses `iscsi://HOST[:PORT]/IQN/LUN`; throws `ISCSIError.invalidURL` naming what is wrong.
    public init(parsing text: String) throws {
        func fail(_ reason: String) -> ISCSIError { .invalidURL(text, reason: reason) }
        let scheme = "iscsi://"
        guard text.lowercased().hasPrefix(scheme) else { throw fail("it does not start with iscsi://") }
        let rest = Substring(text.dropFirst(scheme.count))
        let parts = rest.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw fail("it has \(parts.count - 1) '/'-separated part(s) after the host, expected 2 (IQN and LUN)")
        }
        let (host, port) = try Self.parseAuthority(parts[0], fail: fail)
        let target = String(parts[1])
        try Self.validateTargetName(target, fail: fail)
        guard let lun = Int(parts[2]), parts[2].allSatisfy(\.isASCIIDigit), (0...Self.maximumLUN).contains(lun) else {
            throw fail("LUN '\(parts[2])' is not a number from 0 to \(Self.maximumLUN)")
        }
        self.init(host: host, port: port, targetName: target, lun: lun)
    }

    /// `host:port` as libiscsi wants the portal, with brackets around IPv6 addresses.
    public var portal: String { "\(bracketedHost):\(port)" }

    public var description: String { "iscsi://\(portal)/\(targetName)/\(lun)" }

    private var bracketedHost: String { host.contains(":") ? "[\(host)]" : host }

    private static func parseAuthority(_ authority: Substring,
                                       fail: (String) -> ISCSIError) throws -> (String, Int) {
        guard !authority.isEmpty else { throw fail("the host is empty") }
        var host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw fail("'[' without ']' around an IPv6 host") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("unexpected '\(after)' after the IPv6 host") }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw fail("'\(host)' is not an IPv6 address")
            }
        } else {
            let pieces = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            host = pieces[0]
            if pieces.count == 2 { portText = pieces[1] }
            guard !host.isEmpty else { throw fail("the host is empty") }
            guard host.allSatisfy({ $0.isASCIILetterOrDigit || $0 == "." || $0 == "-" }) else {
                throw fail("host '\(host)' has characters other than letters, digits, '.' and '-'")
            }
        }
        var port = defaultPort
        if let portText {
            guard portText.allSatisfy(\.isASCIIDigit), let value = Int(portText), (1...65_535).contains(value) else {
                throw fail("port '\(portText)' is not a number from 1 to 65535")
            }
            port = value
        }
        return (String(host), port)
    }

    private static func validateTargetName(_ name: String, fail: (String) -> ISCSIError) throws {
        guard !name.isEmpty else { throw fail("the target name (IQN) is empty") }
        let lower = name.lowercased()
        guard lower.hasPrefix("iqn.") || lower.hasPrefix("eui.") || lower.hasPrefix("naa.") else {
            throw fail("target name '\(name)' does not start with iqn., eui. or naa.")
        }
        guard name.utf8.count <= 223 else { throw fail("target name is longer than 223 bytes") }
        guard name.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw fail("target name '\(name)' contains spaces or non-ASCII characters")
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    fileprivate var isASCIILetterOrDigit: Bool {
        isASCIIDigit || ("a"..."z").contains(self) || ("A"..."Z").contains(self)
    }
}
