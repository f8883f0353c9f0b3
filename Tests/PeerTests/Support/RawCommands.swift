import SCSI

/// The handful of CDBs the transport tests need, laid out by hand until the MMC command structs exist.
/// Each cites its spec section; fields are big-endian.
enum RawCommands {
    /// INQUIRY, standard data (SPC-4 §6.6): 12h, EVPD 0, page 0, allocation length.
    static func inquiry(allocationLength: UInt16 = 0x60) -> SCSIRequest {
        var w = ByteWriter(count: 6)
        w.set(0, 0x12)
        w.setUInt16(3, allocationLength)
        return SCSIRequest(cdb: w.cdb, transfer: .fromDevice(allocationLength: Int(allocationLength)))
    }

    /// READ CAPACITY (MMC-6 §6.23): 25h, 8 bytes back: last LBA, block length.
    static func readCapacity() -> SCSIRequest {
        SCSIRequest(cdb: CDB(opcode: 0x25, length: 10), transfer: .fromDevice(allocationLength: 8))
    }

    /// READ(10) (MMC-6 §6.16 / SBC-3 §5.11): 28h, LBA in bytes 2–5, transfer length (blocks) in 7–8.
    static func read10(lba: UInt32, blocks: UInt16, blockBytes: Int = 2048) -> SCSIRequest {
        var w = ByteWriter(count: 10)
        w.set(0, 0x28)
        w.setUInt32(2, lba)
        w.setUInt16(7, blocks)
        return SCSIRequest(cdb: w.cdb, transfer: .fromDevice(allocationLength: Int(blocks) * blockBytes))
    }

    /// WRITE(10) (MMC-6 §6.44): 2Ah, LBA in bytes 2–5, transfer length (blocks) in 7–8.
    static func write10(lba: UInt32, data: [UInt8], blockBytes: Int = 2048) -> SCSIRequest {
        precondition(data.count % blockBytes == 0)
        var w = ByteWriter(count: 10)
        w.set(0, 0x2A)
        w.setUInt32(2, lba)
        w.setUInt16(7, UInt16(data.count / blockBytes))
        return SCSIRequest(cdb: w.cdb, transfer: .toDevice(data))
    }

    /// SYNCHRONIZE CACHE(10) (MMC-6 §6.41): 35h, no data.
    static func synchronizeCache() -> SCSIRequest {
        SCSIRequest(cdb: CDB(opcode: 0x35, length: 10), timeout: .seconds(60))
    }

    /// GET CONFIGURATION (MMC-6 §6.6): 46h, RT in byte 1, starting feature in 2–3, allocation length in 7–8.
    /// RT 2 with feature 0 returns just the header, whose bytes 6–7 are the current profile.
    static func getConfiguration(requestType: UInt8 = 2, startingFeature: UInt16 = 0,
                                 allocationLength: UInt16 = 8) -> SCSIRequest {
        var w = ByteWriter(count: 10)
        w.set(0, 0x46)
        w.set(1, requestType & 0x03)
        w.setUInt16(2, startingFeature)
        w.setUInt16(7, allocationLength)
        return SCSIRequest(cdb: w.cdb, transfer: .fromDevice(allocationLength: Int(allocationLength)))
    }

    /// CLOSE TRACK/SESSION (MMC-6 §6.3): 5Bh, close function in byte 2 bits 2–0: 010b closes the session
    /// (on DVD+R: closes the last session, so the disc reads as DVD-ROM on tgt).
    static func closeSession() -> SCSIRequest {
        var w = ByteWriter(count: 10)
        w.set(0, 0x5B)
        w.set(2, 0x02)
        return SCSIRequest(cdb: w.cdb, timeout: .seconds(120))
    }

    /// TEST UNIT READY (SPC-4 §6.37): 00h, no data.
    static func testUnitReady() -> SCSIRequest { SCSIRequest(cdb: CDB(opcode: 0x00, length: 6)) }
}
