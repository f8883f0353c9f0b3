/// Rock Ridge fields of one directory record, read from its SUSP entries.
/// SUSP 1.12 (IEEE P1281) §5 for SP/CE/ER/ST; RRIP 1.12 (IEEE P1282) §4.1 for PX/NM/SL/TF/CL/RE.
struct RockRidgeFields: Sendable {
    var name: String?
    /// POSIX st_mode (PX, RRIP §4.1.1).
    var mode: UInt32?
    var uid: UInt32?
    var gid: UInt32?
    var symlinkTarget: String?
    var modification: ISODate?
    var access: ISODate?
    /// CL: the directory was relocated; its real extent is here (RRIP §4.1.5.1).
    var childLinkLBA: Int64?
    /// RE: this record is the relocated directory itself and is hidden from the tree (RRIP §4.1.5.3).
    var isRelocated = false
    /// SP found: SUSP in use, and how many bytes to skip in every later system use area (SUSP §5.3).
    var sharingProtocolSkipBytes: Int?
    /// ER names a Rock Ridge extension, or PX/NM/RR appeared.
    var announcesRockRidge = false
    /// A malformed entry or continuation area was met; the fields read before it are kept.
    var damaged = false

    /// Most continuation areas we follow for one record: a CE chain is untrusted and may loop.
    static let maximumContinuations = 32
    /// Most continuation bytes for one record, all its areas together (SUSP §5.1: an area is at most a block,
    /// but chains are legal; real images use a few hundred bytes).
    static let maximumContinuationBytes = 64 * 1024

    /// Why the record is damaged, for the report (nil when it is not).
    var damage: String?

    static func read(_ area: ByteView, skipBytes: Int, reader: BlockReader,
                     budget: inout ContinuationBudget) throws -> RockRidgeFields {
        var fields = RockRidgeFields()
        var state = ParseState()
        if skipBytes == 0 {
            fields.parseEntries(area, state: &state)
        } else if let view = area.slice(skipBytes, area.count - skipBytes) {
            fields.parseEntries(view, state: &state)
        }
        if state.continuation != nil {
            try fields.followContinuations(reader: reader, budget: &budget, state: &state)
        }
        if !state.nameParts.isEmpty {
            fields.name = String(decoding: state.nameParts, as: UTF8.self)
        } else if let single = state.firstNamePart {
            fields.name = single.utf8String()
        }
        if state.sawSymlink { fields.symlinkTarget = state.symlink.target }
        return fields
    }

    /// Reads the continuation areas (CE) the system use area points to, each checked against loops, the
    /// per-record limits and the walk's budget; the first area has been parsed into `state` already.
    private mutating func followContinuations(reader: BlockReader, budget: inout ContinuationBudget,
                                              state: inout ParseState) throws {
        var current: ByteView?
        var visited: Set<Int64> = []
        var recordBytes = 0
        repeat {
            if let view = current {
                state.continuation = nil
                parseEntries(view, state: &state)
            }
            current = nil
            guard let next = state.continuation?.normalised else { break }
            recordBytes += next.lengthBytes
            if !visited.insert(next.lba * 2048 + Int64(next.offsetBytes)).inserted {
                markDamaged("Rock Ridge continuation area loops back to block \(next.lba)")
            } else if visited.count > Self.maximumContinuations || recordBytes > Self.maximumContinuationBytes {
                markDamaged("Rock Ridge continuation chain longer than \(Self.maximumContinuations) areas or "
                    + "\(Self.maximumContinuationBytes) bytes")
            } else if budget.remainingBytes < next.lengthBytes {
                markDamaged("Rock Ridge continuation areas exceed \(budget.limitBytes) bytes for the image")
            } else if let loaded = try next.load(reader, budget: &budget) {
                current = loaded
            } else {
                markDamaged("Rock Ridge continuation area at block \(next.lba) (\(next.lengthBytes) bytes) "
                    + "lies outside the file or is malformed")
            }
        } while current != nil
    }

