import DiscImage
import Foundation

/// The ISO's tree checked against what FAT32 holds, before anything is extracted or written.
struct FATTree: Sendable, Hashable {
    struct File: Sendable, Hashable {
        var path: String
        var sizeBytes: UInt64
        /// Over the FAT32 limit and a WIM image: split into .swm parts instead of copied whole.
        var splitWIM: Bool
    }

    var files: [File] = []
    var directories: [String] = []
    /// Rock Ridge symbolic links: FAT has none, so they are left out (and named in the result).
    var skippedSymlinks: [String] = []
    var totalBytes: UInt64 = 0

    /// FAT32 holds files up to 4 GiB − 1 (its 32-bit size field).
    static let fatFileLimitBytes: UInt64 = (1 << 32) - 1

    /// mkfs.fat makes FAT32 (65525 clusters or more) from 32 MiB up, with 512-byte clusters at the low end.
    static let minimumPartitionBytes: UInt64 = 32 << 20

    /// Characters no FAT long name may hold (Microsoft FAT spec, long names), besides controls below 0x20.
    static let forbiddenCharacters = Set("\"*/:<>?\\|")

    /// Why `name` cannot be a FAT long name, or nil.
    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty || name == "." || name == ".." { return "the name '\(name)' is reserved" }
        if name.utf16.count > 255 { return "the name is longer than 255 UTF-16 units" }
        if let bad = name.first(where: { forbiddenCharacters.contains($0) || ($0.asciiValue ?? 0x20) < 0x20 }) {
            return "the name '\(name)' holds '\(bad.unicodeScalars.first.map { $0.value < 0x20 ? "\\u{\(String($0.value, radix: 16))}" : String(bad) } ?? "")', which FAT does not allow"
        }
        if name.hasSuffix(".") || name.hasSuffix(" ") { return "the name '\(name)' ends in a dot or space" }
        return nil
    }

    /// Builds the survey from a pre-order walk of the ISO; throws `fileCopy` for a name FAT cannot hold, two
    /// names differing only in case in one directory, or a file over `fileLimitBytes` that is not a WIM
    /// (`isWIM` reads its header).
    static func survey(_ entries: [ImageEntry], fileLimitBytes: UInt64 = fatFileLimitBytes,
                       isWIM: (ImageEntry) throws -> Bool) throws -> FATTree {
        var tree = FATTree()
        var namesByDirectory: [String: Set<String>] = [:]
        for entry in entries {
            if let problem = nameProblem(entry.name) {
                throw USBWriteError.fileCopy(reason: "\(entry.path): \(problem)")
            }
            let parent = (entry.path as NSString).deletingLastPathComponent
            let folded = entry.name.uppercased()
            guard namesByDirectory[parent, default: []].insert(folded).inserted else {
                throw USBWriteError.fileCopy(reason: "\(entry.path): another name in \(parent) differs from it "
                                             + "only in case, and FAT names ignore case")
            }
            switch entry.kind {
            case .symlink: tree.skippedSymlinks.append(entry.path)
            case .directory: tree.directories.append(entry.path)
            case .file:
                let size = UInt64(max(0, entry.sizeBytes))
                var split = false
                if size > fileLimitBytes {
                    guard entry.name.lowercased().hasSuffix(".wim"), try isWIM(entry) else {
                        throw USBWriteError.fileCopy(reason: "\(entry.path) is \(size) bytes, over FAT32's limit of "
                            + "\(fileLimitBytes) bytes, and only a .wim image (with a WIM header) can be split")
                    }
                    split = true
                }
                tree.files.append(File(path: entry.path, sizeBytes: size, splitWIM: split))
                tree.totalBytes += size
            }
        }
        return tree
    }

    /// /EFI/BOOT/BOOTX64.EFI (or BOOTIA32, BOOTAA64, ...) in any case: what UEFI firmware loads from a removable
    /// disk without a boot entry (UEFI §3.5.1.1).
    static func isRemovableMediaBootLoader(_ path: String) -> Bool {
        let upper = path.uppercased()
        return upper.hasPrefix("/EFI/BOOT/BOOT") && upper.hasSuffix(".EFI") && upper.split(separator: "/").count == 3
    }

    /// A conservative size of the tree on FAT32: every file and directory rounded up to `clusterBytes`.
    func bytesOnFAT(clusterBytes: UInt64) -> UInt64 {
        let rounded = files.reduce(UInt64(0)) { $0 + ($1.sizeBytes + clusterBytes - 1) / clusterBytes * clusterBytes }
        return rounded + UInt64(directories.count + 1) * clusterBytes
    }

    /// The cluster size mkfs.fat picks for FAT32 (dosfstools mkfs.fat.c: 4 KiB to 8 GiB, then doubling to 32 KiB).
    static func clusterBytes(partitionBytes: UInt64) -> UInt64 {
        let gib: UInt64 = 1 << 30
        if partitionBytes <= 8 * gib { return 4096 }
        if partitionBytes <= 16 * gib { return 8192 }
        if partitionBytes <= 32 * gib { return 16384 }
        return 32768
    }
}
