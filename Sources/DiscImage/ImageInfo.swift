/// Image container formats DiscImage recognises. Open set.
public struct ImageFormat: RawRepresentable, Sendable, Equatable, Hashable, Codable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let iso9660 = ImageFormat(rawValue: "iso9660")
    public static let udf = ImageFormat(rawValue: "udf")
    public static let iso9660AndUDF = ImageFormat(rawValue: "iso9660+udf")
    public static let cue = ImageFormat(rawValue: "cue")
    public static let toc = ImageFormat(rawValue: "toc")
    public static let nrg = ImageFormat(rawValue: "nrg")
}

/// Everything `discburn image info` shows.
public struct ImageInfo: Sendable {
    public var path: String
    public var format: ImageFormat
    public var sizeBytes: Int64
    /// ISO 9660 primary volume descriptor (also for the first data track of a bin/cue when it holds one).
    public var primary: PrimaryVolumeDescriptor?
    public var nameSpace: NameSpace?
    public var joliet: Bool
    public var rockRidge: Bool
    public var udf: UDFVolume?
    public var bootCatalog: BootCatalog?
    public var hybrid: HybridLayout
    public var tracks: [ImageTrack]
    public var validation: ImageValidation

    /// Volume name: ISO 9660 volume id, else the UDF volume id.
    public var volumeId: String? { primary?.volumeId ?? udf?.volumeId }

    public var biosBootable: Bool {
        bootCatalog?.entries.contains { $0.bootable && $0.platform == .bios } ?? false
    }

    public var uefiBootable: Bool {
        bootCatalog?.entries.contains { $0.bootable && $0.platform == .uefi } ?? false
    }

    /// Whether a raw copy to a USB stick boots, and why (isohybrid MBR for BIOS, EFI partition or GPT for UEFI).
    public var usbBootable: (yes: Bool, reason: String) {
        let mbrBoot = hybrid.hasMBR && biosBootable
        let efiBoot = hybrid.hasEFIPartition && uefiBootable
        if mbrBoot || efiBoot { return (true, "isohybrid \(hybrid.summary.uppercased())") }
        if bootCatalog == nil { return (false, "no El Torito boot catalog") }
        return (false, "El Torito only, no isohybrid MBR/GPT in the first 32 KiB")
    }
}
