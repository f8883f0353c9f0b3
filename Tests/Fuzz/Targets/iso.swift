// libFuzzer target: the ISO 9660 / Rock Ridge / Joliet / El Torito walker, UDF detection and image validation.
// The input is laid after a zero 32 KiB system area (so mutations hit the descriptors and directories) and
// read as a file, the way every image command reads one.
import Foundation
@testable import DiscImage

let imagePath = "/dev/shm/discburn-fuzz-iso-\(getpid()).iso"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzISO(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // The system area is a hole in a sparse file: an execution costs its input's size.
    let descriptor = open(imagePath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard descriptor >= 0 else { return 0 }
    let written = ftruncate(descriptor, off_t(16 * 2048 + size)) == 0
        && (size == 0 || pwrite(descriptor, data, size, off_t(16 * 2048)) == size)
    close(descriptor)
    guard written else { return 0 }
    _ = try? DiscImage.inspect(path: imagePath)
    for preferJoliet in [false, true] {
        guard let fileSystem = try? DiscImage.fileSystem(path: imagePath, preferJoliet: preferJoliet) else { continue }
        var entries = 0
        var firstFile: ImageEntry?
        _ = try? fileSystem.walk(fileSystem.root, recursive: true) { entry in
            entries += 1
            if firstFile == nil, entry.kind == .file { firstFile = entry }
            _ = PrintableName.escaped(entry.path)
        }
        if let firstFile {
            _ = try? fileSystem.lookup(firstFile.path)
            try? fileSystem.readContents(of: firstFile, chunkBytes: 1 << 16) { _ in }
        }
        _ = fileSystem.sizeValidation
    }
    return 0
}
