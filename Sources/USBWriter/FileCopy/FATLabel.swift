import CZlib
import Foundation

/// The FAT32 volume label and serial number made from the ISO's volume ID.
public enum FATLabel {
    /// Characters a FAT volume label may hold besides A–Z, 0–9 and space (Microsoft FAT spec, "short names":
    /// upper-case 8.3 characters; lower case and " * + , . / : ; < = > ? [ \ ] | are not allowed).
    static let allowedPunctuation = Set("!#$%&'()-@^_`{}~")

    /// At most 11 characters, upper case, disallowed characters as "_", trailing spaces dropped;
    /// "DISCBURN" when nothing is left.
    public static func label(fromVolumeId volumeId: String?) -> String {
        var label = ""
        for character in (volumeId ?? "").uppercased() {
            guard label.count < 11 else { break }
            if let ascii = character.asciiValue, (ascii >= 0x41 && ascii <= 0x5A) || (ascii >= 0x30 && ascii <= 0x39)
                || ascii == 0x20 || allowedPunctuation.contains(character) {
                label.append(character)
            } else {
                label.append("_")
            }
        }
        while label.hasSuffix(" ") { label.removeLast() }
        while label.hasPrefix(" ") { label.removeFirst() }
        return label.isEmpty || label.allSatisfy({ $0 == "_" }) ? "DISCBURN" : label
    }

    /// The volume serial number: CRC-32 of the ISO's volume ID, so the same ISO gives the same stick.
    public static func serial(fromVolumeId volumeId: String?) -> UInt32 {
        let bytes = Array((volumeId ?? "DISCBURN").utf8)
        return UInt32(bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) })
    }
}
