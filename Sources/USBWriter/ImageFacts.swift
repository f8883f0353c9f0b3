import DiscImage
import Foundation

/// What `usb write` needs to know about an image before touching a disk: its (decompressed) size, and whether a
/// raw copy of it boots from a USB stick.
public struct ImageFacts: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// ISO 9660 with an isohybrid MBR and/or GPT in its system area.
        case hybridISO
        /// ISO 9660 without MBR/GPT: boots from a disc, not from a stick.
        case plainISO
        /// A disk image (MBR or GPT partition table), e.g. a Raspberry Pi .img.
        case diskImage
        case unknown
    }

    public var path: String
    public var compression: ImageCompression
    public var sizeBytes: UInt64
    public var kind: Kind
    /// Why a raw copy would not boot (nil when it would); `--force` writes it anyway.
    public var bootProblem: USBWriteError?
    /// An uncompressed plain ISO whose El Torito catalog has a bootable UEFI entry: a file-copy stick boots.
    public var elToritoUEFI = false
    /// The ISO's volume ID (uncompressed plain ISOs), for the file-copy stick's FAT label.
    public var volumeId: String?
    /// An uncompressed image with a UDF file system and no ISO 9660 one (kind `unknown`): its files can be
    /// copied to a FAT32 stick.
    public var udfOnly = false

    /// Reads the image once: a raw image through DiscImage (El Torito, isohybrid), a compressed one by
    /// decompressing it to measure its size and look at its first sectors (nothing is written anywhere).
    public static func inspect(path: String) throws -> ImageFacts {
        let stream = try ImageStream(path: path)
        if stream.compression == .none {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.uint64Value ?? 0
            guard size > 0 else { throw USBWriteError.emptyImage(path: path) }
            var head = [UInt8](repeating: 0, count: 65536)
            let count = try head.withUnsafeMutableBytes { try stream.read(into: $0) }
            return classify(path: path, compression: .none, sizeBytes: size, head: Array(head[..<count]))
        }
        let (size, head) = try measure(stream)
        guard size > 0 else { throw USBWriteError.emptyImage(path: path) }
        return classify(path: path, compression: stream.compression, sizeBytes: size, head: head)
    }

    /// Decompresses the whole stream: its size and its first 64 KiB.
    static func measure(_ stream: ImageStream) throws -> (UInt64, [UInt8]) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var total: UInt64 = 0
        var head: [UInt8] = []
        while true {
            let count = try stream.read(into: buffer)
            if count == 0 { break }
            if head.count < 65536 { head += buffer[..<min(count, 65536 - head.count)] }
            total += UInt64(count)
        }
        return (total, head)
    }

    static func classify(path: String, compression: ImageCompression, sizeBytes: UInt64, head: [UInt8]) -> ImageFacts {
        let partitioned = SystemArea.hasPartitionTable(head)
        let iso = SystemArea.isISO9660(head)
        var facts = ImageFacts(path: path, compression: compression, sizeBytes: sizeBytes,
                               kind: iso ? (partitioned ? .hybridISO : .plainISO) : (partitioned ? .diskImage : .unknown))
        switch facts.kind {
        case .hybridISO, .diskImage: break
        case .unknown:
            if compression == .none, let info = try? DiscImage.inspect(path: path), info.format == .udf {
                facts.udfOnly = true
                facts.volumeId = info.udf?.volumeId
                facts.bootProblem = .notBootable(path: path, reason: "a UDF-only image: no MBR/GPT for a stick and "
                                                 + "no El Torito catalog")
                break
            }
            facts.bootProblem = .notBootable(path: path, reason: "it is neither an ISO 9660 image nor a disk image "
                                             + "with an MBR or GPT partition table")
        case .plainISO:
            guard compression == .none else {
                facts.bootProblem = .notBootable(path: path, reason: "an ISO 9660 image without an isohybrid MBR/GPT")
                break
            }
            let info = try? DiscImage.inspect(path: path)
            facts.bootProblem = elToritoProblem(path, info: info)
            facts.elToritoUEFI = info?.uefiBootable ?? false
            facts.volumeId = info?.volumeId
        }
        return facts
    }

    /// A plain ISO: say why through its El Torito catalog (DiscImage), and name the UEFI-only case.
    static func elToritoProblem(_ path: String, info: ImageInfo?) -> USBWriteError {
        guard let info else {
            return .notBootable(path: path, reason: "an ISO 9660 image without an isohybrid MBR/GPT")
        }
        if info.uefiBootable && !info.biosBootable { return .uefiOnly(path: path) }
        return .notBootable(path: path, reason: info.usbBootable.reason)
    }
}

/// The first sectors of an image.
enum SystemArea {
    /// MBR signature 55 AA at 510 with a non-empty partition entry, or a GPT header "EFI PART" at 512
    /// (UEFI 2.x §5.2.1, §5.3.2).
    static func hasPartitionTable(_ head: [UInt8]) -> Bool {
        guard head.count >= 1024 else { return false }
        if head[510] == 0x55, head[511] == 0xAA {
            for entry in 0..<4 {
                let base = 446 + entry * 16
                if head[(base + 4)...(base + 15)].contains(where: { $0 != 0 }) { return true }
            }
        }
        return Array(head[512..<520]) == Array("EFI PART".utf8)
    }

    /// The primary volume descriptor's "CD001" at 2048-byte sector 16 (ECMA-119 §8.1).
    static func isISO9660(_ head: [UInt8]) -> Bool {
        head.count >= 32774 && Array(head[32769..<32774]) == Array("CD001".utf8)
    }
}
