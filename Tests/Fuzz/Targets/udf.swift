// libFuzzer target: UDF detection (volume recognition sequence, anchor at block 256, the volume descriptor sequence
// and partition descriptors), libudf, which is handed the file only after those checks pass, and the UDF tree
// reader (UDFFileSystem: partition maps, file set, file entries, FIDs, allocation chains), walked to the end with
// every file's data read (at most 4 MiB per input, so one input cannot time out by naming the same data often).
// Input layout, so that every area is mutated at once: its first 16 KiB become blocks 16-23 (recognition
// sequence), the next 64 KiB blocks 32-63 (where mkisofs puts the main and reserve descriptor sequences), the
// rest block 256 on (anchor, partition, file set, directories, file entries).
import Foundation
@testable import DiscImage

let imagePath = "/dev/shm/discburn-fuzz-udf-\(getpid()).iso"

struct ReadBudgetSpent: Error {}

func walkUDF(_ reader: BlockReader, standard: String) {
    guard let tree = try? UDFFileSystem(reader: reader, standard: standard) else { return }
    var budget = 4 << 20
    _ = try? tree.walk(tree.root, recursive: true) { entry in
        precondition(entry.depth >= 1 && entry.sizeBytes >= 0)
        guard entry.kind == .file else { return }
        try tree.readContents(of: entry, chunkBytes: 65536) { chunk in
            budget -= chunk.count
            if budget < 0 { throw ReadBudgetSpent() }
        }
    }
    _ = try? tree.lookup("/a/b")
    _ = tree.sizeValidation
}

/// Mutations almost never keep a descriptor's tag checksum and CRC right, and the reader (like the kernel's)
/// refuses a descriptor that fails them, so without help the fuzzer stays at the tag checks. For inputs of even
/// length, every 2048-byte block that starts with a known tag identifier gets its CRC (over its own crcLength)
/// and checksum recomputed; odd lengths keep the bytes as mutated, so the refusals are fuzzed too.
func fixingTags(_ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard size % 2 == 0 else { return bytes }
    var block = 0
    while block + 16 <= size {
        let identifier = UInt16(bytes[block]) | UInt16(bytes[block + 1]) << 8
        let crcLength = Int(bytes[block + 10]) | Int(bytes[block + 11]) << 8
        if (1...9).contains(identifier) || (256...266).contains(identifier), block + 16 + crcLength <= size,
           16 + crcLength <= 2048 {
            let crc = UDFTag.crcCCITT(ByteView(Array(bytes[(block + 16)..<(block + 16 + crcLength)])))
            bytes[block + 8] = UInt8(crc & 0xFF)
            bytes[block + 9] = UInt8(crc >> 8)
            var sum: UInt8 = 0
            for index in 0..<16 where index != 4 { sum &+= bytes[block + index] }
            bytes[block + 4] = sum
        }
        block += 2048
    }
    return bytes
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUDF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let fixed = fixingTags(data, size)
    return fixed.withUnsafeBufferPointer { fuzzLaidOut($0) }
}

func fuzzLaidOut(_ input: UnsafeBufferPointer<UInt8>) -> CInt {
    let first = min(input.count, 16 * 1024)
    let second = min(input.count, first + 64 * 1024)
    // Written sparse: the zero blocks in between are holes, so an execution costs its input's size, not 512 KiB.
    let descriptor = open(imagePath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard descriptor >= 0 else { return 0 }
    let end = 256 * 2048 + (input.count - second)
    let written = ftruncate(descriptor, off_t(end)) == 0
        && place(descriptor, input, 0..<first, at: 16 * 2048)
        && place(descriptor, input, first..<second, at: 32 * 2048)
        && place(descriptor, input, second..<input.count, at: 256 * 2048)
    close(descriptor)
    guard written, let file = try? ImageFile(path: imagePath) else { return 0 }
    if let volume = try? UDFVolume.detect(BlockReader(file: file)) {
        precondition((volume.volumeBlocks ?? 0) >= 0)
        walkUDF(BlockReader(file: file), standard: volume.standard)
    }
    _ = try? UDFVolume.partitionEndBlocks(BlockReader(file: file))
    return 0
}

private func place(_ descriptor: CInt, _ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, at offset: Int) -> Bool {
    guard !range.isEmpty, let base = input.baseAddress else { return true }
    return pwrite(descriptor, base + range.lowerBound, range.count, off_t(offset)) == range.count
}
