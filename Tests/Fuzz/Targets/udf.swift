// libFuzzer target: UDF detection (volume recognition sequence, anchor at block 256, the volume descriptor sequence
// and partition descriptors), and libudf, which is handed the file only after those checks pass.
// Input layout, so that every area is mutated at once: its first 16 KiB become blocks 16-23 (recognition
// sequence), the next 64 KiB blocks 32-63 (where mkisofs puts the main and reserve descriptor sequences), the
// rest block 256 on (anchor, partition).
import Foundation
@testable import DiscImage

let imagePath = "/dev/shm/discburn-fuzz-udf-\(getpid()).iso"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUDF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
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
    }
    _ = try? UDFVolume.partitionEndBlocks(BlockReader(file: file))
    return 0
}

private func place(_ descriptor: CInt, _ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, at offset: Int) -> Bool {
    guard !range.isEmpty, let base = input.baseAddress else { return true }
    return pwrite(descriptor, base + range.lowerBound, range.count, off_t(offset)) == range.count
}
