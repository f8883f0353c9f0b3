import XCTest
import SCSI
@testable import MMC

final class SetStreamingTests: XCTestCase {
    func testSpeedForBD12xOverWholeBDR() {
        // 12x BD = 53,952 kB/s; a blank BD-R has 12,219,392 blocks, so the end LBA is 12,219,391.
        let command = SetStreaming.speed(kilobytesPerSecond: 53_952, endLBA: 12_219_391)
        //              op rsv                    type length  control
        assertCDB(command, "B6 00 00 00 00 00 00 00  00   00 1C  00")
        let expected = bytes("""
            00 00 00 00  # WRC/RDD/Exact/RA flags, 3 reserved bytes
            00 00 00 00  # start LBA
            00 BA 73 FF  # end LBA 12,219,391
            00 00 D2 C0  # read size 53,952 kB
            00 00 03 E8  # read time 1000 ms
            00 00 D2 C0  # write size 53,952 kB
            00 00 03 E8  # write time 1000 ms
            """)
        XCTAssertEqual(command.performance.bytes, expected)
        XCTAssertEqual(dataOut(command.transfer), expected)
        XCTAssertEqual(command.performance.bytes.count, 28)
        XCTAssertEqual(command.timeout, .seconds(30))
        XCTAssertEqual(SetStreaming.name, "SET STREAMING")
    }

    func testEveryFieldHasItsOwnBytes() {
        let descriptor = SetStreaming.PerformanceDescriptor(
            startLBA: 0x0102_0304, endLBA: 0x1112_1314,
            readSizeKilobytes: 0x2122_2324, readTimeMilliseconds: 0x3132_3334,
            writeSizeKilobytes: 0x4142_4344, writeTimeMilliseconds: 0x5152_5354)
        XCTAssertEqual(SetStreaming(performance: descriptor).performance.bytes, bytes("""
            00 00 00 00  01 02 03 04  11 12 13 14  21 22 23 24  31 32 33 34  41 42 43 44  51 52 53 54
            """))
    }

    func testFlagBits() {
        var descriptor = SetStreaming.PerformanceDescriptor(
            endLBA: 0, readSizeKilobytes: 0, readTimeMilliseconds: 0,
            writeSizeKilobytes: 0, writeTimeMilliseconds: 0)
        descriptor.randomAccess = true
        XCTAssertEqual(descriptor.bytes[0], 0x01)
        descriptor.randomAccess = false
        descriptor.exact = true
        XCTAssertEqual(descriptor.bytes[0], 0x02)
        descriptor.exact = false
        descriptor.restoreDefaults = true
        XCTAssertEqual(descriptor.bytes[0], 0x04)
        descriptor.restoreDefaults = false
        descriptor.writeRotationControl = .constantAngularVelocity
        XCTAssertEqual(descriptor.bytes[0], 0x08)
        descriptor.writeRotationControl = SetStreaming.PerformanceDescriptor.WriteRotationControl(rawValue: 3)
        descriptor.randomAccess = true
        descriptor.exact = true
        descriptor.restoreDefaults = true
        XCTAssertEqual(descriptor.bytes[0], 0x1F)
        XCTAssertEqual(Array(descriptor.bytes[1...3]), [0, 0, 0])
    }
}
