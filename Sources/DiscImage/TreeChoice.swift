/// Which file tree of an image to read: a UDF bridge (mkisofs -udf, Windows ISOs) has two, and they can differ.
public enum TreeChoice: String, Sendable, CaseIterable {
    /// The ISO 9660 tree (Rock Ridge, Joliet or plain names), unless there is none or the UDF tree holds more
    /// files than it does (a Windows ISO's ISO 9660 side holds only a README.TXT; its files are in UDF).
    case automatic
    case iso9660
    case udf
}

/// The tree chosen, and why (for plans and notices).
public struct ChosenTree: Sendable {
    public var tree: any ImageTree
    public var reason: String
}

extension DiscImage {
    /// Opens the file tree of an image. `automatic` keeps the ISO 9660 tree (its Rock Ridge names, modes and
    /// symlinks are richer than UDF's as mkisofs writes them) when it holds at least as many files as the UDF
    /// tree; otherwise, or when there is no ISO 9660 tree, it reads UDF.
    public static func tree(path: String, choice: TreeChoice = .automatic, preferJoliet: Bool = false,
                            startLBA: Int64 = 0) throws -> ChosenTree {
        if isTrackImage(path: path) || startLBA > 0 || choice == .iso9660 {
            let iso = try fileSystem(path: path, preferJoliet: preferJoliet, startLBA: startLBA)
            return ChosenTree(tree: iso, reason: "the \(iso.treeName) tree")
        }
        let file = try openFile(path)
        let reader = BlockReader(file: file)
        let udfVolume = try UDFVolume.detect(reader)
        if choice == .udf {
            guard let udfVolume else {
                throw DiscImageError.unsupported(path: path, detail: "no UDF file system in the image; "
                                                 + "list it without --udf")
            }
            return ChosenTree(tree: try UDFFileSystem(reader: reader, standard: udfVolume.standard),
                              reason: "the UDF tree (--udf)")
        }
        let iso: ISOFileSystem
        do {
            iso = try fileSystem(path: path, preferJoliet: preferJoliet)
        } catch DiscImageError.unsupported(_, _) where udfVolume != nil {
            return ChosenTree(tree: try UDFFileSystem(reader: reader, standard: udfVolume!.standard),
                              reason: "the UDF tree (the image has no ISO 9660 file system)")
        }
        guard let udfVolume, let udf = try? UDFFileSystem(reader: reader, standard: udfVolume.standard),
              let udfFiles = try? fileCount(udf), let isoFiles = try? fileCount(iso), udfFiles > isoFiles else {
            return ChosenTree(tree: iso, reason: "the \(iso.treeName) tree")
        }
        return ChosenTree(tree: udf, reason: "the UDF tree: it holds \(udfFiles) files, the \(iso.treeName) tree "
                          + "\(isoFiles) (a UDF bridge such as a Windows ISO)")
    }

    /// Regular files in a tree (directories only are read).
    static func fileCount(_ tree: any ImageTree) throws -> Int {
        var count = 0
        try tree.walk(tree.root, recursive: true) { if $0.kind == .file { count += 1 } }
        return count
    }
}
