import CSGIO
import SCSI
import Synchronization
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// A `SCSITransport` over the Linux SG_IO ioctl, for /dev/sr* (block layer) and /dev/sg* (sg driver).
///
/// It moves bytes and reports status, sense and residual; it never interprets sense (that is `SenseTable`'s job).
/// Commands on one transport are serialized: an optical drive runs one command at a time, and `close()` waits for
/// a running command instead of pulling the descriptor from under it. Using the transport after `close()` is a
/// programmer error and traps.
///
/// Linux SG_IO: the sg driver's sg_io_hdr interface version 3 (sg HOWTO); the block layer offers the same ioctl.
public final class SGIOTransport: SCSITransport, Sendable {
    /// The path as given to `open`, e.g. "/dev/sr0".
    public let deviceName: String
    public let access: SGIOAccess
    /// Largest data transfer of one command on this device, from sysfs (see `SGIOTransferLimit`).
    public let maximumTransferBytes: Int
    /// SG_GET_VERSION_NUM, e.g. 30527 for sg 3.5.27.
    public let driverVersion: Int
    /// Character device (/dev/sg*) or block device (/dev/sr*).
    public let nodeKind: SGIONodeKind

    /// Sense buffer offered to the kernel for every command: room for fixed (18+) and descriptor sense.
    public static let senseCapacityBytes = 64
    /// The oldest sg interface with sg_io_hdr (version 3.0.0).
    static let minimumDriverVersion: Int32 = 30000

    private let descriptor: Mutex<FileDescriptor?>
    /// `.exclusive`: the sibling node of the same drive, held open with O_EXCL (see `SGIOSiblingNode`).
    private let sibling: Mutex<FileDescriptor?>

    /// Wraps an already open descriptor without any check: `open(path:access:)` is the public way in; tests use
    /// this to drive `execute` over a descriptor that is not a SCSI device.
    init(descriptor: FileDescriptor, path: String, access: SGIOAccess, kind: SGIONodeKind,
                 driverVersion: Int, maximumTransferBytes: Int, sibling: FileDescriptor? = nil) {
        self.descriptor = Mutex(descriptor)
        self.sibling = Mutex(sibling)
        self.deviceName = path
        self.access = access
        self.nodeKind = kind
        self.driverVersion = driverVersion
        self.maximumTransferBytes = maximumTransferBytes
    }

    deinit { close() }

