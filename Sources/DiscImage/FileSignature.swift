/// Recognises a few common non-image files by their first bytes, so "not a disc image" can say what it is.
enum FileSignature {
    static let known: [(magic: [UInt8], name: String)] = [
        ([0xFF, 0xD8, 0xFF], "it looks like a JPEG picture"),
        ([0x89, 0x50, 0x4E, 0x47], "it looks like a PNG picture"),
        ([0x50, 0x4B, 0x03, 0x04], "it looks like a ZIP archive"),
        ([0x1F, 0x8B], "it looks like a gzip archive"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "it looks like an xz archive"),
        ([0x25, 0x50, 0x44, 0x46], "it looks like a PDF document"),
        (Array("NERO".utf8), "it looks like a Nero image; name it .nrg"),
    ]

    static func describe(_ file: ImageFile) -> String? {
        guard let head = try? file.read(at: 0, count: 8) else { return nil }
        return known.first { head.starts(with: $0.magic) }?.name
    }
}