    /// Reads without a shared budget (one record on its own, e.g. the root's "." record).
    static func read(_ area: ByteView, skipBytes: Int, reader: BlockReader) throws -> RockRidgeFields {
        var budget = ContinuationBudget(remainingBytes: maximumContinuationBytes)
        return try read(area, skipBytes: skipBytes, reader: reader, budget: &budget)
    }

    mutating func markDamaged(_ reason: String) {
        damaged = true
        if damage == nil { damage = reason }
    }

    /// CE (SUSP §5.1): block, offset and length of the next system use area, all from the image.
    struct Continuation {
        var lba: Int64
        var offsetBytes: Int
        var lengthBytes: Int

        /// The same area with whole blocks of the offset moved into the block number, so a load reads only the
        /// blocks the area covers (an offset near 4 GB must not mean reading 4 GB).
        var normalised: Continuation {
            Continuation(lba: lba + Int64(offsetBytes / 2048), offsetBytes: offsetBytes % 2048,
                         lengthBytes: lengthBytes)
        }

        func load(_ reader: BlockReader, budget: inout ContinuationBudget) throws -> ByteView? {
            let area = normalised
            guard area.lengthBytes > 0, area.lengthBytes <= maximumContinuationBytes, area.offsetBytes >= 0 else {
                return nil
            }
            let blockCount = (area.offsetBytes + area.lengthBytes + 2047) / 2048
            guard let blocks = try reader.blocks(area.lba, count: blockCount) else { return nil }
            budget.remainingBytes -= area.lengthBytes
            budget.blocksRead += blockCount
            return blocks.slice(area.offsetBytes, area.lengthBytes)
        }
    }

    struct ParseState {
        /// The first NM part as a view (the common case: one NM entry, no copy); later parts join `nameParts`.
        var firstNamePart: ByteView?
        var nameParts: [UInt8] = []
        var symlink = SymlinkBuilder()
        var sawSymlink = false
        var continuation: Continuation?
    }

    private mutating func parseEntries(_ view: ByteView, state: inout ParseState) {
        var offset = 0
        while let first = view.u8(offset), let second = view.u8(offset + 1), let length = view.u8(offset + 2) {
            let entryLength = Int(length)
            guard entryLength >= 4, view.contains(offset, entryLength) else {
                if first != 0 { damaged = true }
                return
            }
            let signature = UInt16(first) << 8 | UInt16(second)
            if signature == Signature.st { return }
            apply(signature, view, base: offset, length: entryLength, state: &state)
            offset += entryLength
        }
    }

    /// Two-letter SUSP/RRIP signatures as big-endian 16-bit values (no String per entry).
    enum Signature {
        static func of(_ text: StaticString) -> UInt16 {
            text.withUTF8Buffer { UInt16($0[0]) << 8 | UInt16($0[1]) }
        }
        static let sp = of("SP"), ce = of("CE"), er = of("ER"), rr = of("RR"), px = of("PX"), nm = of("NM")
        static let sl = of("SL"), tf = of("TF"), cl = of("CL"), re = of("RE"), st = of("ST")
    }

