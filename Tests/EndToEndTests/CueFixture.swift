import Foundation

/// bin/cue images built in the tests (no fixtures committed): patterned sectors, with sync and headers for the
/// raw data modes so the sectors carry the disc address they are meant for (LBA + 150, ECMA-130 §14).
struct CueFixture {
    enum Mode: String {
        case audio = "AUDIO", mode1 = "MODE1/2048", mode1Raw = "MODE1/2352", mode2Raw = "MODE2/2352"
        var sectorBytes: Int { self == .mode1 ? 2048 : 2352 }
    }

    /// The sector at disc `lba` of a track of `mode`; `seed` makes each track's content differ.
    static func sector(_ mode: Mode, lba: Int, seed: Int, form2: Bool = false) -> [UInt8] {
        var bytes = (0..<mode.sectorBytes).map { UInt8(truncatingIfNeeded: ($0 &* 7) ^ (lba &* 13) ^ (seed &* 101)) }
        guard mode == .mode1Raw || mode == .mode2Raw else { return bytes }
        bytes.replaceSubrange(0..<12, with: [0x00] + [UInt8](repeating: 0xFF, count: 10) + [0x00])
        let frames = lba + 150
        func bcd(_ v: Int) -> UInt8 { UInt8((v / 10) << 4 | (v % 10)) }
        bytes[12] = bcd(frames / 4500)
        bytes[13] = bcd(frames / 75 % 60)
        bytes[14] = bcd(frames % 75)
        bytes[15] = mode == .mode1Raw ? 1 : 2
        if mode == .mode2Raw {
            let submode: UInt8 = form2 ? 0x20 : 0x08
            bytes.replaceSubrange(16..<24, with: [0, 0, submode, 0, 0, 0, submode, 0])
        }
        return bytes
    }

    /// Writes `sectors` sectors of `mode` starting at disc `lba` into `file` (appending).
    static func append(to file: URL, _ mode: Mode, lba: Int, sectors: Int, seed: Int) throws {
        var data = Data()
        data.reserveCapacity(sectors * mode.sectorBytes)
        for i in 0..<sectors { data.append(contentsOf: sector(mode, lba: lba + i, seed: seed, form2: i % 3 == 2)) }
        if !FileManager.default.fileExists(atPath: file.path) { FileManager.default.createFile(atPath: file.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
        try handle.close()
    }

    /// "mm:ss:ff" of a sector count.
    static func msf(_ sectors: Int) -> String {
        String(format: "%02d:%02d:%02d", sectors / 4500, sectors / 75 % 60, sectors % 75)
    }

    /// The user data of a sector as a drive returns it with READ(10): 2048 bytes from offset 16 (mode 1) or 24
    /// (mode 2 form 1); nil for audio.
    static func userData(_ sector: [UInt8], _ mode: Mode) -> [UInt8]? {
        switch mode {
        case .audio: return nil
        case .mode1: return sector
        case .mode1Raw: return Array(sector[16..<2064])
        case .mode2Raw: return Array(sector[24..<2072])
        }
    }
}
