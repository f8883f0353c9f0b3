import CBlkid
import Foundation

/// File system type and label of a device node through libblkid's cache-less lookup (reads the superblock;
/// needs read permission on the node, nil otherwise).
public enum BlkidProbe {
    @Sendable public static func probe(_ devicePath: String) -> (type: String?, label: String?) {
        (tag("TYPE", devicePath), tag("LABEL", devicePath))
    }

    static func tag(_ name: String, _ devicePath: String) -> String? {
        guard let value = blkid_get_tag_value(nil, name, devicePath) else { return nil }
        defer { free(value) }
        return String(cString: value)
    }
}