    /// Applies one entry, read in place at `base` of `view` (no slice per entry: this runs for every record).
    private mutating func apply(_ signature: UInt16, _ view: ByteView, base: Int, length: Int,
                                state: inout ParseState) {
        switch signature {
        case Signature.sp where length >= 7:
            if view.u8(base + 4) == 0xBE, view.u8(base + 5) == 0xEF {
                sharingProtocolSkipBytes = Int(view.u8(base + 6) ?? 0)
            }
        case Signature.ce where length >= 28:
            if let lba = view.u32le(base + 4), let offset = view.u32le(base + 12), let size = view.u32le(base + 20) {
                state.continuation = Continuation(lba: Int64(lba), offsetBytes: Int(offset), lengthBytes: Int(size))
            }
        case Signature.er where length >= 8:
            let idLength = min(Int(view.u8(base + 4) ?? 0), length - 8)
            let identifier = view.text(base + 8, idLength) ?? ""
            if identifier.contains("RRIP") || identifier.contains("1282") { announcesRockRidge = true }
        case Signature.rr: announcesRockRidge = true
        case Signature.px where length >= 36:
            announcesRockRidge = true
            mode = view.u32le(base + 4)
            uid = view.u32le(base + 20)
            gid = view.u32le(base + 28)
        case Signature.nm where length >= 5:
            announcesRockRidge = true
            let flags = view.u8(base + 4) ?? 0
            if flags & 0b110 == 0, let part = view.slice(base + 5, length - 5) { state.addNamePart(part) }
        case Signature.sl:
            state.sawSymlink = true
            if let entry = view.slice(base, length) { state.symlink.add(entry) }
        case Signature.tf where length >= 5: readTimestamps(view, base: base, length: length)
        case Signature.cl where length >= 12: childLinkLBA = view.u32le(base + 4).map(Int64.init)
        case Signature.re: isRelocated = true
        default: break
        }
    }

    /// TF (RRIP §4.1.6): flag byte, then the recorded stamps in order creation, modify, access, ...
    /// Only modify and access are decoded.
    private mutating func readTimestamps(_ view: ByteView, base: Int, length: Int) {
        guard let flags = view.u8(base + 4) else { return }
        let longForm = flags & 0x80 != 0
        let stampBytes = longForm ? 17 : 7
        var offset = 5
        for bit in 0..<7 where flags & (1 << bit) != 0 {
            guard offset + stampBytes <= length else { damaged = true; return }
            if bit == 1 || bit == 2 {
                let date = longForm ? view.slice(base + offset, stampBytes).flatMap(ISODate.init(longForm:))
                    : ISODate(shortForm: view, at: base + offset)
                if bit == 1 { modification = date } else { access = date }
            }
            offset += stampBytes
        }
    }
}

extension RockRidgeFields.ParseState {
    /// NM parts: the first kept as a view (the common case, no copy); later ones joined into `nameParts`.
    mutating func addNamePart(_ part: ByteView) {
        if let first = firstNamePart, nameParts.isEmpty {
            nameParts = (first.array(0, first.count) ?? []) + (part.array(0, part.count) ?? [])
        } else if firstNamePart == nil {
            firstNamePart = part
        } else {
            nameParts += part.array(0, part.count) ?? []
        }
    }
}

/// Continuation bytes one walk may still load: a hostile image can give every record a 64 KiB chain.
struct ContinuationBudget: Sendable {
    static let defaultBytes = 64 * 1024 * 1024
    let limitBytes: Int
    var remainingBytes: Int
    /// Blocks read for continuation areas so far.
    var blocksRead = 0

    init(remainingBytes: Int = ContinuationBudget.defaultBytes) {
        limitBytes = remainingBytes
        self.remainingBytes = remainingBytes
    }
}

/// Assembles a symbolic link target from SL component records (RRIP §4.1.3.1).
struct SymlinkBuilder: Sendable {
    private var components: [String] = []
    private var joinNext = false
    private var rooted = false

    mutating func add(_ entry: ByteView) {
        var offset = 5
        while let flags = entry.u8(offset), let length = entry.u8(offset + 1).map(Int.init) {
            let content = entry.array(offset + 2, length) ?? []
            var text: String
            switch flags & 0b1110 {
            case 0b0010: text = "."
            case 0b0100: text = ".."
            case 0b1000: text = ""; if components.isEmpty { rooted = true }
            default: text = String(decoding: content, as: UTF8.self)
            }
            if joinNext, let last = components.popLast() { text = last + text }
            if !(flags & 0b1000 != 0 && components.isEmpty && !joinNext) { components.append(text) }
            joinNext = flags & 1 != 0
            offset += 2 + length
        }
    }

    var target: String {
        let joined = components.joined(separator: "/")
        return rooted ? "/" + joined : joined
    }
}
