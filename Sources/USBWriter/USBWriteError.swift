import Foundation

/// Why `usb write` stopped or would not start. One line: the cause, then the fix.
public enum USBWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    case imageUnreadable(path: String)
    case imageRead(path: String, reason: String)
    case emptyImage(path: String)
    case notBootable(path: String, reason: String)
    case uefiOnly(path: String)
    case refused(DiskRefusal)
    case busy(device: String)
    case locked(device: String)
    case open(device: String, reason: String)
    case write(device: String, offsetBytes: UInt64, reason: String)
    case read(device: String, offsetBytes: UInt64, reason: String)
    case unmount(point: String, reason: String)
    /// `--method files` on an image it cannot use.
    case notFileCopyable(path: String, reason: String)
    /// The ISO's tree cannot go onto a FAT32 stick as it is (a name, a size, a file over 4 GiB).
    case fileCopy(reason: String)
    /// A tool of the file-copy method (mkfs.fat, mcopy, wimlib-imagex) is missing or failed.
    case tool(name: String, package: String, reason: String)

    public var description: String {
        switch self {
        case .imageUnreadable(let path): return "cannot open the image \(path); check the path and its permissions"
        case .imageRead(let path, let reason): return "reading the image \(path) failed: \(reason); copy it again"
        case .emptyImage(let path): return "the image \(path) is empty; download it again"
        case .notBootable(let path, let reason):
            return "\(path) will not boot from a USB stick: \(reason); use a hybrid ISO, or --force to write it anyway"
        case .uefiOnly(let path):
            return "\(path) is a UEFI-only El Torito image with no MBR/GPT (e.g. a Windows installer): a raw copy "
                + "does not boot; it needs a file-copy stick (GPT + FAT32 with the ISO's files), or --force"
        case .refused(let refusal): return refusal.description
        case .busy(let device):
            return "\(device) is in use (a mounted partition or a kernel holder); unmount it and try again"
        case .locked(let device):
            return "\(device) is locked by another program (flock); close it (e.g. a disk utility) and try again"
        case .open(let device, let reason): return "cannot open \(device): \(reason); run as root or check the device"
        case .write(let device, let offset, let reason):
            return "writing \(device) failed at byte \(offset): \(reason); the stick is incomplete, try another stick"
        case .read(let device, let offset, let reason):
            return "reading \(device) back failed at byte \(offset): \(reason); the stick may be faulty"
        case .unmount(let point, let reason):
            return "cannot unmount \(point): \(reason); close the programs using it and try again"
        case .notFileCopyable(let path, let reason):
            return "\(path) cannot be written by file copy: \(reason); use --method raw, or an uncompressed ISO"
        case .fileCopy(let reason):
            return "the ISO's files cannot go onto a FAT32 stick: \(reason); nothing was written"
        case .tool(let name, let package, let reason) where reason == "it is not installed":
            return "\(name) is not installed; install the Debian package \(package) (apt-get install \(package))"
        case .tool(let name, _, let reason):
            return "\(name) failed: \(reason); the stick is incomplete, write it again"
        }
    }
}
