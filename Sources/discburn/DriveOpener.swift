import ISCSI
import MMC
import SCSI
import SGIO
import Trace
import VirtualDrive

/// The one place that turns a `--drive` name into a transport (and wraps it in the trace recorder).
enum DriveOpener {
    enum Access { case read, write }


    static func transport(for options: DriveOptions, access: Access = .read) throws -> SCSITransport {
        let base = try open(options.drive, access: access)
        guard let log = options.scsiLog else { return base }
        return try TracingTransport(wrapping: base, path: log, payloads: options.scsiLogData ? .full : .digest)
    }

    static func drive(for options: DriveOptions, access: Access = .read) throws -> OpticalDrive {
        OpticalDrive(transport: try transport(for: options, access: access))
    }

    private static func open(_ name: String, access: Access) throws -> SCSITransport {
        if name.hasPrefix("virtual:") {
            let spec = try VirtualDriveSpec(parsing: String(name.dropFirst("virtual:".count)))
            return try VirtualDrive.open(spec)
        }
        if name.hasPrefix("iscsi://") {
            return try ISCSITransport.connect(url: name)
        }
        if name.isEmpty { throw CLIError("--drive is empty; name a device like /dev/sr0 or virtual:dvd+r") }
        // SGIO locks the node for the transport's lifetime (see DeviceLock): "in use by PID N" comes from there.
        return try SGIOTransport.open(path: name, access: access == .write ? .exclusive : .shared)
    }
}
