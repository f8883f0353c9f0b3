import ISCSI
import MMC
import SCSI
import SGIO
import Trace
import VirtualDrive

/// The one place that turns a `--drive` name into a transport (and wraps it in the trace recorder).
enum DriveOpener {
    enum Access { case read, write }

    /// `otherInputs`: files the command reads besides the drive (the image of a burn or verify); the
    /// `--scsi-log` file may be none of them.
    static func transport(for options: DriveOptions, access: Access = .read,
                          otherInputs: [String] = []) throws -> SCSITransport {
        if let log = options.scsiLog {
            try OutputGuard.check(log, option: "--scsi-log",
                                  inputs: OutputGuard.driveFiles(options.drive) + otherInputs)
        }
        let base = try open(options.drive, access: access)
        guard let log = options.scsiLog else { return base }
        let tracing = try TracingTransport(wrapping: base, path: log, payloads: options.scsiLogData ? .full : .digest)
        tracing.onFailure = { reason in
            ImageOutput.writeAll("discburn: warning: --scsi-log \(log): \(reason); the log is incomplete, "
                + "the drive's work goes on\n", to: 2)
        }
        return tracing
    }

    static func drive(for options: DriveOptions, access: Access = .read,
                      otherInputs: [String] = []) throws -> OpticalDrive {
        OpticalDrive(transport: try transport(for: options, access: access, otherInputs: otherInputs))
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
