import XCTest
@testable import SGIO

final class SGIOTransferMathTests: XCTestCase {
    func testTimeoutInMilliseconds() {
        XCTAssertEqual(SGIOTransferMath.timeoutMilliseconds(.seconds(30)), 30_000)
        XCTAssertEqual(SGIOTransferMath.timeoutMilliseconds(.milliseconds(1500)), 1500)
        XCTAssertEqual(SGIOTransferMath.timeoutMilliseconds(.microseconds(1500)), 2, "partial milliseconds round up")
        XCTAssertEqual(SGIOTransferMath.timeoutMilliseconds(.nanoseconds(1)), 1)
    }

    func testTimeoutIsClamped() {
        XCTAssertEqual(SGIOTransferMath.timeoutMilliseconds(.zero), 1, "zero would mean the kernel default")
        XCTAssertEqual(SGIOTransferMath.timeoutMilliseconds(.seconds(-5)), 1)
        XCTAssertEqual(SGIOTransferMath.timeoutMilliseconds(.milliseconds(-1)), 1)
        XCTAssertEqual(SGIOTransferMath.timeoutMilliseconds(.seconds(Int64.max)), 2_147_483_647)
        XCTAssertEqual(SGIOTransferMath.timeoutMilliseconds(.seconds(2_147_483)), 2_147_483_000)
        XCTAssertEqual(SGIOTransferMath.timeoutMilliseconds(.seconds(2_147_484)), 2_147_483_647)
        XCTAssertEqual(SGIOTransferMath.timeoutMilliseconds(.seconds(3600 * 2)), 7_200_000)
    }

    func testResidualWithinRange() {
        let r = SGIOTransferMath.transferred(requestedBytes: 2048, residual: 2040)
        XCTAssertEqual(r.transferredBytes, 8)
        XCTAssertEqual(r.residualBytes, 2040)
        let full = SGIOTransferMath.transferred(requestedBytes: 96, residual: 0)
        XCTAssertEqual(full.transferredBytes, 96)
        XCTAssertEqual(full.residualBytes, 0)
        let none = SGIOTransferMath.transferred(requestedBytes: 96, residual: 96)
        XCTAssertEqual(none.transferredBytes, 0)
        XCTAssertEqual(none.residualBytes, 96)
    }

    func testResidualIsClampedToTheRequest() {
        let negative = SGIOTransferMath.transferred(requestedBytes: 512, residual: -4)
        XCTAssertEqual(negative.transferredBytes, 512)
        XCTAssertEqual(negative.residualBytes, 0)
        let oversized = SGIOTransferMath.transferred(requestedBytes: 512, residual: 4096)
        XCTAssertEqual(oversized.transferredBytes, 0)
        XCTAssertEqual(oversized.residualBytes, 512)
        let extreme = SGIOTransferMath.transferred(requestedBytes: 8, residual: Int32.min)
        XCTAssertEqual(extreme.transferredBytes, 8)
        XCTAssertEqual(extreme.residualBytes, 0)
        let noData = SGIOTransferMath.transferred(requestedBytes: 0, residual: 18)
        XCTAssertEqual(noData.transferredBytes, 0)
        XCTAssertEqual(noData.residualBytes, 0)
    }

    func testSenseLengthIsClampedToTheBuffer() {
        XCTAssertEqual(SGIOTransferMath.senseLength(written: 18, capacity: 64), 18)
        XCTAssertEqual(SGIOTransferMath.senseLength(written: 0, capacity: 64), 0)
        XCTAssertEqual(SGIOTransferMath.senseLength(written: 252, capacity: 64), 64)
        XCTAssertEqual(SGIOTransferMath.senseLength(written: 255, capacity: 0), 0)
    }
}

final class SGIOSystemErrorTextTests: XCTestCase {
    func testInterruptedSGIOSaysOutcomeUnknownAndNoRetry() {
        let text = SGIOSystemErrorText.message(errno: EINTR, transferBytes: 0, limitBytes: 65536)
        XCTAssertEqual(text, "interrupted by a signal while the command may already be running in the drive: its "
            + "outcome is unknown, so it is not retried; check the drive's state before going on")
    }

    func testPermissionNamesTheReadWriteOpen() {
        XCTAssertEqual(SGIOSystemErrorText.message(errno: EPERM, transferBytes: 0, limitBytes: 65536),
                       "the kernel refused this command: it needs the device opened read-write (commands outside "
                           + "the kernel's allow-list also need CAP_SYS_RAWIO)")
    }

    func testOversizedTransferNamesBothSizes() {
        XCTAssertEqual(SGIOSystemErrorText.message(errno: EINVAL, transferBytes: 131_072, limitBytes: 65_536),
                       "the kernel rejected the request: a transfer of 131072 bytes exceeds this device's limit of "
                           + "65536 bytes; use smaller transfers")
        XCTAssertEqual(SGIOSystemErrorText.message(errno: ENOMEM, transferBytes: 131_072, limitBytes: 65_536),
                       "the kernel could not allocate the transfer buffer: a transfer of 131072 bytes exceeds this "
                           + "device's limit of 65536 bytes; use smaller transfers")
        XCTAssertEqual(SGIOSystemErrorText.message(errno: EINVAL, transferBytes: 2048, limitBytes: 65_536),
                       "the kernel rejected the request (Invalid argument)")
    }

    func testOtherErrnos() {
        XCTAssertEqual(SGIOSystemErrorText.message(errno: ENODEV, transferBytes: 0, limitBytes: 1),
                       "the device has gone away (unplugged or powered off?)")
        XCTAssertEqual(SGIOSystemErrorText.message(errno: EFAULT, transferBytes: 0, limitBytes: 1), "Bad address")
    }
}
