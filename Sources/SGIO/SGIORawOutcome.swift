import CSGIO
import SCSI

/// What the kernel filled in for one SG_IO, as Swift values, and the single place where it becomes a result or an
/// error. Pure: tests build it by hand to cover every outcome without a device.
struct SGIORawOutcome: Sendable, Hashable {
    /// False when the ioctl itself failed (`ioctlErrno` says why); the other fields are then meaningless.
    var ranIoctl: Bool
    var ioctlErrno: Int32 = 0
    var status: UInt8 = 0
    var hostStatus: UInt16 = 0
    var driverStatus: UInt16 = 0
    var senseLength: UInt8 = 0
    var residual: Int32 = 0

    init(ranIoctl: Bool, ioctlErrno: Int32 = 0, status: UInt8 = 0, hostStatus: UInt16 = 0, driverStatus: UInt16 = 0,
         senseLength: UInt8 = 0, residual: Int32 = 0) {
        self.ranIoctl = ranIoctl
        self.ioctlErrno = ioctlErrno
        self.status = status
        self.hostStatus = hostStatus
        self.driverStatus = driverStatus
        self.senseLength = senseLength
        self.residual = residual
    }

    init(ranIoctl: Bool, _ raw: csgio_result) {
        self.init(ranIoctl: ranIoctl, ioctlErrno: raw.ioctl_errno, status: raw.status, hostStatus: raw.host_status,
                  driverStatus: raw.driver_status, senseLength: raw.sense_length, residual: raw.residual)
    }

    /// The result of `request`, given the sense buffer and data-in buffer as the kernel left them.
    ///
    /// An ioctl failure is `SCSIError.system` (EINTR included: the command may have run, so nothing retries it);
    /// a host or driver failure is `.timeout` or `.transport`; otherwise the status byte, the sense bytes the kernel
    /// wrote, the data-in bytes actually transferred and the clamped residual.
    func result(for request: SCSIRequest, command: String, sense: [UInt8], dataIn: [UInt8],
                limitBytes: Int) throws(SCSIError) -> SCSIResult {
        let requestedBytes = request.transfer.expectedLength
        guard ranIoctl else {
            throw .system(operation: "SG_IO \(command)", errno: ioctlErrno,
                          message: SGIOSystemErrorText.message(errno: ioctlErrno, transferBytes: requestedBytes,
                                                               limitBytes: limitBytes))
        }
        switch SGIOCompletion.fault(hostStatus: hostStatus, driverStatus: driverStatus) {
        case .timeout?: throw .timeout(command: command, after: request.timeout)
        case .transport(let detail)?: throw .transport(command: command, message: detail)
        case nil: break
        }
        let (transferredBytes, residualBytes) = SGIOTransferMath.transferred(requestedBytes: requestedBytes,
                                                                             residual: residual)
        var received: [UInt8] = []
        if case .fromDevice = request.transfer { received = Array(dataIn.prefix(transferredBytes)) }
        let senseBytes = SGIOTransferMath.senseLength(written: senseLength, capacity: sense.count)
        return SCSIResult(status: SCSIStatus(rawValue: status), sense: Array(sense.prefix(senseBytes)),
                          dataIn: received, residual: residualBytes)
    }
}
