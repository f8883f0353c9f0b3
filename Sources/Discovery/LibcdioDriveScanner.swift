import CCdio

/// Drives as libcdio's Linux driver finds them: it probes the usual names (/dev/cdrom, /dev/dvd, /dev/sr*,
/// /dev/scd*, /dev/hd*) and entries of /etc/fstab and /etc/mtab. Only consulted for the real machine.
enum LibcdioDriveScanner {
    /// Device paths from `cdio_get_devices(DRIVER_LINUX)`, in libcdio's order.
    static func devicePaths() -> [String] {
        guard let list = cdio_get_devices(DRIVER_LINUX) else { return [] }
        defer { cdio_free_device_list(list) }
        var paths: [String] = []
        var index = 0
        while index < 4096, let entry = list[index] {
            paths.append(String(cString: entry))
            index += 1
        }
        return paths
    }

    /// INQUIRY identity through `cdio_get_hwinfo`. Opens the drive (non-blocking in libcdio's Linux driver), so it
    /// is only used for the rare drives sysfs did not list.
    static func identity(of path: String) -> DriveIdentity? {
        guard let cdio = cdio_open(path, DRIVER_LINUX) else { return nil }
        defer { cdio_destroy(cdio) }
        var info = cdio_hwinfo_t()
        guard cdio_get_hwinfo(cdio, &info) != 0 else { return nil }
        return DriveIdentity(vendor: text(of: &info.psz_vendor), model: text(of: &info.psz_model),
                             revision: text(of: &info.psz_revision))
    }

    /// A fixed C char array (a Swift tuple) as trimmed text, stopping at the first NUL, never reading past it.
    private static func text<T>(of field: inout T) -> String {
        withUnsafeBytes(of: &field) { raw in
            let bytes = raw.prefix(while: { $0 != 0 })
            return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: " ")
        }
    }
}

/// Vendor, model and revision of a drive (INQUIRY, SPC-4 §6.4.2).
struct DriveIdentity: Sendable, Hashable {
    var vendor: String
    var model: String
    var revision: String
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text.removeFirst() }
        while text.last == character { text.removeLast() }
        return String(text)
    }
}
