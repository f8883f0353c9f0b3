/// What sits in the first 32 KiB "system area" of an image (ECMA-119 §6.2.1 leaves it free): an isohybrid
/// MBR and/or a GPT make the image bootable when written to a USB stick.
public struct HybridLayout: Sendable, Equatable {
    public struct Partition: Sendable, Equatable {
        /// MBR partition type byte (0xEF = EFI system partition, 0xEE = GPT protective).
        public var type: UInt8
        public var bootable: Bool
        public var startLBA512: Int64
        public var sectorCount512: Int64
    }

    /// MBR: signature 55 AA at bytes 510-511 and at least one non-empty partition entry (bytes 446-509).
    public var mbrPartitions: [Partition]
    /// GPT header signature "EFI PART" at the start of 512-byte sector 1 (UEFI 2.x §5.3.2).
    public var hasGPT: Bool

    public var hasMBR: Bool { !mbrPartitions.isEmpty }

    /// mbr | gpt | mbr+gpt | none
    public var summary: String {
        switch (hasMBR, hasGPT) {
        case (true, true): return "mbr+gpt"
        case (true, false): return "mbr"
        case (false, true): return "gpt"
        case (false, false): return "none"
        }
    }

    /// An EFI system partition reachable through MBR (type 0xEF) or a GPT.
    public var hasEFIPartition: Bool { mbrPartitions.contains { $0.type == 0xEF } || hasGPT }

    static func read(_ file: ImageFile) throws -> HybridLayout {
        let head = ByteView(try file.read(at: 0, count: 1024))
        var partitions: [Partition] = []
        if head.u8(510) == 0x55, head.u8(511) == 0xAA {
            for index in 0..<4 {
                let base = 446 + index * 16
                guard let type = head.u8(base + 4), let start = head.u32le(base + 8),
                      let count = head.u32le(base + 12), type != 0 || count != 0 else { continue }
                partitions.append(Partition(type: type, bootable: head.u8(base) == 0x80,
                                            startLBA512: Int64(start), sectorCount512: Int64(count)))
            }
        }
        return HybridLayout(mbrPartitions: partitions, hasGPT: head.matches(512, Array("EFI PART".utf8)))
    }
}
