// libFuzzer target: extract's path logic. Input: a name, NUL-separated from a symlink target, and a link directory.
// Invariants: a safe component never contains "/" or NUL and is never "", "." or ".."; an accepted symlink target
// never climbs above the destination lexically and has no NUL; escaped names hold no control characters.
@testable import DiscImage

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExtractPath(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parts = bytes.split(separator: 0xFF, maxSplits: 2, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    let name = parts[0]
    let safe = ExtractionPath.component(name).safe
    precondition(!safe.contains("/") && !safe.contains("\0") && !["", ".", ".."].contains(safe))
    let target = parts.count > 1 ? parts[1] : name
    let directory = parts.count > 2 ? parts[2].split(separator: "/").map(String.init).filter { !$0.isEmpty } : []
    let realDirectory: (String) -> Bool = { $0.utf8.count % 3 != 0 }
    if ExtractionPath.symlinkStaysInside(target, linkDirectory: directory, isRealDirectory: realDirectory) {
        precondition(!target.hasPrefix("/") && !target.utf8.contains(0))
        var depth = directory.count
        for part in target.split(separator: "/") {
            if part == ".." { depth -= 1 } else if part != "." { depth += 1 }
            precondition(depth >= 0, "accepted a target that leaves the destination")
        }
    }
    let shown = PrintableName.escaped(name)
    precondition(!shown.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    return 0
}
