/// What a CD recorder adds to 2048 bytes of mode 1 user data (ECMA-130 §14 and Annex A): the 12-byte sync
/// pattern, the header (address as BCD minutes/seconds/frames of LBA + 150, mode 1), EDC (a CRC-32 over sync,
/// header and data, polynomial x³²+x³¹+x¹⁶+x¹⁵+x⁴+x³+x+1, least significant bit first), 8 zero bytes, and the
/// Reed-Solomon product code: P parity (86 columns of 24 bytes → 2 bytes each) then Q parity (52 diagonals of 43
/// bytes → 2 bytes each) over GF(2⁸) with x⁸+x⁴+x³+x²+1. The drive side of SEND CUE SHEET data form 10h.
enum CDSectorEncoder {
    static let sync: [UInt8] = [0x00] + [UInt8](repeating: 0xFF, count: 10) + [0x00]

    /// The 2352-byte mode 1 sector at `lba` holding `userData` (2048 bytes).
    static func mode1Sector(lba: Int, userData: ArraySlice<UInt8>) -> [UInt8] {
        var sector = [UInt8](repeating: 0, count: 2352)
        sector.replaceSubrange(0..<12, with: sync)
        sector.replaceSubrange(12..<16, with: header(lba: lba, mode: 1))
        sector.replaceSubrange(16..<2064, with: userData)
        let edc = self.edc(sector[0..<2064])
        for i in 0..<4 { sector[2064 + i] = UInt8(truncatingIfNeeded: edc >> (8 * UInt32(i))) }
        addParity(&sector)
        return sector
    }

    /// Minutes, seconds, frames (BCD) of `lba` + 150, and the mode byte.
    static func header(lba: Int, mode: UInt8) -> [UInt8] {
        let frames = max(0, lba + 150)
        func bcd(_ v: Int) -> UInt8 { UInt8((v / 10) << 4 | (v % 10)) }
        return [bcd(frames / 4500 % 100), bcd(frames / 75 % 60), bcd(frames % 75), mode]
    }

    static func edc(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0
        for byte in bytes { crc = (crc >> 8) ^ edcTable[Int((crc ^ UInt32(byte)) & 0xFF)] }
        return crc
    }

    private static let edcTable: [UInt32] = (0..<256).map { (i: Int) -> UInt32 in
        var value = UInt32(i)
        for _ in 0..<8 { value = (value >> 1) ^ ((value & 1) != 0 ? 0xD801_8001 : 0) }
        return value
    }

    /// Multiplication by α (x) in GF(2⁸), and its inverse table for 1 + α.
    private static let timesAlpha: [UInt8] = (0..<256).map { UInt8(truncatingIfNeeded: ($0 << 1) ^ (($0 & 0x80) != 0 ? 0x11D : 0)) }
    private static let divideByOnePlusAlpha: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for i in 0..<256 { table[i ^ Int(timesAlpha[i])] = UInt8(i) }
        return table
    }()

    /// P then Q parity over bytes 12..<2076 (header onwards), written at 2076 (172 bytes) and 2248 (104 bytes).
    private static func addParity(_ sector: inout [UInt8]) {
        parity(&sector, vectors: 86, length: 24, step: 86, pair: 2, into: 2076)
        parity(&sector, vectors: 52, length: 43, step: 88, pair: 86, into: 2248)
    }

    /// One parity pass: for vector v (bytes of the 16-bit word column v/2, low or high byte v%2), `length`
    /// symbols taken `step` bytes apart (wrapping around the area: only Q's diagonals do), two check symbols stored at
    /// `into + v` and `into + vectors + v`.
    private static func parity(_ sector: inout [UInt8], vectors: Int, length: Int, step: Int, pair: Int, into: Int) {
        let base = 12
        let size = vectors * length
        for v in 0..<vectors {
            var index = (v / 2) * pair + (v % 2)
            var a: UInt8 = 0, b: UInt8 = 0
            for _ in 0..<length {
                let symbol = sector[base + index]
                index += step
                if index >= size { index -= size }
                a = timesAlpha[Int(a ^ symbol)]
                b ^= symbol
            }
            let first = divideByOnePlusAlpha[Int(timesAlpha[Int(a)] ^ b)]
            sector[into + v] = first
            sector[into + vectors + v] = first ^ b
        }
    }
}
