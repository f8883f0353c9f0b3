// libFuzzer target: the trace reader (JSON lines) and replaying what it read.
import Foundation
import SCSI
import Trace

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTrace(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    guard let records = try? ReplayTransport.decode(bytes) else { return 0 }
    let replay = ReplayTransport(records: records)
    for record in records.prefix(64) {
        _ = try? record.replayOutcome()
        guard let cdbBytes = [UInt8](hexString: record.cdb), (6...16).contains(cdbBytes.count) else { continue }
        let transfer: DataTransfer
        switch record.direction {
        case "in": transfer = .fromDevice(allocationLength: max(0, min(record.length, 1 << 20)))
        case "out": transfer = .toDevice([UInt8]([UInt8](hexString: record.dataOut ?? "") ?? []))
        default: transfer = .none
        }
        _ = try? replay.execute(SCSIRequest(cdb: CDB(cdbBytes), transfer: transfer))
    }
    return 0
}
