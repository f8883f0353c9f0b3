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
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let first = min(input.count, 16 * 1024)
    let second = min(input.count, first + 64 * 1024)
    var image = [UInt8](repeating: 0, count: 256 * 2048)
    image.replaceSubrange(16 * 2048..<(16 * 2048 + first), with: input[0..<first])
    image.replaceSubrange(32 * 2048..<(32 * 2048 + second - first), with: input[first..<second])
    image.append(contentsOf: input[second...])
    guard FileManager.default.createFile(atPath: imagePath, contents: Data(image)),
          let file = try? ImageFile(path: imagePath) else { return 0 }
    if let volume = try? UDFVolume.detect(BlockReader(file: file)) {
        precondition((volume.volumeBlocks ?? 0) >= 0)
    }
    _ = try? UDFVolume.partitionEndBlocks(BlockReader(file: file))
    return 0
}
