import SCSI

/// Checks a Write Parameters page 05h sent with MODE SELECT against the loaded medium (MMC-6 §7.5.4).
extension DriveCore {
    /// `at` is the page's offset in the parameter list, for the sense field pointer. Page length 32h is
    /// required (36h, with 4 vendor-specific bytes from MMC-3, is accepted and the extra bytes dropped).
    func validatedWriteParameters(_ raw: [UInt8], at: Int) throws -> WriteParametersPage {
        guard raw[1] == 0x32 || raw[1] == 0x36 else { throw CheckCondition.invalidParameter(byte: at + 1) }
        if raw[0] & 0x40 != 0 { throw CheckCondition.invalidParameter(byte: at) }  // SPF: no subpages
        var bytes = Array(raw.prefix(WriteParametersPage.byteCount))
        bytes[0] &= 0x3F  // PS is reported, never set
        bytes[1] = WriteParametersPage.pageLength
        let mask = WriteParametersPage.changeableMask
        for i in 2..<bytes.count where bytes[i] & ~mask[i] != 0 {
            throw CheckCondition.invalidParameter(byte: at + i)
        }
        guard let page = WriteParametersPage(bytes: bytes) else { throw CheckCondition.invalidParameter(byte: at) }
        try checkAgainstMedium(page, at: at)
        return page
    }

    private func checkAgainstMedium(_ page: WriteParametersPage, at: Int) throws {
        guard page.writeType != nil else { throw CheckCondition.invalidParameter(byte: at + 2) }
        if page.bytes[3] >> 6 == 2 { throw CheckCondition.invalidParameter(byte: at + 3) }  // multi-session 10b
        let kind = media
        guard kind.isPresent else { return }
        if page.testWrite && !(loaded?.state.supportsTestWrite ?? kind.supportsTestWrite) { throw CheckCondition.invalidParameter(byte: at + 2) }
        switch kind.family {
        case .cd where kind.usesWriteParameters:
            guard page.writeType != .layerJump else { throw CheckCondition.invalidParameter(byte: at + 2) }
            let cdTypes: Set<UInt8> = [0, 1, 2, 3, 8, 9, 10, 11, 12, 13]
            guard cdTypes.contains(page.dataBlockType) else { throw CheckCondition.invalidParameter(byte: at + 4) }
        case .dvd where kind.usesWriteParameters:
            guard page.writeType == .packetIncremental || page.writeType == .sessionAtOnce else {
                throw CheckCondition.invalidParameter(byte: at + 2)
            }
            guard page.dataBlockType == 8 else { throw CheckCondition.invalidParameter(byte: at + 4) }
        default:
            break  // DVD+R, BD and overwritable media do not use page 05h (MMC-6 §7.5.1)
        }
    }
}
