import Foundation

/// How `usb write` puts an image on a stick.
public enum WriteMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Byte for byte: hybrid ISOs and disk images carry their own MBR/GPT.
    case raw
    /// A new GPT with one FAT32 partition holding the ISO's files: UEFI El Torito images without MBR/GPT
    /// (Windows installers), which a raw copy does not make bootable.
    case files
}

/// The method `usb write` settled on, and why (printed in the plan before the prompt).
public struct MethodChoice: Sendable, Hashable {
    public var method: WriteMethod
    public var reason: String

    /// hybrid (MBR/GPT) → raw; El Torito with a UEFI entry but no MBR/GPT → file copy; neither → the image's
    /// boot problem (raw with `force`). `forced` (`--method`) picks one; file copy needs an uncompressed ISO.
    public static func choose(_ image: ImageFacts, forced: WriteMethod?, force: Bool) throws -> MethodChoice {
        switch forced {
        case .raw?:
            return MethodChoice(method: .raw, reason: "--method raw: the image is copied byte for byte")
        case .files?:
            try requireFileCopyable(image)
            return MethodChoice(method: .files, reason: "--method files: a GPT with one FAT32 partition holding "
                                + "the ISO's files")
        case nil:
            break
        }
        switch image.kind {
        case .hybridISO:
            return MethodChoice(method: .raw, reason: "the ISO is hybrid (MBR/GPT in its system area): a byte copy boots")
        case .diskImage:
            return MethodChoice(method: .raw, reason: "a disk image with its own MBR/GPT: a byte copy boots")
        case .plainISO where image.elToritoUEFI && image.compression == .none:
            return MethodChoice(method: .files, reason: "El Torito with a UEFI entry but no MBR/GPT: a byte copy "
                                + "would not boot, so a GPT + FAT32 stick is made from the ISO's files")
        case .unknown where image.udfOnly:
            return MethodChoice(method: .files, reason: "a UDF-only image (no MBR/GPT, no El Torito): a GPT + FAT32 "
                                + "stick is made from its UDF files, which boots when they hold \\EFI\\BOOT\\BOOT<arch>.EFI")
        case .plainISO, .unknown:
            if let problem = image.bootProblem, !force { throw problem }
            return MethodChoice(method: .raw, reason: "--force: copied byte for byte although it will not boot")
        }
    }

    static func requireFileCopyable(_ image: ImageFacts) throws {
        guard image.kind == .hybridISO || image.kind == .plainISO || image.udfOnly else {
            throw USBWriteError.notFileCopyable(path: image.path, reason: "it is neither an ISO 9660 nor a UDF image")
        }
        guard image.compression == .none else {
            throw USBWriteError.notFileCopyable(path: image.path, reason: "it is \(image.compression.rawValue)-"
                                                + "compressed; decompress it first")
        }
    }
}
