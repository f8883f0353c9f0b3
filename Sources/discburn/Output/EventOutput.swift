import Burning
import Foundation

/// The CLI's one way out for results and events. With `--json` every event is one compact JSON object on one
/// line of standard output, carrying `schemaVersion`, `event` and `drive` (null when the command has no drive)
/// beside the payload's own keys; without it, commands print text. Errors go through `error(_:)` in both modes.
/// The schema is documented in the README ("JSON output") (add keys, never rename them; bump
/// `schemaVersion` on any incompatible change).
enum EventOutput {
    static let schemaVersion = 1

    /// Set once, when a command starts (before any output), from its `--json` / `--quiet` flags.
    nonisolated(unsafe) static var json = false
    nonisolated(unsafe) static var quiet = false
    /// The drive the command works on, for the `drive` key of events that do not name one themselves.
    nonisolated(unsafe) static var drive: String?

    private static let lock = NSLock()

    /// Writes one event line (JSON mode only; a no-op in text mode).
    static func emit<Payload: Encodable>(_ event: String, _ payload: Payload, drive: String? = nil) {
        guard json else { return }
        writeLine(line(event, payload, drive: drive ?? self.drive))
    }

    /// The JSON text of one event, without the line end.
    static func line<Payload: Encodable>(_ event: String, _ payload: Payload, drive: String?) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf",
                                                                      nan: "nan")
        let envelope = Envelope(event: event, drive: drive, payload: payload)
        guard let data = try? encoder.encode(envelope) else {
            // Every payload is a plain struct of strings and numbers; this is a programmer error.
            preconditionFailure("event \(event) cannot be encoded")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func writeLine(_ text: String) {
        lock.withLock { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
    }

    /// A text line for people on standard error (progress, notes); nothing in JSON or quiet mode.
    static func note(_ text: String) {
        guard !json, !quiet else { return }
        lock.withLock { FileHandle.standardError.write(Data("discburn: \(text)\n".utf8)) }
    }

    private struct Envelope<Payload: Encodable>: Encodable {
        enum Keys: String, CodingKey { case schemaVersion, event, drive }
        let event: String
        let drive: String?
        let payload: Payload

        func encode(to encoder: Encoder) throws {
            var header = encoder.container(keyedBy: Keys.self)
            try header.encode(EventOutput.schemaVersion, forKey: .schemaVersion)
            try header.encode(event, forKey: .event)
            if let drive { try header.encode(drive, forKey: .drive) } else { try header.encodeNil(forKey: .drive) }
            try payload.encode(to: encoder)
        }
    }
}

/// The `error` event: why a command stopped, in the same one line that goes to standard error.
struct ErrorEvent: Encodable {
    var message: String
    var exitCode: Int32
}

/// A note that changes nothing but should be known (an option rounded, a fallback taken).
struct NoteEvent: Encodable {
    var message: String
}

extension LBARange {
    /// Sorted, merged ranges from a list of LBAs (JSON lists blocks as ranges, never one entry per block).
    static func ranges(_ lbas: [UInt64]) -> [LBARange] {
        var out: [LBARange] = []
        for lba in lbas.sorted() {
            if var last = out.last, lba <= last.startLBA + last.blocks {
                last.blocks = max(last.blocks, lba - last.startLBA + 1)
                out[out.count - 1] = last
            } else {
                out.append(LBARange(startLBA: lba, blocks: 1))
            }
        }
        return out
    }
}
