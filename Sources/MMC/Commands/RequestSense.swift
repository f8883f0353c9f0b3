import SCSI

/// REQUEST SENSE (SPC-4 clause 6, REQUEST SENSE command; sense formats SPC-4 §4.5): opcode 03h, DESC in
/// byte 1 bit 0, allocation length in byte 4.
///
/// Used to poll the progress of an IMMED operation (the sense-key-specific progress field) and to fetch sense
/// when a transport did not deliver it with the CHECK CONDITION.
///
/// Parsing: an empty answer, or one whose bytes are all zero, is read as "no sense" (key NO SENSE, ASC/ASCQ 0):
/// SPC-4 says a device with nothing to report returns NO SENSE, and some USB bridges transfer nothing or zeroes
/// then. Any other answer goes through `SenseData(bytes:)`; an unknown response code or a fixed-format answer too
/// short to hold the sense key (fewer than 3 bytes) throws `MMCParseError`.
public struct RequestSense: MMCCommand {
    public typealias Response = SenseData
    public static let name = "REQUEST SENSE"

    public var allocationLength: UInt8
    /// Ask for descriptor-format sense (72h) instead of fixed (70h); drives may ignore it.
    public var descriptorFormat: Bool

    public init(allocationLength: UInt8 = 252, descriptorFormat: Bool = false) {
        self.allocationLength = allocationLength
        self.descriptorFormat = descriptorFormat
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 6)
        w.set(0, 0x03)
        w.setBits(1, mask: 0x01, descriptorFormat)
        w.set(4, allocationLength)
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    public func parse(_ data: [UInt8]) throws(MMCParseError) -> SenseData {
        if data.allSatisfy({ $0 == 0 }) { return SenseData(key: .noSense, asc: 0, ascq: 0) }
        do {
            return try SenseData(bytes: data)
        } catch {
            throw MMCParseError(Self.name, error.description)
        }
    }
}