    /// Opens `path` for SG_IO and checks that it is a SCSI device: a character or block device that answers
    /// SG_GET_VERSION_NUM with an sg v3 interface. Never needs a medium (see `SGIOAccess`).
    public static func open(path: String, access: SGIOAccess = .shared) throws(SGIOOpenError) -> SGIOTransport {
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(FilePath(path), access.accessMode, options: access.openOptions)
        } catch let error as Errno {
            throw SGIOOpenError.fromOpen(errno: error.rawValue, path: path)
        } catch {
            throw SGIOOpenError.system(path: path, operation: "open", errno: EIO)
        }
        do throws(SGIOOpenError) {
            let kind = try nodeKind(of: fd, path: path)
            let version = try sgVersion(of: fd, path: path, kind: kind)
            let limit = SGIOTransferLimit.maximumTransferBytes(forDevice: resolvedPath(path))
            // The udev/systemd convention for block devices, also on sg nodes: a writing job locks exclusively,
            // a reading job shared, so two DiscBurn processes never interleave commands on one drive.
            do {
                try DeviceLock.lock(fd.rawValue, path: path, mode: access == .exclusive ? .exclusive : .shared)
            } catch let inUse as DeviceLock.InUse {
                throw inUse.pid.map { SGIOOpenError.inUse(path: path, pid: $0) } ?? SGIOOpenError.busy(path: path)
            } catch {}  // a node that cannot be flocked is used without the lock
            let claim = access == .exclusive ? try claimSibling(of: resolvedPath(path)) : nil
            return SGIOTransport(descriptor: fd, path: path, access: access, kind: kind,
                                 driverVersion: Int(version), maximumTransferBytes: limit, sibling: claim)
        } catch {
            try? fd.close()
            throw error
        }
    }

    /// Opens the drive's other node with O_EXCL too. Busy → the burn is refused like a busy main node; a sibling
    /// that is missing or not ours to open (no sg module, permissions) is left alone: the main claim still holds.
    static func claimSibling(of path: String) throws(SGIOOpenError) -> FileDescriptor? {
        guard let other = SGIOSiblingNode.sibling(of: path) else { return nil }
        do {
            return try FileDescriptor.open(FilePath(other), .readWrite, options: SGIOAccess.exclusive.openOptions)
        } catch let error as Errno where error == .resourceBusy {
            throw SGIOOpenError.fromOpen(errno: error.rawValue, path: other)
        } catch {
            return nil
        }
    }

    /// Closes the descriptor, after any running command has finished. Idempotent.
    public func close() {
        sibling.withLock { fd in
            if let open = fd { try? open.close() }
            fd = nil
        }
        descriptor.withLock { fd in
            if let open = fd { try? open.close() }
            fd = nil
        }
    }

    /// True until `close()`.
    public var isOpen: Bool { descriptor.withLock { $0 != nil } }

    public func execute(_ request: SCSIRequest) throws -> SCSIResult {
        try descriptor.withLock { (fd: inout FileDescriptor?) throws(SCSIError) -> SCSIResult in
            guard let open = fd else { preconditionFailure("SGIOTransport.execute on \(deviceName) after close()") }
            return try exchange(request, on: open)
        }
    }

    // MARK: - open checks

    private static func nodeKind(of fd: FileDescriptor, path: String) throws(SGIOOpenError) -> SGIONodeKind {
        var info = stat()
        guard fstat(fd.rawValue, &info) == 0 else {
            throw .system(path: path, operation: "fstat", errno: errno)
        }
        let kind = SGIONodeKind(mode: UInt32(info.st_mode))
        guard kind.isDevice else { throw .notSCSIDevice(path: path, kind: kind) }
        return kind
    }

    private static func sgVersion(of fd: FileDescriptor, path: String,
                                  kind: SGIONodeKind) throws(SGIOOpenError) -> Int32 {
        var version: Int32 = 0
        guard csgio_version(fd.rawValue, &version) == 0 else {
            let code = errno
            switch code {
            case ENOTTY, EINVAL, EOPNOTSUPP, ENOSYS: throw .notSCSIDevice(path: path, kind: kind)
            case ENODEV, ENXIO: throw .notFound(path: path)
            default: throw .system(path: path, operation: "SG_GET_VERSION_NUM", errno: code)
            }
        }
        guard version >= minimumDriverVersion else { throw .notSCSIDevice(path: path, kind: kind) }
        return version
    }

    /// `path` with symlinks resolved (/dev/cdrom → /dev/sr0), or `path` itself when that fails.
    static func resolvedPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    // MARK: - one exchange

    private func exchange(_ request: SCSIRequest, on fd: FileDescriptor) throws(SCSIError) -> SCSIResult {
        let what = Self.commandText(opcode: request.cdb.opcode, device: deviceName)
        var sense = [UInt8](repeating: 0, count: Self.senseCapacityBytes)
        var outcome = csgio_result()
        let timeoutMilliseconds = SGIOTransferMath.timeoutMilliseconds(request.timeout)
        var dataIn: [UInt8] = []
        let requestedBytes = request.transfer.expectedLength
        precondition(requestedBytes >= 0 && requestedBytes <= Int(UInt32.max), "transfer length out of range")

        let returnCode: Int32 = request.cdb.bytes.withUnsafeBufferPointer { cdb in
            sense.withUnsafeMutableBufferPointer { senseBuffer in
                func run(_ direction: csgio_direction, _ data: UnsafeMutableRawPointer?, _ count: Int) -> Int32 {
                    csgio_execute(fd.rawValue, cdb.baseAddress, UInt8(cdb.count), direction, data, UInt32(count),
                                  senseBuffer.baseAddress, UInt8(senseBuffer.count), timeoutMilliseconds, &outcome)
                }
                switch request.transfer {
                case .none:
                    return run(CSGIO_NONE, nil, 0)
                case .fromDevice(let count):
                    dataIn = [UInt8](repeating: 0, count: count)
                    return dataIn.withUnsafeMutableBytes { run(CSGIO_FROM_DEVICE, $0.baseAddress, $0.count) }
                case .toDevice(let bytes):
                    // The kernel only reads a data-out buffer: no need to copy the caller's bytes.
                    return bytes.withUnsafeBytes {
                        run(CSGIO_TO_DEVICE, UnsafeMutableRawPointer(mutating: $0.baseAddress), $0.count)
                    }
                }
            }
        }
        let record = SGIORawOutcome(ranIoctl: returnCode == 0, outcome)
        return try record.result(for: request, command: what, sense: sense, dataIn: dataIn,
                                 limitBytes: maximumTransferBytes)
    }

    /// "opcode 2Ah on /dev/sr0": how errors name a command (the transport does not know command names).
    static func commandText(opcode: UInt8, device: String) -> String {
        "opcode \([opcode].hexString.uppercased())h on \(device)"
    }
}
