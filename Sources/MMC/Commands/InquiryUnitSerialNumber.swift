import SCSI

/// INQUIRY for the Unit Serial Number VPD page 80h (SPC-4 §6.6 with EVPD = 1; page layout SPC-4 §7.8, Unit
/// Serial Number VPD page): the drive's serial number as ASCII.
///
/// Parsing: the 4-byte page header must arrive and name page 80h (else `MMCParseError`); the serial number is read
/// from min(page length + 4, received) bytes and trimmed of spaces and NULs. An empty serial is a valid answer.
public struct InquiryUnitSerialNumber: MMCCommand {
    public typealias Response = String
    public static let name = "INQUIRY (unit serial number)"
    /// The VPD page code this command asks for.
    public static let pageCode: UInt8 = 0x80

    public var allocationLength: UInt16

    public init(allocationLength: UInt16 = 252) {
        precondition(allocationLength >= 4, "INQUIRY VPD allocation length must cover the 4-byte page header")
        self.allocationLength = allocationLength
    }

    public var cdb: CDB {
        var w = ByteWriter(count: 6)
        w.set(0, 0x12)
        w.set(1, 0x01)  // EVPD
        w.set(2, Self.pageCode)
        w.setUInt16(3, allocationLength)
        return w.cdb
    }

    public var transfer: DataTransfer { .fromDevice(allocationLength: Int(allocationLength)) }

    public func parse(_ data: [UInt8]) throws(MMCParseError) -> String {
        try MMCParseError.wrap(Self.name) {
            let whole = ByteReader(data)
            guard whole.count >= 4 else {
                throw MMCParseError(Self.name, "\(whole.count) byte(s), the VPD page header needs 4")
            }
            let page = try whole.uint8(at: 1)
            guard page == Self.pageCode else {
                throw MMCParseError(Self.name, "answered VPD page 0x" + [page].hexString + " instead of 0x80")
            }
            let pageLength = Int(try whole.uint16(at: 2))
            let r = whole.clamped(at: 4, length: pageLength)
            return r.count == 0 ? "" : try r.ascii(at: 0, length: r.count)
        }
    }
}
