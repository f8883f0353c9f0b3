/// Whether an ISO 9660 image was mastered for the disc address it is to be written at (a later session,
/// `mkisofs -C S,N -M …` masters for N; MMC-NOTES "Appending a session").
///
/// What such an image is, as `xorriso -as mkisofs -C S,N -M` and `genisoimage -C S,N -M` write it: the file
/// starts with its own 16-block system area, its primary volume descriptor is the file's block 16 (disc address
/// N+16) and the descriptor set ends in a terminator after it; the root directory and the path tables lie at N
/// or later (files kept from earlier sessions may lie below N); the volume space size is the file's block count
/// with both tools. `VolumeDescriptorSet.read` already requires the descriptors at the file's block 16 (a cut-out
/// tail, or a file that starts mid-file-system, has none there and is not an image); this adds what shows the
/// address itself.
extension ISOFileSystem {
    /// The reason the image was not mastered for `startLBA`, nil when it was (or when `startLBA` is 0).
    ///
    /// The path table and the root directory must lie at or past `startLBA`, and the root's first record, "." (ECMA-119 §6.8.2.2), must name
    /// the root's own extent: read at the address the image is to be written at, a root directory that points
    /// elsewhere means the whole image is shifted (mastered for another N, or blocks added or cut at its start).
    public func notMasteredReason(startLBA: Int64) -> String? {
        guard startLBA > 0 else { return nil }
        if primary.pathTableLBA < startLBA {
            return "the path table is at LBA \(primary.pathTableLBA), before the start address \(startLBA): the image "
                + "was not mastered for it"
        }
        for (name, root) in [("root directory", primary.root), ("Joliet root directory", descriptors.jolietRoot)] {
            guard let root else { continue }
            if root.extentLBA < startLBA {
                return "the \(name) is at LBA \(root.extentLBA), before the start address \(startLBA): the image was "
                    + "not mastered for it"
            }
            let first = try? reader.block(root.extentLBA)
            guard let block = first ?? nil, let dot = DirectoryRecord(block), dot.isSelf,
                  dot.extentLBA == root.extentLBA else {
                return "the \(name) read at LBA \(root.extentLBA) does not begin with its own '.' record: the image "
                    + "is shifted against the start address \(startLBA) (mastered for another address, or blocks "
                    + "added or cut at its start)"
            }
        }
        return nil
    }
}
