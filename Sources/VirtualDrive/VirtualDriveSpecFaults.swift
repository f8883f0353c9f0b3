/// The fault options of a spec (`?unreadable=...&slow=...`), so that a drive opened from text alone (the CLI,
/// another process) has bad sectors and slow zones: see `VirtualFault.unreadable` and `.slowReads`.
///
/// - `unreadable=A-B[,A-B...]` READs of blocks A...B fail with 3/11/00 (a single block: `A`).
/// - `slow=A-B:MS[,A-B:MS...]` READs take MS more milliseconds per block inside A...B.
/// LBAs are 0...2^31; MS is 0...60000. Only these two fault kinds have a text form: others in `faults` are left
/// out of `description`.
extension VirtualDriveSpec {
    static let maximumFaultLBA = 1 << 31

    static func parseUnreadable(_ value: String) throws -> [VirtualFault] {
        try value.split(separator: ",", omittingEmptySubsequences: false).map {
            .unreadable(lbas: try parseLBARange(Substring($0), option: "unreadable"))
        }
    }

    static func parseSlow(_ value: String) throws -> [VirtualFault] {
        try value.split(separator: ",", omittingEmptySubsequences: false).map { zone in
            let parts = zone.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let ms = Int(parts[1]), (0...60_000).contains(ms) else {
                throw ParseError(message: "slow=\(value): expected A-B:MS with MS in 0...60000, such as slow=100-199:20")
            }
            return .slowReads(lbas: try parseLBARange(parts[0], option: "slow"), millisecondsPerBlock: ms)
        }
    }

    /// "A-B" or "A" with 0 <= A <= B <= 2^31.
    static func parseLBARange(_ text: Substring, option: String) throws -> ClosedRange<Int> {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        let numbers = ends.compactMap { Int($0) }
        guard (1...2).contains(ends.count), numbers.count == ends.count, let first = numbers.first,
              let last = numbers.last, first >= 0, first <= last, last <= maximumFaultLBA else {
            throw ParseError(message: "\(option): \"\(text)\" is not an LBA range A-B with 0 <= A <= B <= 2^31")
        }
        return first...last
    }

    /// `unreadable=` and `slow=` options for `description`.
    var faultOptions: [String] {
        func range(_ r: ClosedRange<Int>) -> String { r.count == 1 ? "\(r.lowerBound)" : "\(r.lowerBound)-\(r.upperBound)" }
        var unreadable = [String](), slow = [String]()
        for fault in faults {
            switch fault {
            case .unreadable(let lbas): unreadable.append(range(lbas))
            case .slowReads(let lbas, let ms): slow.append(range(lbas) + ":\(ms)")
            default: continue
            }
        }
        var options = [String]()
        if !unreadable.isEmpty { options.append("unreadable=" + unreadable.joined(separator: ",")) }
        if !slow.isEmpty { options.append("slow=" + slow.joined(separator: ",")) }
        return options
    }
}
