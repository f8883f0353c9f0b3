import Burning
import Foundation

extension FileCopyStager {
    /// A sparse work file the size of the disk with the GPT head at 0. The backup table is not staged (the
    /// writer puts it at the disk's end): its file-system block would count as data before `tailOffsetBytes`.
    func writeLayout(_ layout: GPTLayout, to image: String) throws {
        let descriptor = open(image, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw USBWriteError.fileCopy(reason: "cannot create the work file \(image): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let size = layout.diskSectors * UInt64(GPTLayout.sectorBytes)
        let writes: [(UInt64, [UInt8])] = [(0, layout.head())]
        guard ftruncate(descriptor, off_t(size)) == 0 else {
            throw USBWriteError.fileCopy(reason: "cannot size the work file \(image): \(String(cString: strerror(errno)))")
        }
        for (offset, bytes) in writes {
            let written = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            guard written == bytes.count else {
                throw USBWriteError.fileCopy(reason: "cannot write the work file \(image): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// mkfs.fat -F 32 at the partition's offset, with the boot sector's hidden sectors set to it (`-h`: --offset
    /// alone leaves 0, and Windows reads the partition's start from that field), the label
    /// and serial from the ISO's volume ID; the size in 1 KiB blocks is the partition's.
    func format(_ image: String, layout: GPTLayout, label: String) throws {
        let serial = String(format: "%08X", FATLabel.serial(fromVolumeId: volumeId))
        try runFATTool(FileCopyTools.mkfsFAT, ["-F", "32", "-n", label, "-i", serial, "-h", "\(layout.firstPartitionLBA)",
                                               "--offset=\(layout.firstPartitionLBA)", image,
                                               "\(layout.partitionBytes / 1024)"])
    }

    /// mcopy -s of every top-level entry of the work tree into the file system's root (`-i image@@offset`, no
    /// mount). `-m` keeps modification times.
    func copy(_ directory: String, into image: String, layout: GPTLayout) throws {
        let top = try FileManager.default.contentsOfDirectory(atPath: directory).sorted().map { directory + "/" + $0 }
        guard !top.isEmpty else { return }
        emit(ProgressMeter(totalBytes: 1, profile: .removableDisk).status(.preparing))
        try runFATTool(FileCopyTools.mcopy, ["-s", "-Q", "-m", "-i", "\(image)@@\(layout.partitionOffsetBytes)"]
                       + top + ["::/"])
    }

    private func runFATTool(_ tool: FileCopyTools.Tool, _ arguments: [String]) throws {
        try runTool(tool, arguments, environment: ["MTOOLS_SKIP_CHECK": "1", "MTOOLSRC": "/dev/null"])
    }

    /// The end of the last data the tools wrote before `limit` (SEEK_DATA/SEEK_HOLE), rounded up to 1 MiB: what
    /// the raw writer copies. Free clusters past it keep the disk's old bytes, which FAT never reads.
    /// Linux lseek(2) whence values, GNU macros Swift does not import.
    static let seekData: Int32 = 3
    static let seekHole: Int32 = 4

    func usedPrefixBytes(_ image: String, limit: UInt64) throws -> UInt64 {
        let descriptor = open(image, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw USBWriteError.fileCopy(reason: "cannot read the work file \(image)") }
        defer { close(descriptor) }
        var end: UInt64 = 0
        var position: off_t = 0
        while UInt64(position) < limit {
            let data = lseek(descriptor, position, Self.seekData)
            guard data >= 0, UInt64(data) < limit else { break }
            let hole = lseek(descriptor, data, Self.seekHole)
            guard hole > data else { break }
            end = min(UInt64(hole), limit)
            position = hole
        }
        let mebibyte: UInt64 = 1 << 20
        return min(limit, max(mebibyte, (end + mebibyte - 1) / mebibyte * mebibyte))
    }
}
