import SCSI

/// READ DISC STRUCTURE (ADh), MMC-6 §6.23.
extension DriveCore {
    static let manufacturerID = "DISCBURN"
    static let bdManufacturerID = "DISCBR"

    /// Media type 0000b (DVD): formats 00h physical format information, 11h ADIP (DVD+R/+RW/+R DL), 20h layer 0
    /// capacity (DVD+R DL), FFh structure list. Media type 0001b (BD): 00h disc information, FFh list. A media
    /// type that does not match the loaded disc → 5/30/02; an unsupported format or layer → 5/24/00.
    func readDiscStructure(_ c: CommandContext) throws -> [UInt8] {
        try c.requireZero(1, mask: 0xF0)
        try c.requireZero(10, mask: 0x3F)
        let mediaType = c.bits(1, lowBit: 0, width: 4)
        let layer = Int(c.byte(6))
        let format = c.byte(7)
        let allocation = c.uint16(8)
        let state = try requireMedium().state
        let body: [UInt8]
        switch mediaType {
        case 0: body = try dvdStructure(state, format: format, layer: layer)
        case 1: body = try bdStructure(state, format: format, layer: layer)
        default: throw CheckCondition.invalidField(byte: 1)
        }
        var header = ByteWriter(count: 4)
        header.setUInt16(0, UInt16(body.count + 2))
        return allocate(header.bytes + body, allocation)
    }

    private func dvdStructure(_ state: MediumState, format: UInt8, layer: Int) throws -> [UInt8] {
        guard state.media.family == .dvd else { throw CheckCondition.cannotReadIncompatible }
        let plus = [.dvdPlusR, .dvdPlusRW, .dvdPlusRDL].contains(state.media)
        let layers = state.layerZeroBlocks == nil ? 1 : 2
        switch format {
        case 0x00:
            guard layer < layers else { throw CheckCondition.invalidField(byte: 6) }
            return physicalFormatInformation(state)
        case 0x11 where plus:
            return Array(physicalFormatInformation(state).prefix(256))
        case 0x20 where state.media == .dvdPlusRDL:
            var w = ByteWriter(count: 8)
            w.set(0, state.tracks.isEmpty ? 0x00 : 0x80)  // Init Status: 1 once the capacity is fixed
            w.setUInt32(4, int: state.layerZeroBlocks ?? 0)
            return w.bytes
        case 0xFF:
            var list: [(UInt8, UInt8, Int)] = [(0x00, 0x40, 2048)]
            if plus { list.append((0x11, 0x40, 256)) }
            if state.media == .dvdPlusRDL { list.append((0x20, 0xC0, 8)) }
            list.append((0xFF, 0x40, 0))
            return structureList(list)
        default:
            throw CheckCondition.invalidField(byte: 7)
        }
    }

    private func structureList(_ entries: [(format: UInt8, flags: UInt8, length: Int)]) -> [UInt8] {
        entries.flatMap { [$0.format, $0.flags, UInt8($0.length >> 8), UInt8($0.length & 0xFF)] }
    }

    /// DVD physical format information, 2048 bytes: book type and part version, disc size/maximum rate, layers,
    /// track path and layer type, densities, data zone start 030000h, end, end in layer 0; on DVD+R/+RW the
    /// disc manufacturer ID (bytes 19-26), media type ID (27-29) and product revision (30) as in ADIP.
    private func physicalFormatInformation(_ state: MediumState) -> [UInt8] {
        var w = ByteWriter(count: 2048)
        let (book, layerType): (UInt8, UInt8) = {
            switch state.media {
            case .dvdR: return (0x25, 0x02)
            case .dvdRW: return (0x32, 0x04)
            case .dvdRAM: return (0x16, 0x04)
            case .dvdPlusRW: return (0x92, 0x04)
            case .dvdPlusR: return (0xA1, 0x02)
            case .dvdPlusRDL: return (0xE1, 0x02)
            default: return (0x01, 0x01)
            }
        }()
        let start = 0x030000
        w.set(0, book)
        w.set(1, 0x02)  // 120 mm, 10.08 Mbit/s
        let total = state.capacityBlocks
        if let l0 = state.layerZeroBlocks {
            w.set(2, 0x20 | 0x10 | layerType)  // two layers, opposite track path
            w.set(3, 0x10)
            let endL0 = start + l0 - 1
            w.setUInt32(4, int: start)
            w.setUInt32(8, int: (~endL0 & 0xFF_FFFF) + (total - l0) - 1)
            w.setUInt32(12, int: endL0)
        } else {
            w.set(2, layerType)
            w.setUInt32(4, int: start)
            w.setUInt32(8, int: start + max(1, total) - 1)
        }
        if let mediaID = plusMediaTypeID(state.media) {
            w.setASCII(19, Self.manufacturerID, length: 8, pad: 0)
            w.setASCII(27, mediaID, length: 3, pad: 0)
            w.set(30, 0x01)
            w.set(31, 63)
        }
        return w.bytes
    }

    private func plusMediaTypeID(_ media: VirtualMediaKind) -> String? {
        switch media {
        case .dvdPlusR: return "R01"
        case .dvdPlusRW: return "W01"
        case .dvdPlusRDL: return "D01"
        default: return nil
        }
    }

    private func bdStructure(_ state: MediumState, format: UInt8, layer: Int) throws -> [UInt8] {
        guard state.media.family == .bd else { throw CheckCondition.cannotReadIncompatible }
        switch format {
        case 0x00:
            guard layer == 0 else { throw CheckCondition.invalidField(byte: 6) }
            return bdDiscInformation(state)
        case 0xFF: return structureList([(0x00, 0x40, 4096), (0xFF, 0x40, 0)])
        default: throw CheckCondition.invalidField(byte: 7)
        }
    }

    /// BD disc information, 4096 bytes holding one 112-byte DI unit: "DI", format 1, one unit per block on
    /// layer 0, disc type "BDR"/"BDW"/"BDO", 120 mm class 0, one layer, 25 GB channel, last PSN and AUNs of
    /// the data zone; on BD-R/RE the disc manufacturer ID (bytes 100-105), media type ID (106-108) and product
    /// revision (111).
    private func bdDiscInformation(_ state: MediumState) -> [UInt8] {
        var w = ByteWriter(count: 4096)
        w.setASCII(0, "DI", length: 2)
        w.set(2, 0x01)
        w.set(3, 0x08)
        w.set(6, 112)
        let (type, version, mediaID): (String, UInt8, String?) = {
            switch state.media {
            case .bdR: return ("BDR", 0x01, "R01")
            case .bdRE: return ("BDW", 0x02, "W01")
            default: return ("BDO", 0x01, nil)
            }
        }()
        w.setASCII(8, type, length: 3)
        w.set(11, version)
        w.set(12, 0x10)
        w.set(13, 0x01)
        let firstPSN = 0x100000
        w.setUInt32(20, int: firstPSN + max(1, state.capacityBlocks) - 1)
        w.setUInt32(24, int: firstPSN)
        w.setUInt32(28, int: firstPSN + max(1, state.capacityBlocks) - 1)
        if let mediaID {
            w.setASCII(100, Self.bdManufacturerID, length: 6, pad: 0)
            w.setASCII(106, mediaID, length: 3, pad: 0)
            w.set(111, 0x01)
        }
        return w.bytes
    }
}
