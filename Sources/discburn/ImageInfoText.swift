import DiscImage

/// Human-readable `image info`.
enum ImageInfoText {
    static func lines(_ info: ImageInfo) -> [String] {
        var lines = ["Image:        \(info.path)", "Format:       \(info.format.rawValue)"]
        if let volumeId = info.volumeId { lines.append("Volume:       \(volumeId)") }
        let validation = info.validation
        lines.append("Size:         \(validation.blocks) blocks of \(validation.blockBytes) bytes "
            + "(\(info.sizeBytes) bytes)")
        lines.append("File system:  " + fileSystems(info))
        if let primary = info.primary {
            for (label, value) in [("System", primary.systemId), ("Publisher", primary.publisherId),
                                   ("Preparer", primary.preparerId), ("Application", primary.applicationId)]
            where !value.isEmpty {
                lines.append((label + ":").padding(14) + value)
            }
            if let created = primary.creationDate { lines.append("Created:      \(created.iso8601)") }
            if let modified = primary.modificationDate { lines.append("Modified:     \(modified.iso8601)") }
        }
        lines += boot(info)
        for track in info.tracks {
            lines.append("Track \(track.number < 10 ? "0" : "")\(track.number):     \(track.mode), "
                + "\(track.sectorBytes) bytes/sector, \(track.blocks) blocks from LBA \(track.startLBA)")
        }
        if validation.problems.isEmpty {
            lines.append("Status:       OK, ready to burn")
        } else {
            lines += validation.problems.map { "Problem:      " + $0 }
        }
        return lines
    }

    static func fileSystems(_ info: ImageInfo) -> String {
        var parts: [String] = []
        if info.primary != nil {
            parts.append("ISO 9660" + (info.joliet ? ", Joliet" : "") + (info.rockRidge ? ", Rock Ridge" : ""))
        }
        if let udf = info.udf {
            parts.append("UDF (\(udf.standard))" + (udf.volumeId.map { " \"\($0)\"" } ?? ""))
        }
        if parts.isEmpty { parts.append(info.tracks.isEmpty ? "none recognised" : "none in the data track") }
        return parts.joined(separator: "; ")
    }

    static func boot(_ info: ImageInfo) -> [String] {
        var lines: [String] = []
        for entry in info.bootCatalog?.entries ?? [] {
            lines.append("El Torito:    \(entry.platform), \(emulationName(entry.emulation)) emulation, "
                + "\(entry.bootable ? "bootable" : "not bootable"), load LBA \(entry.loadLBA), "
                + "\(entry.sectorCount512) sectors")
        }
        let platforms = (info.biosBootable ? ["BIOS"] : []) + (info.uefiBootable ? ["UEFI"] : [])
        let usb = info.usbBootable
        lines.append("Bootable:     " + (platforms.isEmpty ? "no" : platforms.joined(separator: ", "))
            + "; USB-bootable: " + (usb.yes ? "yes" : "no") + " (\(usb.reason))")
        lines.append("Hybrid:       \(info.hybrid.summary)")
        return lines
    }

    static func emulationName(_ emulation: BootCatalog.Emulation?) -> String {
        switch emulation {
        case .none?: return "no"
        case .floppy1200KB?: return "1.2M floppy"
        case .floppy1440KB?: return "1.44M floppy"
        case .floppy2880KB?: return "2.88M floppy"
        case .hardDisk?: return "hard disk"
        case nil: return "unknown"
        }
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
