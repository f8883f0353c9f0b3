// libFuzzer target: UDF detection (volume recognition sequence, anchor at block 256, partition descriptors).
// The input is placed at block 16 (recognition sequence) and, from its 4 KiB on, at block 256 (anchor and the
// descriptor sequence behind it), so both areas are mutated at once.
import Foundation
@testable import DiscImage

let imagePath = "/dev/shm/discburn-fuzz-udf-\(getpid()).iso"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUDF(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let split = min(input.count, 4096)
    var image = [UInt8](repeating: 0, count: 256 * 2048)
    image.replaceSubrange(16 * 2048..<(16 * 2048 + split), with: input[0..<split])
    image.append(contentsOf: input[split...])
    guard FileManager.default.createFile(atPath: imagePath, contents: Data(image)),
          let file = try? ImageFile(path: imagePath) else { return 0 }
    if let volume = try? UDFVolume.detect(BlockReader(file: file)) {
        precondition((volume.volumeBlocks ?? 0) >= 0)
    }
    _ = try? UDFVolume.partitionEndBlocks(BlockReader(file: file))
    return 0
}
