// libFuzzer target: sense data (fixed 70h/71h, descriptor 72h/73h) and the sense table lookup.
import SCSI

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSense(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let sense = try? SenseData(bytes: bytes) {
        let entry = SenseTable.entry(for: sense)
        _ = entry.message
        _ = "\(sense)"
    }
    if bytes.count >= 3 {
        _ = SenseTable.entry(key: SenseKey(rawValue: bytes[0]), asc: bytes[1], ascq: bytes[2])
    }
    let reader = ByteReader(bytes)
    _ = try? reader.uint8(at: Int(bytes.first ?? 0))
    return 0
}
