// libFuzzer target: the VirtualDrive's CDB handling. Input: a media kind byte, then commands, each
// [CDB length 6-16][CDB][direction][length hi][length lo][data-out bytes]. Any CDB with any data: never a crash.
import MMC
import SCSI
import VirtualDrive

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVirtualDriveCDB(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let kindByte = bytes.first else { return 0 }
    let kinds = VirtualMediaKind.allCases.filter { !$0.isPressed }
    let drive = VirtualDrive(media: kinds[Int(kindByte) % kinds.count], clock: ManualDriveClock())
    var offset = 1
    var commands = 0
    while offset < bytes.count, commands < 32 {
        let cdbLength = 6 + Int(bytes[offset]) % 11
        offset += 1
        guard offset + cdbLength + 3 <= bytes.count else { break }
        let cdb = Array(bytes[offset..<(offset + cdbLength)])
        offset += cdbLength
        let direction = bytes[offset] % 3
        let length = Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2])
        offset += 3
        let transfer: DataTransfer
        switch direction {
        case 0: transfer = .none
        case 1: transfer = .fromDevice(allocationLength: length)
        default:
            let take = min(length, bytes.count - offset)
            transfer = .toDevice(Array(bytes[offset..<(offset + take)]))
            offset += take
        }
        _ = try? drive.execute(SCSIRequest(cdb: CDB(cdb), transfer: transfer))
        commands += 1
    }
    return 0
}
